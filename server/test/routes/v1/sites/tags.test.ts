// The tag routes (issue 9): a subject's tags, the batch, the cloud, the subjects carrying a tag, suggestions,
// the caller's own tags, and applying and removing tags, with every kept count checked after each write.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signUserToken } from '../../../../src/services/identity.ts';
import { createSite } from '../../../../src/services/sites.ts';
import { utcDay } from '../../../../src/services/tags.ts';
import { TAGS_CACHE_CONTROL } from '../../../../src/routes/v1/sites/tags.ts';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../../../helpers.ts';
import { assertTagCountsExact } from '../../../tag-helpers.ts';

const S = (text: string) => encodeURIComponent(text);

interface Published {
  siteId: string;
  subject: string;
  type: string;
  data: any;
}

for (const leg of legs()) {
  describe(`tags routes (${leg.name})`, () => {
    const t = useApp(leg);
    const published: Published[] = [];

    before(async () => {
      const live = t.app.live;
      const original = live.publish.bind(live);
      live.publish = async (siteId, subject, type, data) => {
        published.push({ siteId, subject, type, data });
        return original(siteId, subject, type, data);
      };
    });

    const user = (sub: string, site = t.alpha) => t.user(site, sub);
    const moderator = (sub: string) => signUserToken(t.alpha.secret, { sub, name: sub, role: 'moderator' });
    const apply = (token: string, subject: string, payload: unknown, opts: { site?: string; headers?: Record<string, string> } = {}) =>
      t.inject({
        method: 'POST',
        url: `/v1/sites/${opts.site ?? 'alpha'}/tags?subject=${S(subject)}`,
        headers: { ...json, ...bearer(token), ...opts.headers },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    const tag = async (token: string, subject: string, name: string) => {
      const res = await apply(token, subject, { tag: name });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const remove = (token: string, subject: string, name: string, opts: { site?: string; headers?: Record<string, string> } = {}) =>
      t.inject({ method: 'DELETE', url: `/v1/sites/${opts.site ?? 'alpha'}/tags?subject=${S(subject)}&tag=${S(name)}`, headers: { ...bearer(token), ...opts.headers } });
    const read = async (url: string) => {
      const res = await t.inject({ url: `/v1/sites/alpha/${url}` });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };
    /** Every kept count of the site against a recount (tag-helpers.ts), no count row left at 0, and a tag
     * row without uses only when described or restricted; answers the number of taggings. */
    const exactOn = async (siteId: string): Promise<number> => {
      const db = t.store.db;
      await assertTagCountsExact(db, siteId);
      for (const table of ['kind_tags', 'tag_days'] as const) {
        assert.equal((await db.selectFrom(table).select('uses').where('site_id', '=', siteId).where('uses', '<=', 0).execute()).length, 0, `${table} rows at 0`);
      }
      assert.equal((await db.selectFrom('subject_tags').select('count').where('site_id', '=', siteId).where('count', '<=', 0).execute()).length, 0, 'subject_tags rows at 0');
      const unused = await db.selectFrom('tags').select(['key', 'description', 'restricted']).where('site_id', '=', siteId).where('uses', '<=', 0).execute();
      for (const tag of unused) assert.ok(tag.description !== null || Number(tag.restricted) === 1, `tag ${tag.key} without uses stayed`);
      const { taggings } = await db.selectFrom('taggings').select((eb) => eb.fn.countAll().as('taggings')).where('site_id', '=', siteId).executeTakeFirstOrThrow();
      return Number(taggings);
    };
    const exact = () => exactOn('alpha');
    const tc = (tag: string, count: number, key = tag.toLowerCase()) => ({ tag, key, count });
    const insertTag = (key: string, extra: { restricted?: number; description?: string } = {}) =>
      t.store.db.insertInto('tags').values({ site_id: 'alpha', key, display: key, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), ...extra }).execute();

    describe('POST and DELETE /tags', () => {
      it('applies, reads and removes tags with every count exact after each step', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        let body = await tag(alice, 'contact/1', '  Key   Account ');
        assert.deepEqual(body, { subject: 'contact/1', applied: 'key account', items: [tc('Key Account', 1)], mine: ['key account'] });
        assert.equal(await exact(), 1);
        // The same tag in another case is the same tag, shown as it was first written.
        body = await tag(bob, 'contact/1', 'KEY ACCOUNT');
        assert.deepEqual(body.items, [tc('Key Account', 2)]);
        assert.deepEqual(body.mine, ['key account']);
        assert.equal(await exact(), 2);
        await tag(bob, 'contact/1', 'vip');
        await tag(bob, 'contact/2', 'vip');
        await tag(alice, 'deal/7', 'vip');
        assert.equal(await exact(), 5);
        assert.deepEqual(await read('tags?subject=contact%2F1'), { subject: 'contact/1', items: [tc('Key Account', 2), tc('vip', 1)] });
        const mine = await t.inject({ url: '/v1/sites/alpha/tags/mine?subject=contact%2F1', headers: bearer(bob) });
        assert.equal(mine.statusCode, 200);
        assert.equal(mine.headers['cache-control'], 'private, no-store');
        assert.deepEqual(mine.json(), { subject: 'contact/1', tags: ['key account', 'vip'] });

        const res = await remove(bob, 'contact/1', 'Key Account');
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['cache-control'], 'private, no-store');
        assert.deepEqual(res.json(), { subject: 'contact/1', applied: 'key account', items: [tc('Key Account', 1), tc('vip', 1)], mine: ['vip'] });
        assert.equal(await exact(), 4);
        await remove(alice, 'contact/1', 'key account');
        assert.equal(await exact(), 3);
        // The last use gone, the tag itself goes (no description, not restricted).
        const row = await t.store.db.selectFrom('tags').select('key').where('site_id', '=', 'alpha').where('key', '=', 'key account').executeTakeFirst();
        assert.equal(row, undefined);
        assert.deepEqual(await read('tags?subject=contact%2F1'), { subject: 'contact/1', items: [tc('vip', 1)] });
        const day = await t.store.db.selectFrom('tag_days').select(['day', 'uses']).where('site_id', '=', 'alpha').where('tag_key', '=', 'vip').executeTakeFirstOrThrow();
        assert.deepEqual([Number(day.day), Number(day.uses)], [utcDay(new Date()), 3]);
      });

      it('changes nothing when a tag is applied twice or a tag one did not apply is removed', async () => {
        const carol = await user('carol');
        const first = await tag(carol, 'repeat/1', 'twice');
        const events = published.length;
        assert.deepEqual(await tag(carol, 'repeat/1', 'Twice'), first);
        assert.equal(published.length, events, 'a repeat announces nothing');
        const before = await exact();
        const noop = await remove(carol, 'repeat/1', 'never applied');
        assert.equal(noop.statusCode, 200);
        assert.deepEqual(noop.json(), { subject: 'repeat/1', applied: 'never applied', items: [tc('twice', 1)], mine: ['twice'] });
        // Someone else's tag is not the caller's to remove.
        const other = await remove(await user('dave'), 'repeat/1', 'twice');
        assert.deepEqual(other.json().items, [tc('twice', 1)]);
        assert.deepEqual(other.json().mine, []);
        assert.equal(await exact(), before);
        assert.equal(published.length, events, 'no-op removals announce nothing');
      });

      it('honours Idempotency-Key: a repeat replays the first answer, another request under the key is 422', async () => {
        const erin = await user('erin');
        const headers = { 'idempotency-key': 'tag-once-1' };
        const first = await apply(erin, 'idem/1', { tag: 'once' }, { headers });
        assert.equal(first.statusCode, 200);
        const events = published.length;
        const again = await apply(erin, 'idem/1', { tag: 'once' }, { headers });
        assert.equal(again.statusCode, 200);
        assert.equal(again.headers['idempotent-replayed'], 'true');
        assert.deepEqual(again.json(), first.json());
        assert.equal(published.length, events);
        const reused = await apply(erin, 'idem/1', { tag: 'other' }, { headers });
        assert.equal(reused.statusCode, 422);
        assert.equal(reused.json().error.code, 'idempotency_key_reused');
        const removed = await remove(erin, 'idem/1', 'once', { headers: { 'idempotency-key': 'untag-once-1' } });
        assert.deepEqual(removed.json().items, []);
        assert.equal((await remove(erin, 'idem/1', 'once', { headers: { 'idempotency-key': 'untag-once-1' } })).headers['idempotent-replayed'], 'true');
        await exact();
      });

      it('publishes { subject, items } as a tags event on each write that changed something', async () => {
        const frank = await user('frank');
        const from = published.length;
        await tag(frank, 'live/1', 'hot');
        await remove(frank, 'live/1', 'hot');
        assert.deepEqual(published.slice(from), [
          { siteId: 'alpha', subject: 'live/1', type: 'tags', data: { subject: 'live/1', items: [tc('hot', 1)] } },
          { siteId: 'alpha', subject: 'live/1', type: 'tags', data: { subject: 'live/1', items: [] } },
        ]);
        const events = await t.app.live.since('alpha', ['live/1'], 0);
        assert.ok(Array.isArray(events));
        assert.deepEqual(events.map((event) => [event.type, event.data]), [
          ['tags', { subject: 'live/1', items: [tc('hot', 1)] }],
          ['tags', { subject: 'live/1', items: [] }],
        ]);
      });

      it('refuses bad tags with 400 invalid_tag and its reason, and writes nothing', async () => {
        const gina = await user('gina');
        const before = await exact();
        const cases: Array<[unknown, string]> = [
          ['', 'empty'],
          ['   \u00a0 ', 'empty'],
          ['x'.repeat(41), 'too_long'],
          ['a\tb', 'control_characters'],
          ['a\u2028b', 'control_characters'],
          ['a\ud800', 'lone_surrogate'],
          ['\udc00b', 'lone_surrogate'],
          ['crm, sales', 'comma'],
        ];
        for (const [name, reason] of cases) {
          const res = await apply(gina, 'bad/1', { tag: name });
          assert.equal(res.statusCode, 400, JSON.stringify(name));
          assert.equal(res.json().error.code, 'invalid_tag', JSON.stringify(name));
          assert.equal(res.json().error.details.reason, reason, JSON.stringify(name));
          assert.equal(typeof res.json().error.details.tag, 'string');
        }
        assert.match((await apply(gina, 'bad/1', { tag: 'x'.repeat(52) })).json().error.message, /at most 40 characters \(this one has 52\)/);
        assert.equal((await remove(gina, 'bad/1', 'a,b')).json().error.details.reason, 'comma');
        assert.equal((await remove(gina, 'bad/1', '')).json().error.details.reason, 'empty');
        assert.equal(await exact(), before);
        assert.equal((await read('tags?subject=bad%2F1')).items.length, 0);
      });

      it('refuses wrong types, unknown fields, oversize input, bad JSON and bad subjects with 4xx', async () => {
        const hank = await user('hank');
        const before = await exact();
        for (const payload of [{ tag: 5 }, { tag: null }, { tag: ['a'] }, {}, { tag: 'a', extra: 1 }, ['a'], 'null', '"a"', { tag: 'x'.repeat(1001) }]) {
          const res = await apply(hank, 'types/1', payload);
          assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60));
          assert.equal(res.json().error.code, 'validation_failed', JSON.stringify(payload).slice(0, 60));
        }
        assert.equal((await apply(hank, 'types/1', '{"tag":')).json().error.code, 'invalid_json');
        const wrongType = await t.inject({ method: 'POST', url: '/v1/sites/alpha/tags?subject=types%2F1', headers: { ...bearer(hank), 'content-type': 'text/plain' }, payload: 'crm' });
        assert.equal(wrongType.statusCode, 415);
        for (const url of ['/v1/sites/alpha/tags', '/v1/sites/alpha/tags?subject=', `/v1/sites/alpha/tags?subject=${'x'.repeat(513)}`, `/v1/sites/alpha/tags?subject=${S('€'.repeat(400))}`, '/v1/sites/alpha/tags?subject=a%00b', '/v1/sites/alpha/tags?subject=a&subject=b', '/v1/sites/alpha/tags?subject=a&x=1']) {
          const res = await t.inject({ method: 'POST', url, headers: { ...json, ...bearer(hank) }, payload: JSON.stringify({ tag: 'ok' }) });
          assert.equal(res.statusCode, 400, url);
          assert.equal(res.json().error.code, 'validation_failed', url);
        }
        for (const query of ['subject=a', 'tag=a', 'subject=a&tag=b&x=1', `subject=a&tag=${'x'.repeat(1001)}`, 'subject=a&tag=b&tag=c']) {
          const res = await t.inject({ method: 'DELETE', url: `/v1/sites/alpha/tags?${query}`, headers: bearer(hank) });
          assert.equal(res.statusCode, 400, query);
          assert.equal(res.json().error.code, 'validation_failed', query);
        }
        assert.equal(await exact(), before);
      });

      it('needs a user or visitor token of this site: none, bad, another site\'s, an API key', async () => {
        const noToken = await t.inject({ method: 'POST', url: '/v1/sites/alpha/tags?subject=auth%2F1', headers: json, payload: JSON.stringify({ tag: 'a' }) });
        assert.equal(noToken.statusCode, 401);
        assert.equal((await apply('not-a-token', 'auth/1', { tag: 'a' })).statusCode, 401);
        assert.equal((await apply(await user('ivan', t.beta), 'auth/1', { tag: 'a' })).statusCode, 401, "beta's token on alpha");
        const key = await apply(t.alphaKey, 'auth/1', { tag: 'a' });
        assert.equal(key.statusCode, 403);
        const betaKey = await apply(t.betaKey, 'auth/1', { tag: 'a' });
        assert.deepEqual([betaKey.statusCode, betaKey.json().error.code], [403, 'forbidden'], "beta's API key on alpha");
        assert.equal((await remove(t.alphaKey, 'auth/1', 'a')).statusCode, 403);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/mine?subject=auth%2F1' })).statusCode, 401);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/mine?subject=auth%2F1', headers: bearer(t.alphaKey) })).statusCode, 403);
        assert.equal((await read('tags?subject=auth%2F1')).items.length, 0);
      });

      it('lets guests tag where guests may rate, refuses them on a members-only site, and lets them remove', async () => {
        const guest = await t.guest(t.alpha);
        const body = await tag(guest, 'guest/1', 'guest tag');
        assert.deepEqual(body.mine, ['guest tag']);
        const betaGuest = await t.guest(t.beta);
        const refused = await apply(betaGuest, 'guest/1', { tag: 'guest tag' }, { site: 'beta' });
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.json().error.code, 'guests_not_allowed');
        const removal = await remove(betaGuest, 'guest/1', 'guest tag', { site: 'beta' });
        assert.equal(removal.statusCode, 200);
        const member = await apply(await user('jane', t.beta), 'guest/1', { tag: 'beta tag' }, { site: 'beta' });
        assert.equal(member.statusCode, 200);
        // Sites are apart.
        assert.deepEqual((await t.inject({ url: '/v1/sites/beta/tags?subject=guest%2F1' })).json().items, [tc('beta tag', 1)]);
        assert.deepEqual((await read('tags?subject=guest%2F1')).items, [tc('guest tag', 1)]);
        await exact();
        await exactOn('beta');
      });

      it('refuses a restricted tag to everyone but a moderator, and keeps the tag when its last use goes', async () => {
        await insertTag('approved', { restricted: 1 });
        const before = await exact();
        for (const token of [await user('kim'), await t.guest(t.alpha)]) {
          const res = await apply(token, 'restricted/1', { tag: 'Approved' });
          assert.equal(res.statusCode, 403);
          assert.equal(res.json().error.code, 'tag_restricted');
        }
        assert.equal(await exact(), before);
        const mod = await moderator('mod');
        assert.deepEqual((await tag(mod, 'restricted/1', 'APPROVED')).items, [tc('approved', 1)]);
        assert.equal(await exact(), before + 1);
        await remove(mod, 'restricted/1', 'approved');
        const row = await t.store.db.selectFrom('tags').select(['uses', 'subjects', 'restricted']).where('site_id', '=', 'alpha').where('key', '=', 'approved').executeTakeFirstOrThrow();
        assert.deepEqual([Number(row.uses), Number(row.subjects), Number(row.restricted)], [0, 0, 1]);
        assert.equal(await exact(), before);
      });

      it('applies a synonym as its target, says so, and removes it by either name', async () => {
        await tag(await user('leo'), 'syn/0', 'JavaScript');
        await t.store.db.insertInto('tag_synonyms').values({ site_id: 'alpha', from_key: 'js', to_key: 'javascript', created_at: new Date().toISOString() }).execute();
        const mia = await user('mia');
        const body = await tag(mia, 'syn/1', 'JS');
        assert.deepEqual(body, { subject: 'syn/1', applied: 'javascript', items: [tc('JavaScript', 1)], mine: ['javascript'] });
        assert.equal(await t.store.db.selectFrom('tags').select('key').where('site_id', '=', 'alpha').where('key', '=', 'js').executeTakeFirst(), undefined);
        await exact();
        const removed = await remove(mia, 'syn/1', 'js');
        assert.deepEqual(removed.json(), { subject: 'syn/1', applied: 'javascript', items: [], mine: [] });
        await tag(mia, 'syn/1', 'js');
        assert.deepEqual((await remove(mia, 'syn/1', 'JavaScript')).json().mine, []);
        await exact();
      });

      it('keeps every count exact under concurrent writers of one tag and of several (no deadlock)', async () => {
        const tokens = await Promise.all(Array.from({ length: 24 }, (_, i) => user(`racer-${i}`)));
        // The tag's display form is its first writer's: 'race' is written once before the race, so which of
        // 'race' and 'RACE' lands first below does not decide it (r0…r3 are still made by racing writers).
        await apply(tokens[0]!, 'race/0', { tag: 'race' });
        await Promise.all(tokens.flatMap((token, i) => [apply(token, `race/${i % 3}`, { tag: 'race' }), apply(token, `race/${i % 3}`, { tag: 'RACE' }), apply(token, 'race/x', { tag: `r${i % 4}` })]));
        await exact();
        assert.deepEqual((await read('tags?subject=race%2F0')).items, [tc('race', 8)]);
        const results = await Promise.all(
          tokens.flatMap((token, i) => [remove(token, `race/${i % 3}`, 'race'), apply(token, `race/${(i + 1) % 3}`, { tag: 'race' }), remove(token, 'race/x', `r${i % 4}`), apply(token, 'race/y', { tag: `r${(i + 1) % 4}` })]),
        );
        for (const res of results) assert.equal(res.statusCode, 200, res.body);
        await exact();
        assert.deepEqual((await read('tags?subject=race%2Fx')).items, []);
        assert.equal((await read('tags/subjects?tag=race')).items.reduce((sum: number, item: { count: number }) => sum + item.count, 0), 24);
      });
      it('applies the target when a merge makes the tag a synonym while the write waits for it (PostgreSQL)', { skip: leg.name !== 'postgres' && 'SQLite runs one write at a time' }, async () => {
        await tag(await user('merger'), 'merge/0', 'merged into');
        await insertTag('merged away', { description: 'about to be merged' });
        // A steward's transaction holds the row of "merged away" while the write arrives, then merges it.
        const waiting = await t.store.db.transaction().execute(async (trx) => {
          await trx.selectFrom('tags').select('key').where('site_id', '=', 'alpha').where('key', '=', 'merged away').forUpdate().execute();
          const write = apply(await user('late'), 'merge/1', { tag: 'Merged Away' });
          await new Promise((resolve) => setTimeout(resolve, 200));
          await trx.deleteFrom('tags').where('site_id', '=', 'alpha').where('key', '=', 'merged away').execute();
          await trx.insertInto('tag_synonyms').values({ site_id: 'alpha', from_key: 'merged away', to_key: 'merged into', created_at: new Date().toISOString() }).execute();
          return { write };
        });
        const res = await waiting.write;
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().applied, 'merged into');
        assert.equal(await t.store.db.selectFrom('tags').select('key').where('site_id', '=', 'alpha').where('key', '=', 'merged away').executeTakeFirst(), undefined);
        await exact();
      });

      it('applies a tag while its last use is being removed (the tag row goes and comes back)', async () => {
        const [leaver, joiner] = await Promise.all([user('leaver'), user('joiner')]);
        for (let round = 0; round < 15; round++) {
          await tag(leaver, 'churn/1', 'churn');
          const results = await Promise.all([remove(leaver, 'churn/1', 'churn'), apply(joiner, 'churn/2', { tag: 'churn' })]);
          for (const res of results) assert.equal(res.statusCode, 200, res.body);
          await exact();
          assert.equal((await remove(joiner, 'churn/2', 'churn')).statusCode, 200);
        }
        await exact();
      });
    });

    describe('GET /tags, /tags/mine', () => {
      it('is cacheable with an ETag: 304 when unchanged, 200 with a new tag after a write', async () => {
        const first = await t.inject({ url: '/v1/sites/alpha/tags?subject=etag%2F1' });
        assert.equal(first.headers['cache-control'], TAGS_CACHE_CONTROL);
        assert.equal(TAGS_CACHE_CONTROL, 'public, max-age=5, stale-while-revalidate=60');
        const etag = String(first.headers.etag);
        assert.match(etag, /^W\/"[\w-]{27}"$/);
        const cached = await t.inject({ url: '/v1/sites/alpha/tags?subject=etag%2F1', headers: { 'if-none-match': etag } });
        assert.equal(cached.statusCode, 304);
        assert.equal(cached.body, '');
        await tag(await user('nina'), 'etag/1', 'fresh');
        const changed = await t.inject({ url: '/v1/sites/alpha/tags?subject=etag%2F1', headers: { 'if-none-match': etag } });
        assert.equal(changed.statusCode, 200);
        assert.notEqual(changed.headers.etag, etag);
      });

      it('refuses missing, empty, oversize, control-character subjects and unknown fields; 404s an unknown site', async () => {
        for (const url of ['tags', 'tags?subject=', `tags?subject=${'x'.repeat(513)}`, 'tags?subject=a%01', 'tags?subject=a&more=1', 'tags/mine?subject=a&more=1']) {
          const res = await t.inject({ url: `/v1/sites/alpha/${url}`, headers: bearer(await user('olga')) });
          assert.equal(res.statusCode, 400, url);
        }
        assert.equal((await t.inject({ url: '/v1/sites/nosuch/tags?subject=a' })).statusCode, 404);
        const foreign = await t.inject({ url: '/v1/sites/alpha/tags?subject=a', headers: { origin: 'https://evil.test' } });
        assert.equal(foreign.statusCode, 403);
        const allowed = await t.inject({ url: '/v1/sites/alpha/tags?subject=a', headers: { origin: ALPHA_ORIGIN } });
        assert.equal(allowed.statusCode, 200);
      });
    });

    describe('GET /tags/batch', () => {
      it('answers the top 10 tags and the total of each distinct subject, in first-seen order', async () => {
        const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => user(`batcher-${i}`)));
        // batch/1 gets 12 tags; tag bN is applied by N + 1 people.
        for (let n = 0; n < 12; n++) for (const token of tokens.slice(0, n + 1)) await tag(token, 'batch/1', `b${String(n).padStart(2, '0')}`);
        await tag(tokens[0]!, 'batch/2', 'solo');
        const body = await read('tags/batch?subject=batch%2F2&subject=batch%2F1&subject=batch%2Fnone&subject=batch%2F2');
        assert.deepEqual(body.items.map((item: { subject: string }) => item.subject), ['batch/2', 'batch/1', 'batch/none']);
        assert.deepEqual(body.items[0], { subject: 'batch/2', items: [tc('solo', 1)], total: 1 });
        assert.equal(body.items[1].total, 12);
        assert.deepEqual(body.items[1].items.map((item: { key: string }) => item.key), ['b11', 'b10', 'b09', 'b08', 'b07', 'b06', 'b05', 'b04', 'b03', 'b02']);
        assert.deepEqual(body.items[1].items[0], tc('b11', 12));
        assert.deepEqual(body.items[2], { subject: 'batch/none', items: [], total: 0 });
        // The batch says what the single read says, cut to 10.
        assert.deepEqual(body.items[1].items, (await read('tags?subject=batch%2F1')).items.slice(0, 10));
        await exact();
      });

      it('takes one subject= as a list of one, answers 304 to its ETag, and refuses bad lists', async () => {
        assert.deepEqual(await read('tags/batch?subject=one'), { items: [{ subject: 'one', items: [], total: 0 }] });
        const first = await t.inject({ url: '/v1/sites/alpha/tags/batch?subject=one&subject=two' });
        assert.equal(first.headers['cache-control'], TAGS_CACHE_CONTROL);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/batch?subject=one&subject=two', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304);
        const many = Array.from({ length: 201 }, (_, i) => `subject=s${i}`).join('&');
        for (const query of ['', 'subject=', 'subject=a&extra=1', many, 'subject=a%00', `subject=${S('€'.repeat(400))}`]) {
          const res = await t.inject({ url: `/v1/sites/alpha/tags/batch?${query}` });
          assert.equal(res.statusCode, 400, query.slice(0, 40));
          assert.equal(res.json().error.code, 'validation_failed');
        }
        assert.equal((await t.inject({ url: `/v1/sites/alpha/tags/batch?${Array.from({ length: 200 }, (_, i) => `subject=s${i}`).join('&')}` })).statusCode, 200);
      });
    });

    describe('GET /tags/cloud', () => {
      before(async () => {
        const cloudy = await createSite(t.store.db, { id: 'cloudy', name: 'Cloudy', origins: ['*'] });
        const tokens = await Promise.all(Array.from({ length: 5 }, (_, i) => t.user(cloudy, `clouder-${i}`)));
        const put = async (token: string, subject: string, name: string) => {
          const res = await apply(token, subject, { tag: name }, { site: 'cloudy' });
          assert.equal(res.statusCode, 200, res.body);
        };
        // On a site of its own, so the other tests do not move these figures: crm 5 uses (4 on product/),
        // Zebra 3 (all on doc/), alpha 2 (product/), solo 1 (no kind).
        for (const token of tokens.slice(0, 4)) await put(token, 'product/1', 'crm');
        await put(tokens[4]!, 'doc/1', 'crm');
        for (const [i, token] of tokens.slice(0, 3).entries()) await put(token, `doc/${i % 2}`, 'Zebra');
        await put(tokens[0]!, 'product/2', 'alpha');
        await put(tokens[1]!, 'product/3', 'alpha');
        await put(tokens[0]!, 'plain', 'solo');
        await exactOn('cloudy');
      });
      const cloud = async (query = '') => {
        const res = await t.inject({ url: `/v1/sites/cloudy/tags/cloud${query}` });
        assert.equal(res.statusCode, 200, res.body);
        return res.json();
      };

      it('answers the most used tags, or the same sorted by key, capped by limit', async () => {
        assert.deepEqual(await cloud(), { scope: null, items: [tc('crm', 5), tc('Zebra', 3), tc('alpha', 2), tc('solo', 1)] });
        assert.deepEqual(await cloud('?limit=2'), { scope: null, items: [tc('crm', 5), tc('Zebra', 3)] });
        assert.deepEqual(await cloud('?limit=3&order=alpha'), { scope: null, items: [tc('alpha', 2), tc('crm', 5), tc('Zebra', 3)] });
        assert.deepEqual((await cloud('?order=popular')).items.length, 4);
      });

      it('counts only uses on a kind\'s subjects within a scope', async () => {
        assert.deepEqual(await cloud('?scope=product%2F'), { scope: 'product/', items: [tc('crm', 4), tc('alpha', 2)] });
        assert.deepEqual(await cloud('?scope=doc%2F&order=alpha'), { scope: 'doc/', items: [tc('crm', 1), tc('Zebra', 3)] });
        assert.deepEqual(await cloud('?scope=none%2F'), { scope: 'none/', items: [] });
      });

      it('is cacheable and refuses a bad limit, scope, order or unknown field', async () => {
        const first = await t.inject({ url: '/v1/sites/cloudy/tags/cloud' });
        assert.equal(first.headers['cache-control'], TAGS_CACHE_CONTROL);
        assert.equal((await t.inject({ url: '/v1/sites/cloudy/tags/cloud', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304);
        for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=', 'scope=product', 'scope=product%2F1', 'scope=%2F', 'scope=', 'scope=a%2Fb%2F', 'scope=a%01%2F', 'order=new', 'x=1', 'limit=1&limit=2']) {
          const res = await t.inject({ url: `/v1/sites/cloudy/tags/cloud?${query}` });
          assert.equal(res.statusCode, 400, query);
          assert.equal(res.json().error.code, 'validation_failed', query);
        }
        assert.equal((await t.inject({ url: '/v1/sites/cloudy/tags/cloud?limit=200' })).statusCode, 200);
      });
    });

    describe('GET /tags/subjects', () => {
      it('pages the subjects carrying a tag, most-tagged first, with a cursor', async () => {
        const tokens = await Promise.all(Array.from({ length: 4 }, (_, i) => user(`pager-${i}`)));
        // page/a 4 people, page/b and page/c 3, page/d 2, page/e 1, page/f 1.
        const counts: Record<string, number> = { 'page/c': 3, 'page/a': 4, 'page/f': 1, 'page/b': 3, 'page/e': 1, 'page/d': 2 };
        for (const [subject, count] of Object.entries(counts)) for (const token of tokens.slice(0, count)) await tag(token, subject, 'Paged');
        const seen: Array<{ subject: string; count: number; title: null }> = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const body: any = await read(`tags/subjects?tag=PAGED&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
          assert.deepEqual(body.tag, tc('Paged', 14));
          seen.push(...body.items);
          cursor = body.nextCursor;
          pages++;
        } while (cursor);
        assert.equal(pages, 2);
        assert.deepEqual(seen, [
          { subject: 'page/a', count: 4, title: null },
          { subject: 'page/b', count: 3, title: null },
          { subject: 'page/c', count: 3, title: null },
          { subject: 'page/d', count: 2, title: null },
          { subject: 'page/e', count: 1, title: null },
          { subject: 'page/f', count: 1, title: null },
        ]);
        const exactPage = await read('tags/subjects?tag=paged&limit=6');
        assert.equal(exactPage.nextCursor, null);
        assert.equal((await read('tags/subjects?tag=paged')).items.length, 6);
      });

      it('answers tag null for an unknown tag, resolves a synonym, and refuses bad input', async () => {
        assert.deepEqual(await read('tags/subjects?tag=nobody%20used%20this'), { tag: null, items: [], nextCursor: null });
        await t.store.db.insertInto('tag_synonyms').values({ site_id: 'alpha', from_key: 'pgd', to_key: 'paged', created_at: new Date().toISOString() }).execute();
        assert.equal((await read('tags/subjects?tag=PGD&limit=1')).tag.key, 'paged');
        const first = await t.inject({ url: '/v1/sites/alpha/tags/subjects?tag=paged' });
        assert.equal(first.headers['cache-control'], TAGS_CACHE_CONTROL);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/subjects?tag=paged', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304);
        const invalid = await t.inject({ url: '/v1/sites/alpha/tags/subjects?tag=a%2Cb' });
        assert.equal(invalid.statusCode, 400);
        assert.deepEqual(invalid.json().error.details, { reason: 'comma', tag: 'a,b' });
        const bogus = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
        for (const query of ['', 'tag=', 'tag=a&limit=0', 'tag=a&limit=101', 'tag=a&cursor=', 'tag=a&cursor=%24%24', `tag=a&cursor=${bogus}`, 'tag=a&cursor=bm90anNvbg', 'tag=a&x=1']) {
          const res = await t.inject({ url: `/v1/sites/alpha/tags/subjects?${query}` });
          assert.equal(res.statusCode, 400, query);
        }
      });
    });

    describe('GET /tags/suggest', () => {
      it('suggests tags starting with the prefix, most used first, synonyms\' targets once, restricted ones too', async () => {
        const tokens = await Promise.all(Array.from({ length: 3 }, (_, i) => user(`suggester-${i}`)));
        for (const token of tokens) await tag(token, 'sug/1', 'Suggest Three');
        for (const token of tokens.slice(0, 2)) await tag(token, 'sug/1', 'suggest two');
        await tag(tokens[0]!, 'sug/1', 'SUGGEST one');
        await insertTag('suggest restricted', { restricted: 1 });
        const body = await read('tags/suggest?prefix=%20SUG');
        assert.deepEqual(body, {
          prefix: ' SUG',
          items: [tc('Suggest Three', 3), tc('suggest two', 2), tc('SUGGEST one', 1, 'suggest one'), tc('suggest restricted', 0)],
        });
        assert.deepEqual((await read('tags/suggest?prefix=suggest%20t&limit=1')).items, [tc('Suggest Three', 3)]);
        // A synonym that starts with the prefix suggests its target, once.
        await t.store.db.insertInto('tag_synonyms').values({ site_id: 'alpha', from_key: 'zz-three', to_key: 'suggest three', created_at: new Date().toISOString() }).execute();
        await t.store.db.insertInto('tag_synonyms').values({ site_id: 'alpha', from_key: 'zz-3', to_key: 'suggest three', created_at: new Date().toISOString() }).execute();
        assert.deepEqual((await read('tags/suggest?prefix=ZZ')).items, [tc('Suggest Three', 3)]);
        assert.deepEqual((await read('tags/suggest?prefix=nothing%20starts%20so')).items, []);
      });

      it('suggests the most used tags for an empty prefix, is cacheable, and refuses bad input', async () => {
        const body = await read('tags/suggest?limit=3');
        assert.equal(body.prefix, '');
        assert.equal(body.items.length, 3);
        const top = (await t.store.db.selectFrom('tags').select('uses').where('site_id', '=', 'alpha').orderBy('uses', 'desc').limit(1).executeTakeFirstOrThrow()).uses;
        assert.equal(body.items[0].count, Number(top));
        assert.deepEqual((await read('tags/suggest?prefix=')).items.length, 10);
        const first = await t.inject({ url: '/v1/sites/alpha/tags/suggest?prefix=s' });
        assert.equal(first.headers['cache-control'], TAGS_CACHE_CONTROL);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/suggest?prefix=s', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/suggest?prefix=a%2Cb' })).json().error.code, 'invalid_tag');
        assert.equal((await t.inject({ url: `/v1/sites/alpha/tags/suggest?prefix=${'x'.repeat(41)}` })).json().error.details.reason, 'too_long');
        for (const query of ['limit=0', 'limit=abc', 'x=1', `prefix=${'x'.repeat(1001)}`, 'prefix=a&prefix=b']) {
          assert.equal((await t.inject({ url: `/v1/sites/alpha/tags/suggest?${query}` })).statusCode, 400, query);
        }
      });
    });
  });
}
