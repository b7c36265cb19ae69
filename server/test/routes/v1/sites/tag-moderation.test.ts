// Issue 9: tag stewardship by moderators: merge (backward, irreversible, one tagging per person kept) against
// synonyms (forward, reversible, refused over a tag in use), rename, delete, restricted tags, descriptions
// and the audit log; API keys and moderator-role user tokens may, nobody else may; every kept count equals a
// recount after every step, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signUserToken } from '../../../../src/services/identity.ts';
import { resolveSynonym } from '../../../../src/services/tags.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';
import { assertTagCountsExact, seedTagging } from '../../../tag-helpers.ts';

for (const leg of legs()) {
  describe(`tag stewardship (${leg.name})`, () => {
    const t = useApp(leg);
    let moderator: string;
    before(async () => {
      moderator = await signUserToken(t.alpha.secret, { sub: 'mod', name: 'Mod', role: 'moderator' });
    });

    const seed = (subject: string, tag: string, who: string) => seedTagging(t.store.db, 'alpha', subject, tag, `user:${who}`);
    const exact = () => assertTagCountsExact(t.store.db, 'alpha');
    const send = (method: 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown, credential: string | null = t.alphaKey) =>
      t.inject({
        method,
        url: `/v1/sites/alpha/tags/moderation/${path}`,
        headers: { ...(payload === undefined ? {} : json), ...(credential ? bearer(credential) : {}) },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
    const ok = async (method: 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown, credential?: string) => {
      const res = await send(method, path, payload, credential);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      await exact();
      return res.json();
    };
    const refused = async (status: number, code: string, method: 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown) => {
      const res = await send(method, path, payload);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().error.code, code);
      await exact();
      return res.json().error;
    };
    const page = async (tag: string) => t.inject({ url: `/v1/sites/alpha/tags/page?tag=${encodeURIComponent(tag)}` });
    const taggingsOf = async (key: string) =>
      (await t.store.db.selectFrom('taggings').select(['subject', 'principal']).where('site_id', '=', 'alpha').where('tag_key', '=', key).orderBy('subject').orderBy('principal').execute()).map(
        (row) => `${row.subject} ${row.principal}`,
      );
    /** A person applies a tag through the tagging route (routes/v1/sites/tags.ts). */
    const apply = (token: string, subject: string, tag: string) =>
      t.inject({ method: 'POST', url: `/v1/sites/alpha/tags?subject=${encodeURIComponent(subject)}`, headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ tag }) });
    const log = async (query = '', credential = t.alphaKey) => {
      const res = await t.inject({ url: `/v1/sites/alpha/tags/moderation/log${query}`, headers: bearer(credential) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    it('refuses callers without a credential, plain users, visitors and other sites; allows the key and moderators', async () => {
      await seed('doc/1', 'draft', 'ann');
      const body = { tag: 'draft', description: 'Not final yet' };
      assert.equal((await send('PUT', 'description', body, null)).statusCode, 401);
      assert.equal((await send('PUT', 'description', body, 'kith_sk_notakey')).statusCode, 401);
      assert.equal((await send('PUT', 'description', body, await t.user(t.alpha, 'plain'))).statusCode, 403);
      assert.equal((await send('PUT', 'description', body, await t.guest(t.alpha))).statusCode, 403);
      const otherSite = await send('PUT', 'description', body, t.betaKey);
      assert.ok([401, 403].includes(otherSite.statusCode), otherSite.body);
      const otherModerator = await signUserToken(t.beta.secret, { sub: 'mod', name: 'Mod', role: 'moderator' });
      assert.equal((await send('PUT', 'description', body, otherModerator)).statusCode, 401);
      const plain = await t.user(t.alpha, 'plain');
      assert.equal((await send('POST', 'rename', { from: 'draft', to: 'x' }, plain)).statusCode, 403);
      assert.equal((await send('POST', 'merge', { from: 'draft', into: 'x' }, plain)).statusCode, 403);
      assert.equal((await send('PUT', 'restricted', { tag: 'draft', restricted: true }, plain)).statusCode, 403);
      assert.equal((await send('PUT', 'synonyms', { from: 'x', to: 'draft' }, plain)).statusCode, 403);
      assert.equal((await send('DELETE', 'synonyms?from=x', undefined, plain)).statusCode, 403);
      assert.equal((await send('DELETE', 'tag?tag=draft', undefined, plain)).statusCode, 403);
      assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/moderation/log', headers: bearer(plain) })).statusCode, 403);
      assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/moderation/log' })).statusCode, 401);
      assert.equal((await page('draft')).json().description, null, 'nothing refused changed anything');

      assert.equal((await ok('PUT', 'description', body, moderator)).description, 'Not final yet');
      assert.equal((await ok('PUT', 'description', { tag: 'DRAFT', description: '  ' })).description, null);
      const entries = (await log()).items;
      assert.deepEqual(entries.slice(0, 2).map((e: any) => [e.action, e.actor.split(':')[0], e.detail]), [
        ['describe', 'key', { tag: 'draft', description: null }],
        ['describe', 'user', { tag: 'draft', description: 'Not final yet' }],
      ]);
      assert.equal(entries[1].actor, 'user:mod');
    });

    it('merges backward: every subject keeps its tagging, one per person, counts recomputed, and the old tag becomes a synonym', async () => {
      await seed('product/1', 'JS', 'ann');
      await seed('product/1', 'js', 'bob');
      await seed('product/1', 'JavaScript', 'ann'); // ann had both: she keeps one
      await seed('product/2', 'javascript', 'carl');
      await seed('doc/3', 'js', 'dan');
      await seed('doc/3', 'node', 'dan');
      await exact();

      const merged = await ok('POST', 'merge', { from: ' JS ', into: 'JavaScript' });
      assert.deepEqual(
        { tag: merged.tag, key: merged.key, count: merged.count, subjects: merged.subjects, synonyms: merged.synonyms },
        { tag: 'JavaScript', key: 'javascript', count: 4, subjects: 3, synonyms: ['js'] },
      );
      assert.deepEqual(await taggingsOf('javascript'), ['doc/3 user:dan', 'product/1 user:ann', 'product/1 user:bob', 'product/2 user:carl']);
      assert.deepEqual(await taggingsOf('js'), []);
      assert.deepEqual(merged.related, [{ tag: 'node', key: 'node', count: 1 }]);
      // The old name now leads to the tag it was merged into, for pages and for new uses.
      assert.equal((await page('js')).json().key, 'javascript');
      assert.equal(await resolveSynonym(t.store.db, 'alpha', 'js'), 'javascript');
      const entry = (await log()).items[0];
      assert.equal(entry.action, 'merge');
      assert.deepEqual(entry.detail, { from: 'js', fromDisplay: 'JS', into: 'javascript', moved: 2, merged: 1 });
      // Irreversible: js is no tag any more, so it cannot be merged again or renamed.
      const gone = await refused(404, 'tag_not_found', 'POST', 'merge', { from: 'js', into: 'node' });
      assert.match(gone.message, /synonym of "javascript"/);
      await refused(409, 'synonym_loop', 'POST', 'merge', { from: 'javascript', into: 'js' });
    });

    it('merges into a tag that does not exist yet (created) and through a synonym of the target', async () => {
      await seed('ticket/1', 'bug', 'ann');
      await seed('ticket/2', 'bug', 'bob');
      const created = await ok('POST', 'merge', { from: 'bug', into: 'Defect' });
      assert.deepEqual([created.tag, created.count, created.subjects, created.synonyms], ['Defect', 2, 2, ['bug']]);
      await seed('ticket/3', 'issue', 'carl');
      // "bug" is a synonym of "defect": merging into it merges into defect.
      const through = await ok('POST', 'merge', { from: 'issue', into: 'BUG' });
      assert.deepEqual([through.key, through.count, through.synonyms], ['defect', 3, ['bug', 'issue']]);
    });

    it('keeps synonyms forward and reversible, resolves chains, and never lets one hide a tag in use', async () => {
      await seed('product/7', 'TypeScript', 'ann');
      const added = await ok('PUT', 'synonyms', { from: 'ts', to: 'typescript' });
      assert.deepEqual([added.key, added.tag, added.count, added.synonyms], ['typescript', 'TypeScript', 1, ['ts']]);
      assert.equal(await resolveSynonym(t.store.db, 'alpha', 'ts'), 'typescript');
      // A later use of the synonym applies its target.
      const used = await apply(await t.user(t.alpha, 'erin'), 'product/9', 'TS');
      assert.equal(used.statusCode, 200, used.body);
      assert.equal(used.json().applied, 'typescript');
      assert.deepEqual(await taggingsOf('typescript'), ['product/7 user:ann', 'product/9 user:erin']);
      assert.deepEqual(await taggingsOf('ts'), []);
      await exact();
      // A chain: tsx → ts → typescript is stored as tsx → typescript.
      assert.deepEqual((await ok('PUT', 'synonyms', { from: 'tsx', to: 'TS' })).synonyms, ['ts', 'tsx']);
      assert.equal(await resolveSynonym(t.store.db, 'alpha', 'tsx'), 'typescript');
      // A synonym does not touch existing taggings; removing it changes nothing but new uses.
      const removed = await ok('DELETE', 'synonyms?from=TS');
      assert.deepEqual([removed.key, removed.count, removed.synonyms], ['typescript', 2, ['tsx']]);
      assert.equal(await resolveSynonym(t.store.db, 'alpha', 'ts'), 'ts');
      // Reversed: the next use of ts is a tag of its own; what the synonym sent to typescript stays there.
      assert.equal((await apply(await t.user(t.alpha, 'fay'), 'product/9', 'ts')).json().applied, 'ts');
      assert.deepEqual(await taggingsOf('ts'), ['product/9 user:fay']);
      assert.equal((await page('typescript')).json().count, 2);
      await exact();
      await refused(404, 'synonym_not_found', 'DELETE', 'synonyms?from=ts');

      // A tag in use cannot become a synonym (its taggings would be hidden): merge it instead.
      await refused(409, 'tag_in_use', 'PUT', 'synonyms', { from: 'ts', to: 'typescript' });
      await seed('product/8', 'angular', 'bob');
      const inUse = await refused(409, 'tag_in_use', 'PUT', 'synonyms', { from: 'Angular', to: 'typescript' });
      assert.match(inUse.message, /merge/);
      assert.deepEqual(await taggingsOf('angular'), ['product/8 user:bob']);
      await refused(409, 'synonym_loop', 'PUT', 'synonyms', { from: 'typescript', to: 'tsx' });
      await refused(409, 'synonym_loop', 'PUT', 'synonyms', { from: 'ts', to: 'ts' });
      // A described tag nobody uses yet may become a synonym: its empty row gives way.
      await ok('PUT', 'description', { tag: 'ng', description: 'short for angular' });
      assert.deepEqual((await ok('PUT', 'synonyms', { from: 'ng', to: 'angular' })).synonyms, ['ng']);
      const actions = (await log('?limit=6')).items.map((e: any) => e.action);
      assert.deepEqual(actions, ['synonym_add', 'describe', 'synonym_remove', 'synonym_add', 'synonym_add', 'merge']);
    });

    it('renames: display only, or to a new key with every row and synonym following; refuses an existing key', async () => {
      await seed('account/1', 'crm', 'ann');
      await seed('account/2', 'crm', 'bob');
      await seed('account/2', 'sales', 'bob');
      await ok('PUT', 'synonyms', { from: 'customer relationship', to: 'crm' });
      const display = await ok('POST', 'rename', { from: 'crm', to: 'CRM' });
      assert.deepEqual([display.tag, display.key, display.count], ['CRM', 'crm', 2]);
      const renamed = await ok('POST', 'rename', { from: 'crm', to: 'Customers' });
      assert.deepEqual([renamed.tag, renamed.key, renamed.count, renamed.subjects, renamed.synonyms], ['Customers', 'customers', 2, 2, ['customer relationship']]);
      assert.deepEqual(await taggingsOf('customers'), ['account/1 user:ann', 'account/2 user:bob']);
      assert.deepEqual(await taggingsOf('crm'), []);
      assert.equal((await page('crm')).statusCode, 404);
      const exists = await refused(409, 'tag_exists', 'POST', 'rename', { from: 'customers', to: 'SALES' });
      assert.match(exists.message, /merge/);
      await refused(409, 'synonym_exists', 'POST', 'rename', { from: 'sales', to: 'TSX' });
      await refused(404, 'tag_not_found', 'POST', 'rename', { from: 'nothing here', to: 'something' });
      const bad = await refused(400, 'invalid_tag', 'POST', 'rename', { from: 'sales', to: 'a, b' });
      assert.deepEqual(bad.details, { reason: 'comma', tag: 'a, b' });
      assert.deepEqual((await log('?limit=1')).items[0].detail, { from: 'crm', fromDisplay: 'CRM', to: 'customers', toDisplay: 'Customers' });
    });

    it('deletes a tag with its taggings, counts and synonyms', async () => {
      await seed('lead/1', 'spam', 'ann');
      await seed('lead/2', 'spam', 'bob');
      await seed('lead/2', 'hot', 'bob');
      await ok('PUT', 'synonyms', { from: 'junk', to: 'spam' });
      assert.deepEqual(await ok('DELETE', 'tag?tag=SPAM'), { deleted: 'spam' });
      assert.deepEqual(await taggingsOf('spam'), []);
      assert.equal((await page('spam')).statusCode, 404);
      assert.equal(await resolveSynonym(t.store.db, 'alpha', 'junk'), 'junk');
      assert.deepEqual(await taggingsOf('hot'), ['lead/2 user:bob']);
      await refused(404, 'tag_not_found', 'DELETE', 'tag?tag=spam');
      assert.deepEqual((await log('?limit=1')).items[0].detail, { tag: 'spam', display: 'spam', taggings: 2, subjects: 2 });
    });

    it('restricts and unrestricts a tag (creating it when nobody used it yet)', async () => {
      const restricted = await ok('PUT', 'restricted', { tag: 'Approved', restricted: true }, moderator);
      assert.deepEqual([restricted.tag, restricted.restricted, restricted.count], ['Approved', true, 0]);
      assert.equal((await page('approved')).json().restricted, true);
      // Only moderators may apply it: a plain user and a visitor are refused, a moderator is not.
      for (const token of [await t.user(t.alpha, 'plain'), await t.guest(t.alpha)]) {
        const res = await apply(token, 'deal/1', 'approved');
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error.code, 'tag_restricted');
      }
      assert.equal((await page('approved')).json().count, 0);
      const applied = await apply(moderator, 'deal/1', 'APPROVED');
      assert.equal(applied.statusCode, 200, applied.body);
      assert.equal(applied.json().applied, 'approved');
      await exact();
      assert.equal((await ok('PUT', 'restricted', { tag: 'approved', restricted: false })).restricted, false);
      assert.equal((await apply(await t.user(t.alpha, 'plain'), 'deal/2', 'approved')).statusCode, 200);
      assert.deepEqual([(await page('approved')).json().count, (await page('approved')).json().subjects], [2, 2]);
      await exact();
      assert.deepEqual((await log('?limit=2')).items.map((e: any) => [e.action, e.detail.tag]), [['unrestrict', 'approved'], ['restrict', 'approved']]);
    });

    it('refuses bad tags and bodies with 400 and says why', async () => {
      const long = await refused(400, 'invalid_tag', 'PUT', 'restricted', { tag: 'x'.repeat(41), restricted: true });
      assert.equal(long.details.reason, 'too_long');
      assert.equal((await refused(400, 'invalid_tag', 'PUT', 'description', { tag: '   ', description: 'x' })).details.reason, 'empty');
      assert.equal((await refused(400, 'invalid_tag', 'DELETE', 'tag?tag=a%09b')).details.reason, 'control_characters');
      await refused(400, 'validation_failed', 'PUT', 'description', { tag: 'ok', description: 'x'.repeat(501) });
      await refused(400, 'validation_failed', 'PUT', 'restricted', { tag: 'ok', restricted: 'yes' });
      await refused(400, 'validation_failed', 'POST', 'merge', { from: 'a' });
    });

    it('merges while people tag both tags at the same time: nothing fails, nothing is lost, counts stay exact', async () => {
      await seed('race/0', 'colour', 'ann');
      await seed('race/0', 'color', 'bob');
      const people = await Promise.all(Array.from({ length: 12 }, (_, i) => t.user(t.alpha, `racer${i}`)));
      const [merged, ...applied] = await Promise.all([
        send('POST', 'merge', { from: 'colour', into: 'color' }),
        ...people.map((token, i) => apply(token, `race/${i % 4}`, i % 2 ? 'colour' : 'color')),
      ]);
      assert.equal(merged!.statusCode, 200, merged!.body);
      for (const res of applied) assert.equal(res.statusCode, 200, res.body);
      await exact();
      // Every person's tagging ended on color, whether it was written before the merge or waited for it.
      assert.equal((await taggingsOf('color')).length, 14);
      assert.deepEqual(await taggingsOf('colour'), []);
      // After the merge, a new use of colour is one of color.
      assert.equal((await apply(people[0]!, 'race/9', 'Colour')).json().applied, 'color');
      await exact();
    });

    it('pages the log newest first', async () => {
      const first = await log('?limit=2');
      assert.equal(first.items.length, 2);
      assert.ok(first.nextCursor);
      const second = await log(`?limit=2&cursor=${first.nextCursor}`);
      assert.ok(second.items[0].createdAt <= first.items[1].createdAt);
      assert.notEqual(second.items[0].id, first.items[1].id);
      const all = (await log('?limit=100')).items;
      assert.ok(all.every((e: any, i: number) => i === 0 || all[i - 1].createdAt >= e.createdAt));
      assert.ok(all.every((e: any) => e.actor === 'user:mod' || e.actor.startsWith('key:')));
    });
  });
}
