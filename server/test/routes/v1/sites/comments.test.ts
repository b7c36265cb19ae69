// Issue 8: comments: list, thread, counts, mine, create, edit, delete, votes, preview; flood and duplicate
// limits; counts kept exact; live events after the commit (never again on a replay).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { signUserToken } from '../../../../src/services/identity.ts';
import { createSite, type Site } from '../../../../src/services/sites.ts';
import { assertCountsExact } from '../../../comment-helpers.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

const S = (subject: string) => encodeURIComponent(subject);

interface Published {
  siteId: string;
  subject: string;
  type: string;
  data: any;
}

for (const leg of legs()) {
  describe(`comments routes (${leg.name})`, () => {
    const t = useApp(leg);
    /** Guests may comment, post-moderation. */
    let gamma: Site;
    /** Pre-moderation. */
    let delta: Site;
    const published: Published[] = [];

    before(async () => {
      gamma = await createSite(t.store.db, { id: 'gamma', name: 'Gamma', origins: ['*'], policy: { guestsMayComment: true } });
      delta = await createSite(t.store.db, { id: 'delta', name: 'Delta', origins: ['*'], policy: { moderation: 'pre' } });
      const live = t.app.live;
      const original = live.publish.bind(live);
      live.publish = async (siteId, subject, type, data) => {
        published.push({ siteId, subject, type, data });
        return original(siteId, subject, type, data);
      };
    });

    const post = (token: string, subject: string, payload: unknown, opts: { site?: string; headers?: Record<string, string>; remoteAddress?: string } = {}) =>
      t.inject({
        method: 'POST',
        url: `/v1/sites/${opts.site ?? 'alpha'}/comments?subject=${S(subject)}`,
        headers: { ...json, ...bearer(token), ...opts.headers },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
      });
    const created = async (token: string, subject: string, payload: unknown, opts: { site?: string; remoteAddress?: string } = {}) => {
      const res = await post(token, subject, payload, opts);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().comment;
    };
    const list = async (subject: string, query = '', site = 'alpha') => {
      const res = await t.inject({ url: `/v1/sites/${site}/comments?subject=${S(subject)}${query}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const patch = (token: string, id: string, payload: unknown, site = 'alpha') =>
      t.inject({ method: 'PATCH', url: `/v1/sites/${site}/comments/${id}`, headers: { ...json, ...bearer(token) }, payload: JSON.stringify(payload) });
    const del = (token: string, id: string, site = 'alpha') => t.inject({ method: 'DELETE', url: `/v1/sites/${site}/comments/${id}`, headers: bearer(token) });
    const vote = (token: string, id: string, value: unknown, site = 'alpha') =>
      t.inject({ method: 'PUT', url: `/v1/sites/${site}/comments/${id}/vote`, headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ value }) });
    const mine = async (token: string, subject: string, site = 'alpha') => {
      const res = await t.inject({ url: `/v1/sites/${site}/comments/mine?subject=${S(subject)}`, headers: bearer(token) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const user = (sub: string, claims: Record<string, unknown> = {}, site: Site = t.alpha) => signUserToken(site.secret, { sub, name: sub, ...claims });
    const text = (comment: any) => comment.tree.children[0].children[0].value;

    describe('POST and GET comments', () => {
      it('creates a comment and lists it with its tree, author, badges, stars, count and caching headers', async () => {
        const token = await user('ann', { verified: true, avatar: 'https://img.test/ann.png' });
        await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=c%2F1', headers: { ...json, ...bearer(token) }, payload: '{"value":4}' });
        const res = await post(token, 'c/1', { body: '  Hello **world**  \n' });
        assert.equal(res.statusCode, 201, res.body);
        assert.equal(res.headers['cache-control'], 'private, no-store');
        const comment = res.json().comment;
        assert.match(comment.id, /^[0-9a-f]{24}$/);
        assert.deepEqual(
          { ...comment, createdAt: 'x' },
          {
            id: comment.id,
            parentId: null,
            rootId: comment.id,
            depth: 0,
            author: { name: 'ann', avatar: 'https://img.test/ann.png', verified: true },
            tree: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Hello ' }, { type: 'strong', children: [{ type: 'text', value: 'world' }] }] }] },
            status: 'approved',
            createdAt: 'x',
            up: 0,
            down: 0,
            stars: 4,
            replyCount: 0,
          },
        );
        assert.match(comment.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        const get = await t.inject({ url: '/v1/sites/alpha/comments?subject=c%2F1' });
        assert.equal(get.statusCode, 200);
        assert.equal(get.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
        assert.deepEqual(get.json(), { subject: 'c/1', count: 1, items: [{ ...comment, replies: [] }], nextCursor: null });
        const etag = String(get.headers.etag);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/comments?subject=c%2F1', headers: { 'if-none-match': etag } })).statusCode, 304);

        // The star joins the author's current rating.
        await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=c%2F1', headers: { ...json, ...bearer(token) }, payload: '{"value":2}' });
        const changed = await t.inject({ url: '/v1/sites/alpha/comments?subject=c%2F1', headers: { 'if-none-match': etag } });
        assert.equal(changed.statusCode, 200);
        assert.equal(changed.json().items[0].stars, 2);
        await assertCountsExact(t, 'alpha', 'c/1');
      });

      it('takes the badges from the token: verified wording, moderator role, Anonymous without a name, no avatar that is not http(s)', async () => {
        const wording = await created(await user('v1', { verified: 'Customer since 2019' }), 'c/badges', { body: 'one' });
        assert.deepEqual(wording.author, { name: 'v1', verified: 'Customer since 2019' });
        const mod = await created(await user('m1', { role: ['editor', 'moderator'], avatar: 'javascript:alert(1)' }), 'c/badges', { body: 'two' });
        assert.deepEqual(mod.author, { name: 'm1', moderator: true });
        const odd = await created(await user('v2', { verified: 'x'.repeat(41), role: 'admin' }), 'c/badges', { body: 'three' });
        assert.deepEqual(odd.author, { name: 'v2' });
        const anonymous = await created(await signUserToken(t.alpha.secret, { sub: 'nameless' }), 'c/badges', { body: 'four', guestName: 'ignored' });
        assert.deepEqual(anonymous.author, { name: 'Anonymous' });
      });

      it('refuses empty, white-space-only, oversize, wrong types, unknown fields and control characters with 400, writing nothing', async () => {
        const token = await user('bad-input');
        const ok = await post(token, 'c/limits', { body: `${'é'.repeat(10_000)}\n\n` });
        assert.equal(ok.statusCode, 201, ok.body);
        const cases: Array<[unknown, string]> = [
          [{ body: '' }, 'body/body'],
          [{ body: ' \n\t ' }, 'body/body'],
          [{ body: 'x'.repeat(10_001) }, 'body/body'],
          [{ body: '😀'.repeat(10_001) }, 'body/body'],
          [{ body: 5 }, 'body/body'],
          [{ body: null }, 'body/body'],
          [{ body: ['x'] }, 'body/body'],
          [{}, 'body/body'],
          [{ body: 'x', extra: 1 }, 'body/extra'],
          [{ body: 'a\u0000b' }, 'body/body'],
          [{ body: 'a\u0085b' }, 'body/body'],
          [{ body: 'a\ud800b' }, 'body/body'],
          [{ body: 'x', parentId: 'nope' }, 'body/parentId'],
          [{ body: 'x', parentId: 7 }, 'body/parentId'],
          [{ body: 'x', guestName: 5 }, 'body/guestName'],
          [[], 'body'],
          ['"text"', 'body'],
        ];
        for (const [payload, path] of cases) {
          const res = await post(token, 'c/limits', payload);
          assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 60)}: ${res.body.slice(0, 200)}`);
          assert.equal(res.json().error.code, 'validation_failed');
          assert.ok(res.json().error.details.some((d: { path: string }) => d.path === path), `${JSON.stringify(payload).slice(0, 60)}: ${res.body.slice(0, 300)}`);
        }
        const tooLong = await post(token, 'c/limits', { body: 'x'.repeat(10_001) });
        assert.match(tooLong.json().error.message, /at most 10000 characters/);
        assert.equal((await post(token, 'c/limits', 'not json')).json().error.code, 'invalid_json');
        assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/comments?subject=c%2Flimits', headers: bearer(token) })).statusCode, 400);
        assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/comments', headers: { ...json, ...bearer(token) }, payload: '{"body":"x"}' })).statusCode, 400);
        assert.equal((await list('c/limits')).count, 1);
        await assertCountsExact(t, 'alpha', 'c/limits');
      });

      it('needs a person: no token 401, an API key 403', async () => {
        assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/comments?subject=x', headers: json, payload: '{"body":"x"}' })).statusCode, 401);
        const key = await post(t.alphaKey, 'x', { body: 'x' });
        assert.equal(key.statusCode, 403);
        assert.equal((await post(await user('other-site', {}, t.beta), 'x', { body: 'x' })).statusCode, 401);
      });

      it('refuses list queries that are malformed: sort, stars, limit, cursor, unknown fields', async () => {
        for (const query of ['&sort=best', '&stars=6', '&stars=0', '&limit=0', '&limit=101', '&limit=x', '&cursor=', '&cursor=%21%21', '&x=1']) {
          const res = await t.inject({ url: `/v1/sites/alpha/comments?subject=a${query}` });
          assert.equal(res.statusCode, 400, query);
          assert.equal(res.json().error.code, 'validation_failed', query);
        }
        assert.equal((await t.inject({ url: '/v1/sites/alpha/comments' })).statusCode, 400);
      });
    });

    describe('guests and moderation on create', () => {
      it('guests need the policy and a name; a guest link is held; pre-moderation holds everything', async () => {
        const alphaGuest = await t.guest(t.alpha);
        const refused = await post(alphaGuest, 'g/1', { body: 'hi', guestName: 'Gus' });
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.json().error.code, 'guests_not_allowed');

        const guest = await t.guest(gamma);
        const noName = await post(guest, 'g/1', { body: 'hi' }, { site: 'gamma' });
        assert.equal(noName.statusCode, 400);
        assert.equal(noName.json().error.details[0].path, 'body/guestName');
        assert.equal((await post(guest, 'g/1', { body: 'hi', guestName: '   ' }, { site: 'gamma' })).statusCode, 400);
        assert.equal((await post(guest, 'g/1', { body: 'hi', guestName: 'x'.repeat(51) }, { site: 'gamma' })).statusCode, 400);

        const plain = await created(guest, 'g/1', { body: 'plain words', guestName: ' Gus ' }, { site: 'gamma' });
        assert.equal(plain.status, 'approved');
        assert.deepEqual(plain.author, { name: 'Gus', guest: true });
        const linked = await created(guest, 'g/1', { body: 'see https://spam.test/buy', guestName: 'Gus' }, { site: 'gamma' });
        assert.equal(linked.status, 'pending');
        const page = await list('g/1', '', 'gamma');
        assert.deepEqual(page.items.map((c: any) => c.id), [plain.id]);
        assert.equal(page.count, 1);
        const own = await mine(guest, 'g/1', 'gamma');
        assert.deepEqual(own.own.map((c: any) => [c.id, c.status]), [[linked.id, 'pending'], [plain.id, 'approved']]);
        assert.equal(own.own[0].body, 'see https://spam.test/buy');
        assert.deepEqual(own.pending.map((c: any) => c.id), [linked.id]);
        assert.equal(own.pending[0].status, 'pending');
        assert.equal(own.blocked, false);
        // A signed-in user's link is not held.
        assert.equal((await created(await user('linker', {}, gamma), 'g/1', { body: 'https://ok.test' }, { site: 'gamma' })).status, 'approved');
        await assertCountsExact(t, 'gamma', 'g/1');

        const held = await created(await user('pre', {}, delta), 'p/1', { body: 'wait for it' }, { site: 'delta' });
        assert.equal(held.status, 'pending');
        assert.deepEqual(await list('p/1', '', 'delta'), { subject: 'p/1', count: 0, items: [], nextCursor: null });
        // A moderator's own comment does not wait for a moderator.
        assert.equal((await created(await user('pre-mod', { role: 'moderator' }, delta), 'p/1', { body: 'rules' }, { site: 'delta' })).status, 'approved');
        await assertCountsExact(t, 'delta', 'p/1');
      });

      it('refuses a blocked author with 403 author_blocked', async () => {
        await t.store.db.insertInto('blocked_authors').values({ site_id: 'alpha', author: 'user:blocked', blocked_by: 'key:test', blocked_at: new Date().toISOString() }).execute();
        const res = await post(await user('blocked'), 'b/1', { body: 'let me in' });
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().error.code, 'author_blocked');
        assert.equal((await mine(await user('blocked'), 'b/1')).blocked, true);
      });

      it('refuses a duplicate (same author, subject and normalised text within 24 h) with 409', async () => {
        const token = await user('dup');
        await created(token, 'd/1', { body: 'Great product!' });
        for (const body of ['Great product!', '  great   PRODUCT!\n', 'Great product!']) {
          const res = await post(token, 'd/1', { body });
          assert.equal(res.statusCode, 409, body);
          assert.equal(res.json().error.code, 'duplicate_comment');
        }
        await created(token, 'd/2', { body: 'Great product!' });
        await created(await user('dup-2'), 'd/1', { body: 'Great product!' });
      });

      it('limits floods: 5 a minute per author, then 429 comment_flood with Retry-After; 20 an hour per guest network', async () => {
        const token = await user('flooder');
        for (let i = 0; i < 5; i++) await created(token, 'f/1', { body: `message ${i}` });
        const res = await post(token, 'f/1', { body: 'message 5' });
        assert.equal(res.statusCode, 429);
        assert.equal(res.json().error.code, 'comment_flood');
        assert.match(String(res.headers['retry-after']), /^\d+$/);
        assert.ok(Number(res.headers['retry-after']) >= 1);
        // Another author is not affected.
        await created(await user('calm'), 'f/1', { body: 'message 5' });

        for (let i = 0; i < 20; i++) await created(await t.guest(gamma), 'f/2', { body: `guest ${i}`, guestName: `G${i}` }, { site: 'gamma', remoteAddress: '198.51.100.7' });
        const network = await post(await t.guest(gamma), 'f/2', { body: 'one more', guestName: 'G' }, { site: 'gamma', remoteAddress: '198.51.100.99' });
        assert.equal(network.statusCode, 429);
        assert.equal(network.json().error.code, 'comment_flood');
        await created(await t.guest(gamma), 'f/2', { body: 'from elsewhere', guestName: 'G' }, { site: 'gamma', remoteAddress: '203.0.113.1' });
        await assertCountsExact(t, 'gamma', 'f/2');
      });

      it('applies an Idempotency-Key once: the replay writes and publishes nothing', async () => {
        const token = await user('idem');
        const headers = { 'idempotency-key': 'comment-once-1' };
        const first = await post(token, 'i/1', { body: 'only once' }, { headers });
        assert.equal(first.statusCode, 201);
        const before = published.length;
        const again = await post(token, 'i/1', { body: 'only once' }, { headers });
        assert.equal(again.statusCode, 201);
        assert.equal(again.headers['idempotent-replayed'], 'true');
        assert.deepEqual(again.json(), first.json());
        assert.equal(published.length, before);
        assert.equal((await list('i/1')).count, 1);
        const other = await post(token, 'i/1', { body: 'something else' }, { headers });
        assert.equal(other.statusCode, 422);
      });
    });

    describe('replies and threads', () => {
      it('caps the depth at 3: deeper answers attach beside with replyTo; rootId is the top; reply counts follow', async () => {
        const a = await user('thread-a');
        const b = await user('thread-b');
        const root = await created(a, 't/1', { body: 'root' });
        let parent = root;
        const chain = [];
        for (let i = 1; i <= 5; i++) {
          parent = await created(i % 2 ? b : a, 't/1', { body: `level ${i}`, parentId: parent.id });
          chain.push(parent);
        }
        assert.deepEqual(chain.map((c) => c.depth), [1, 2, 3, 3, 3]);
        assert.ok(chain.every((c) => c.rootId === root.id));
        assert.equal(chain[2].parentId, chain[1].id);
        assert.equal(chain[3].parentId, chain[1].id);
        assert.deepEqual(chain[3].replyTo, { id: chain[2].id, name: 'thread-b' });
        assert.deepEqual(chain[4].replyTo, { id: chain[3].id, name: 'thread-a' });
        assert.equal(chain[0].replyTo, undefined);
        const page = await list('t/1');
        assert.equal(page.count, 6);
        assert.equal(page.items[0].replyCount, 5);
        assert.deepEqual(page.items[0].replies.map((c: any) => c.id), chain.map((c) => c.id));
        assert.ok(page.items[0].replies.every((c: any) => c.replies === undefined && c.replyCount === undefined));

        // A parent on another subject or site, or unknown: 404.
        for (const [subject, site, parentId] of [['t/other', 'alpha', root.id], ['t/1', 'gamma', root.id], ['t/1', 'alpha', 'f'.repeat(24)]] as const) {
          const res = await post(site === 'gamma' ? await user('x', {}, gamma) : a, subject, { body: 'lost', parentId }, { site });
          assert.equal(res.statusCode, 404, `${subject} ${site}`);
          assert.equal(res.json().error.code, 'comment_not_found');
        }
        await assertCountsExact(t, 'alpha', 't/1');
      });

      it('keeps a deleted comment with visible replies as a tombstone, drops one without; a tombstone may be answered', async () => {
        const a = await user('tomb-a');
        const b = await user('tomb-b');
        const root = await created(a, 't/2', { body: 'root to delete' });
        const reply = await created(b, 't/2', { body: 'a reply', parentId: root.id });
        const lone = await created(a, 't/2', { body: 'lonely' });
        await patch(a, root.id, { body: 'edited once' });
        const deleted = await del(a, root.id);
        assert.equal(deleted.statusCode, 200, deleted.body);
        assert.equal(deleted.json().comment.tree, null);
        assert.equal(deleted.json().comment.deleted, true);
        assert.equal((await del(a, lone.id)).statusCode, 200);
        const rows = await t.store.db.selectFrom('comments').select(['body', 'tree']).where('id', '=', root.id).executeTakeFirstOrThrow();
        assert.deepEqual({ ...rows }, { body: '', tree: null });
        assert.equal((await t.store.db.selectFrom('comment_revisions').selectAll().where('comment_id', '=', root.id).execute()).length, 0);

        let page = await list('t/2');
        assert.equal(page.count, 1);
        assert.deepEqual(page.items.map((c: any) => c.id), [root.id]);
        const tomb = page.items[0];
        assert.equal(tomb.tree, null);
        assert.equal(tomb.deleted, true);
        assert.equal(tomb.status, 'approved');
        assert.deepEqual(tomb.replies.map((c: any) => c.id), [reply.id]);
        const answer = await created(b, 't/2', { body: 'answering the void', parentId: root.id });
        assert.equal(answer.depth, 1);
        // Once its replies go, the tombstone goes too.
        await del(b, reply.id);
        await del(b, answer.id);
        page = await list('t/2');
        assert.deepEqual(page, { subject: 't/2', count: 0, items: [], nextCursor: null });
        // Deleting again answers the tombstone (a retry whose answer was lost); editing a deleted comment is a 404.
        const twice = await del(a, root.id);
        assert.equal(twice.statusCode, 200);
        assert.equal(twice.json().comment.deleted, true);
        assert.equal((await del(b, root.id)).statusCode, 404);
        assert.equal((await patch(a, root.id, { body: 'back' })).statusCode, 404);
        await assertCountsExact(t, 'alpha', 't/2');
      });

      it('pages long threads: 200 replies in the list, the rest through comments/thread', async () => {
        const root = await created(await user('long-root'), 't/3', { body: 'long thread' });
        const base = Date.parse('2026-01-01T00:00:00.000Z');
        const rows = Array.from({ length: 205 }, (_, i) => ({
          id: (i + 1).toString(16).padStart(24, '0'),
          site_id: 'alpha',
          subject: 't/3',
          root_id: root.id,
          parent_id: root.id,
          depth: 1,
          author: `user:r${i}`,
          author_kind: 'user' as const,
          author_name: `r${i}`,
          body: `reply ${i}`,
          body_hash: `h${i}`,
          tree: JSON.stringify({ type: 'root', children: [] }),
          status: 'approved' as const,
          // Pairs share a millisecond: the id breaks the tie.
          created_at: new Date(base + Math.floor(i / 2)).toISOString(),
        }));
        await t.store.db.insertInto('comments').values(rows).execute();
        await t.store.db.updateTable('comments').set({ reply_count: 205 }).where('id', '=', root.id).execute();
        await t.store.db.updateTable('comment_counts').set({ count: sql`count + 205` }).where('site_id', '=', 'alpha').where('subject', '=', 't/3').execute();
        const page = await list('t/3');
        assert.equal(page.items[0].replyCount, 205);
        assert.equal(page.items[0].replies.length, 200);
        const thread = async (cursor?: string) => {
          const res = await t.inject({ url: `/v1/sites/alpha/comments/thread?subject=t%2F3&root=${root.id}${cursor ? `&cursor=${cursor}` : ''}` });
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
          return res.json();
        };
        const first = await thread();
        assert.deepEqual(first.items.map((c: any) => c.id), page.items[0].replies.map((c: any) => c.id));
        const second = await thread(first.nextCursor);
        assert.equal(second.nextCursor, null);
        assert.deepEqual([...first.items, ...second.items].map((c: any) => c.id), rows.map((r) => r.id));
        for (const query of [`root=${root.id}`, `subject=t%2F3`, `subject=t%2F3&root=xyz`, `subject=t%2F3&root=${root.id}&cursor=abc`, `subject=t%2F3&root=${root.id}&x=1`]) {
          assert.equal((await t.inject({ url: `/v1/sites/alpha/comments/thread?${query}` })).statusCode, 400, query);
        }
        for (const query of [`subject=t%2Fother&root=${root.id}`, `subject=t%2F3&root=${rows[0]!.id}`, `subject=t%2F3&root=${'e'.repeat(24)}`]) {
          const res = await t.inject({ url: `/v1/sites/alpha/comments/thread?${query}` });
          assert.equal(res.statusCode, 404, query);
          assert.equal(res.json().error.code, 'comment_not_found');
        }
        await assertCountsExact(t, 'alpha', 't/3');
      });
    });

    describe('paging and sorting', () => {
      const subject = 'page/1';
      const ids: string[] = [];
      before(async () => {
        for (let i = 0; i < 13; i++) ids.push((await created(await user(`pager-${i}`), subject, { body: `comment ${i}` })).id);
        // Ties: five comments in one millisecond, four with the same rank.
        await t.store.db.updateTable('comments').set({ created_at: '2026-02-02T02:02:02.002Z' }).where('id', 'in', ids.slice(3, 8)).execute();
        await t.store.db.updateTable('comments').set({ up: 3, rank: 438_500 }).where('id', 'in', ids.slice(5, 9)).execute();
      });
      const walk = async (sort: string, limit: number, stars = '') => {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: any = await list(subject, `&sort=${sort}&limit=${limit}${stars}${cursor ? `&cursor=${cursor}` : ''}`);
          assert.ok(page.items.length <= limit);
          seen.push(...page.items.map((c: any) => c.id));
          cursor = page.nextCursor;
          assert.ok(++pages < 50);
        } while (cursor);
        return seen;
      };
      const ordered = async (sort: string) => {
        const rows = await t.store.db.selectFrom('comments').select(['id', 'created_at', 'rank']).where('site_id', '=', 'alpha').where('subject', '=', subject).execute();
        const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        return rows
          .sort((x, y) =>
            sort === 'oldest'
              ? cmp(x.created_at, y.created_at) || cmp(x.id, y.id)
              : sort === 'newest'
                ? cmp(y.created_at, x.created_at) || cmp(y.id, x.id)
                : Number(y.rank) - Number(x.rank) || cmp(y.created_at, x.created_at) || cmp(y.id, x.id),
          )
          .map((r) => r.id);
      };

      for (const sort of ['newest', 'oldest', 'top']) {
        it(`never repeats or skips under sort=${sort}, ties included`, async () => {
          const expected = await ordered(sort);
          assert.equal(expected.length, 13);
          for (const limit of [1, 2, 4, 5, 13, 100]) assert.deepEqual(await walk(sort, limit), expected, `limit ${limit}`);
          assert.deepEqual((await list(subject, `&sort=${sort}`)).items.map((c: any) => c.id), expected);
        });
      }

      it('refuses garbage cursors and a cursor of another sort with 400', async () => {
        const page = await list(subject, '&sort=newest&limit=2');
        const garbage = [
          'x',
          Buffer.from('not json').toString('base64url'),
          Buffer.from('{}').toString('base64url'),
          Buffer.from('["n"]').toString('base64url'),
          Buffer.from('["n","2026-01-01T00:00:00.000Z",5]').toString('base64url'),
          Buffer.from('["n","yesterday","aaaaaaaaaaaaaaaaaaaaaaaa"]').toString('base64url'),
          Buffer.from('["t",1.5,"2026-01-01T00:00:00.000Z","aaaaaaaaaaaaaaaaaaaaaaaa"]').toString('base64url'),
          Buffer.from('["t",-1,"2026-01-01T00:00:00.000Z","aaaaaaaaaaaaaaaaaaaaaaaa"]').toString('base64url'),
          Buffer.from('["n","2026-01-01T00:00:00.000Z","aaaaaaaaaaaaaaaaaaaaaaaa",1]').toString('base64url'),
          Buffer.from('\u0000\u00ff').toString('base64url'),
          'A'.repeat(400),
        ];
        for (const cursor of garbage) {
          const res = await t.inject({ url: `/v1/sites/alpha/comments?subject=${S(subject)}&cursor=${cursor}` });
          assert.equal(res.statusCode, 400, cursor);
          assert.equal(res.json().error.code, 'validation_failed');
        }
        for (const sort of ['oldest', 'top']) {
          const res = await t.inject({ url: `/v1/sites/alpha/comments?subject=${S(subject)}&sort=${sort}&cursor=${page.nextCursor}` });
          assert.equal(res.statusCode, 400, sort);
          assert.equal(res.json().error.details[0].path, 'querystring/cursor');
        }
      });

      it('filters reviews by the stars their author gave the subject', async () => {
        for (const [i, value] of [[0, 5], [1, 5], [2, 1]] as const) {
          await t.inject({ method: 'PUT', url: `/v1/sites/alpha/ratings/mine?subject=${S(subject)}`, headers: { ...json, ...bearer(await user(`pager-${i}`)) }, payload: JSON.stringify({ value }) });
        }
        const five = await list(subject, '&stars=5&sort=oldest');
        assert.deepEqual(five.items.map((c: any) => c.id).sort(), [ids[0], ids[1]].sort());
        assert.ok(five.items.every((c: any) => c.stars === 5));
        assert.equal(five.count, 13, 'count is the subject total, not the filtered one');
        assert.deepEqual(await walk('oldest', 1, '&stars=5'), five.items.map((c: any) => c.id));
        assert.deepEqual((await list(subject, '&stars=1')).items.map((c: any) => c.id), [ids[2]]);
        assert.deepEqual((await list(subject, '&stars=3')).items, []);
        assert.equal((await list(subject)).items.filter((c: any) => c.stars === undefined).length, 10);
      });
    });

    describe('edit, delete, votes', () => {
      it('edits own comments only, keeps revisions, sets editedAt; other users 403, other sites and unknown ids 404', async () => {
        const owner = await user('editor');
        const comment = await created(owner, 'e/1', { body: 'first' });
        const res = await patch(owner, comment.id, { body: 'second _take_' });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['cache-control'], 'private, no-store');
        const edited = res.json().comment;
        assert.ok(edited.editedAt >= edited.createdAt);
        assert.equal(text(edited), 'second ');
        await patch(owner, comment.id, { body: 'third' });
        const revisions = await t.store.db.selectFrom('comment_revisions').select(['revision', 'body']).where('comment_id', '=', comment.id).orderBy('revision').execute();
        assert.deepEqual(revisions.map((r) => [Number(r.revision), r.body]), [[1, 'first'], [2, 'second _take_']]);
        const other = await patch(await user('intruder'), comment.id, { body: 'mine now' });
        assert.equal(other.statusCode, 403);
        assert.equal(other.json().error.code, 'not_your_comment');
        assert.equal((await del(await user('intruder'), comment.id)).json().error.code, 'not_your_comment');
        const elsewhere = await patch(await user('editor', {}, gamma), comment.id, { body: 'x' }, 'gamma');
        assert.equal(elsewhere.statusCode, 404);
        assert.equal(elsewhere.json().error.code, 'comment_not_found');
        assert.equal((await del(await user('editor', {}, gamma), comment.id, 'gamma')).statusCode, 404);
        assert.equal((await patch(owner, 'a'.repeat(24), { body: 'x' })).statusCode, 404);
        for (const payload of [{ body: '' }, { body: '  ' }, { body: 'x'.repeat(10_001) }, { body: 'x', extra: true }, {}, { body: 1 }]) {
          assert.equal((await patch(owner, comment.id, payload)).statusCode, 400, JSON.stringify(payload).slice(0, 40));
        }
        assert.equal((await patch(owner, 'not-an-id', { body: 'x' })).statusCode, 400);
        assert.equal(text((await list('e/1')).items[0]), 'third');
      });

      it("holds a guest's edit that adds a link; counts follow", async () => {
        const guest = await t.guest(gamma);
        const comment = await created(guest, 'e/2', { body: 'no links', guestName: 'Gail' }, { site: 'gamma' });
        assert.equal((await list('e/2', '', 'gamma')).count, 1);
        const res = await patch(guest, comment.id, { body: 'now [a link](https://x.test)' }, 'gamma');
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().comment.status, 'pending');
        assert.equal((await list('e/2', '', 'gamma')).count, 0);
        const removed = published.filter((p) => p.subject === 'e/2' && p.type === 'comment').map((p) => p.data.action);
        assert.deepEqual(removed, ['created', 'removed']);
        await assertCountsExact(t, 'gamma', 'e/2');
      });

      it('lets a moderator delete any comment (logged) and a plain user only their own', async () => {
        const comment = await created(await user('victim'), 'e/3', { body: 'off topic' });
        const res = await del(await user('mod-del', { role: 'moderator' }), comment.id);
        assert.equal(res.statusCode, 200, res.body);
        const log = await t.store.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', comment.id).execute();
        assert.equal(log.length, 1);
        assert.equal(log[0]!.actor, 'user:mod-del');
        assert.equal(log[0]!.action, 'delete');
        await assertCountsExact(t, 'alpha', 'e/3');
      });

      it('counts votes once per person, changeable and retractable; never on your own or an unpublished comment', async () => {
        const author = await user('voted');
        const comment = await created(author, 'v/1', { body: 'vote on me' });
        const alice = await user('v-alice');
        const bob = await user('v-bob');
        let res = await vote(alice, comment.id, 1);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { id: comment.id, up: 1, down: 0, mine: 1 });
        assert.deepEqual((await vote(alice, comment.id, 1)).json(), { id: comment.id, up: 1, down: 0, mine: 1 });
        assert.deepEqual((await vote(bob, comment.id, -1)).json(), { id: comment.id, up: 1, down: 1, mine: -1 });
        assert.deepEqual((await vote(alice, comment.id, -1)).json(), { id: comment.id, up: 0, down: 2, mine: -1 });
        res = await t.inject({ method: 'DELETE', url: `/v1/sites/alpha/comments/${comment.id}/vote`, headers: bearer(bob) });
        assert.deepEqual(res.json(), { id: comment.id, up: 0, down: 1, mine: null });
        assert.deepEqual((await t.inject({ method: 'DELETE', url: `/v1/sites/alpha/comments/${comment.id}/vote`, headers: bearer(bob) })).json(), { id: comment.id, up: 0, down: 1, mine: null });
        assert.deepEqual((await mine(alice, 'v/1')).votes, { [comment.id]: -1 });
        assert.deepEqual((await mine(bob, 'v/1')).votes, {});
        const own = await vote(author, comment.id, 1);
        assert.equal(own.statusCode, 403);
        assert.equal(own.json().error.code, 'own_comment');
        for (const value of [0, 2, '1', null, true, 1.5]) assert.equal((await vote(bob, comment.id, value)).statusCode, 400, String(value));
        assert.equal((await vote(bob, 'f'.repeat(24), 1)).statusCode, 404);
        assert.equal((await vote(await user('v-bob', {}, gamma), comment.id, 1, 'gamma')).statusCode, 404);
        const held = await created(await user('pre-v', {}, delta), 'v/2', { body: 'held' }, { site: 'delta' });
        assert.equal((await vote(await user('v-carl', {}, delta), held.id, 1, 'delta')).statusCode, 404);
        const events = published.filter((p) => p.type === 'comment-vote' && p.data.id === comment.id);
        assert.deepEqual(events.at(-1)!.data, { subject: 'v/1', id: comment.id, up: 0, down: 1 });
        assert.equal(events.length, 4, 'a vote that changes nothing publishes nothing');
      });

      it('keeps votes, counts and reply counts exact under concurrent writers', async () => {
        const root = await created(await user('busy-root'), 'v/busy', { body: 'busy thread' });
        const voters = await Promise.all(Array.from({ length: 12 }, (_, i) => user(`busy-voter-${i}`)));
        const repliers = await Promise.all(Array.from({ length: 8 }, (_, i) => user(`busy-replier-${i}`)));
        const results = await Promise.all([
          ...voters.map((token, i) => vote(token, root.id, i % 3 === 0 ? -1 : 1)),
          ...repliers.map((token, i) => post(token, 'v/busy', { body: `reply ${i}`, parentId: root.id })),
          del(await user('busy-root'), root.id),
        ]);
        // Votes that lost the race to the deletion are 404s; nothing else fails.
        for (const res of results) assert.ok([200, 201, 404].includes(res.statusCode), res.body);
        const row = await t.store.db.selectFrom('comments').select(['up', 'down']).where('id', '=', root.id).executeTakeFirstOrThrow();
        const votes = await t.store.db.selectFrom('comment_votes').select('value').where('comment_id', '=', root.id).execute();
        assert.equal(Number(row.up), votes.filter((v) => Number(v.value) === 1).length);
        assert.equal(Number(row.down), votes.filter((v) => Number(v.value) === -1).length);
        assert.equal(await assertCountsExact(t, 'alpha', 'v/busy'), 8);
        const page = await list('v/busy');
        assert.equal(page.items[0].deleted, true);
        assert.equal(page.items[0].replies.length, 8);
      });

      it('ranks "top" by the Wilson lower bound: 1 up 0 down below 40 up 5 down', async () => {
        const lucky = await created(await user('lucky'), 'v/top', { body: 'one vote' });
        const solid = await created(await user('solid'), 'v/top', { body: 'many votes' });
        await vote(await user('top-voter-0'), lucky.id, 1);
        for (let i = 0; i < 45; i++) await vote(await user(`top-voter-${i}`), solid.id, i < 40 ? 1 : -1);
        const page = await list('v/top', '&sort=top');
        assert.deepEqual(page.items.map((c: any) => [c.id, c.up, c.down]), [[solid.id, 40, 5], [lucky.id, 1, 0]]);
      });
    });

    describe('counts, mine, preview, live events', () => {
      it('answers counts of many subjects at once, cacheable, with ETag and 304', async () => {
        await created(await user('counter'), 'n/1', { body: 'one' });
        const url = '/v1/sites/alpha/comments/counts?subject=n%2F1&subject=n%2Fnone&subject=n%2F1';
        const res = await t.inject({ url });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { items: [{ subject: 'n/1', count: 1 }, { subject: 'n/none', count: 0 }] });
        assert.equal(res.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
        assert.equal((await t.inject({ url, headers: { 'if-none-match': String(res.headers.etag) } })).statusCode, 304);
        assert.deepEqual((await t.inject({ url: '/v1/sites/alpha/comments/counts?subject=n%2F1' })).json(), { items: [{ subject: 'n/1', count: 1 }] });
        for (const query of ['', 'subject=', `subject=${'x'.repeat(513)}`, Array.from({ length: 201 }, (_, i) => `subject=s${i}`).join('&'), 'subject=a&x=1']) {
          assert.equal((await t.inject({ url: `/v1/sites/alpha/comments/counts?${query}` })).statusCode, 400, query.slice(0, 40));
        }
      });

      it('mine needs a person and a subject', async () => {
        assert.equal((await t.inject({ url: '/v1/sites/alpha/comments/mine?subject=a' })).statusCode, 401);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/comments/mine?subject=a', headers: bearer(t.alphaKey) })).statusCode, 403);
        assert.equal((await t.inject({ url: '/v1/sites/alpha/comments/mine', headers: bearer(await user('m')) })).statusCode, 400);
        const res = await t.inject({ url: '/v1/sites/alpha/comments/mine?subject=none', headers: bearer(await user('m')) });
        assert.deepEqual(res.json(), { subject: 'none', own: [], pending: [], votes: {}, blocked: false, moderator: false });
        assert.equal((await mine(await user('m-mod', { role: 'moderator' }), 'none')).moderator, true);
        assert.equal((await mine(await t.guest(t.alpha), 'none')).moderator, false);
        assert.equal(res.headers['cache-control'], 'private, no-store');
      });

      it('previews the tree without writing, for anyone', async () => {
        const res = await t.inject({ method: 'POST', url: '/v1/sites/alpha/comments/preview', headers: json, payload: JSON.stringify({ body: '# Title\n\n[x](javascript:alert(1))' }) });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().tree.type, 'root');
        assert.ok(!JSON.stringify(res.json().tree).includes('javascript'));
        for (const payload of [{ body: ' ' }, { body: 'x'.repeat(10_001) }, { body: 'x', parentId: 'a'.repeat(24) }, {}]) {
          assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/comments/preview', headers: json, payload: JSON.stringify(payload) })).statusCode, 400);
        }
      });

      it('publishes comment and comment-count events after the commit, only for published comments', async () => {
        const start = published.length;
        const comment = await created(await user('live-1'), 'l/1', { body: 'live!' });
        await created(await user('live-2', {}, delta), 'l/1', { body: 'held' }, { site: 'delta' });
        const events = published.slice(start);
        assert.deepEqual(events.map((e) => [e.siteId, e.type]), [['alpha', 'comment'], ['alpha', 'comment-count']]);
        assert.deepEqual(events[0]!.data, { subject: 'l/1', action: 'created', comment: { ...comment } });
        assert.deepEqual(events[1]!.data, { subject: 'l/1', count: 1 });
        await patch(await user('live-1'), comment.id, { body: 'live, edited' });
        await del(await user('live-1'), comment.id);
        const later = published.slice(start + 2).map((e) => (e.type === 'comment' ? e.data.action : `${e.type}:${e.data.count}`));
        assert.deepEqual(later, ['edited', 'deleted', 'comment-count:0']);
        assert.equal(published.slice(start + 2)[1]!.data.comment.tree, null);
      });
    });
  });
}
