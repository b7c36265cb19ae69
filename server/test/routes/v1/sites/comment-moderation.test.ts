// Issue 8: moderating comments: the queue, approve / reject / spam, block (hidePast) and unblock, the audit
// log; API keys and moderator-role user tokens may, plain users may not; counts stay exact at every step.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signUserToken } from '../../../../src/services/identity.ts';
import { createSite, type Site } from '../../../../src/services/sites.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';
import { assertCountsExact } from '../../../comment-helpers.ts';

for (const leg of legs()) {
  describe(`comment moderation (${leg.name})`, () => {
    const t = useApp(leg);
    /** Pre-moderation, guests may comment. */
    let mod: Site;
    let key: string;
    const published: Array<{ subject: string; type: string; data: any }> = [];

    before(async () => {
      mod = await createSite(t.store.db, { id: 'mod', name: 'Mod', origins: ['*'], policy: { moderation: 'pre', guestsMayComment: true } });
      const { createKey } = await import('../../../../src/services/keys.ts');
      key = (await createKey(t.store.db, 'mod', 'moderation')).key;
      const live = t.app.live;
      const original = live.publish.bind(live);
      live.publish = async (siteId, subject, type, data) => {
        published.push({ subject, type, data });
        return original(siteId, subject, type, data);
      };
    });

    const user = (sub: string, claims: Record<string, unknown> = {}) => signUserToken(mod.secret, { sub, name: sub, ...claims });
    const post = async (token: string, subject: string, body: string, extra: Record<string, unknown> = {}) => {
      const res = await t.inject({ method: 'POST', url: `/v1/sites/mod/comments?subject=${encodeURIComponent(subject)}`, headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ body, ...extra }) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().comment;
    };
    const act = (credential: string, id: string, payload: unknown, headers: Record<string, string> = {}) =>
      t.inject({ method: 'POST', url: `/v1/sites/mod/moderation/comments/${id}`, headers: { ...json, ...bearer(credential), ...headers }, payload: JSON.stringify(payload) });
    const queue = async (query = '', credential = key) => {
      const res = await t.inject({ url: `/v1/sites/mod/moderation/comments${query}`, headers: bearer(credential) });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      return res.json();
    };
    const count = async (subject: string) => (await t.inject({ url: `/v1/sites/mod/comments?subject=${encodeURIComponent(subject)}` })).json().count;
    const block = (payload: unknown, credential = key) =>
      t.inject({ method: 'POST', url: '/v1/sites/mod/moderation/authors/block', headers: { ...json, ...bearer(credential) }, payload: JSON.stringify(payload) });
    const unblock = (payload: unknown, credential = key) =>
      t.inject({ method: 'POST', url: '/v1/sites/mod/moderation/authors/unblock', headers: { ...json, ...bearer(credential) }, payload: JSON.stringify(payload) });
    const log = async (query = '', credential = key) => {
      const res = await t.inject({ url: `/v1/sites/mod/moderation/log${query}`, headers: bearer(credential) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    it('holds comments under pre-moderation; approve shows and counts them, reject and spam take them away', async () => {
      const author = await user('writer');
      const a = await post(author, 'q/1', 'first held');
      const b = await post(author, 'q/1', 'second held');
      assert.equal(a.status, 'pending');
      assert.equal(await count('q/1'), 0);
      const pending = await queue('?subject=q%2F1');
      assert.deepEqual(pending.items.map((c: any) => c.id), [b.id, a.id]);
      assert.equal(pending.items[0].body, 'second held');
      assert.equal(pending.items[0].authorRef, 'user:writer');
      assert.equal(pending.items[0].subject, 'q/1');
      assert.equal(pending.items[0].status, 'pending');

      const approved = await act(key, a.id, { action: 'approve', reason: 'fine' });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().comment.status, 'approved');
      assert.equal(await count('q/1'), 1);
      await assertCountsExact(t, 'mod', 'q/1');
      assert.deepEqual(published.filter((p) => p.subject === 'q/1').map((p) => (p.type === 'comment' ? p.data.action : `${p.type}:${p.data.count}`)), ['approved', 'comment-count:1']);

      // A reply to the approved one, approved too: the thread's reply count follows every step.
      const reply = await post(await user('replier'), 'q/1', 'a reply', { parentId: a.id });
      await act(key, reply.id, { action: 'approve' });
      assert.equal(await count('q/1'), 2);
      await assertCountsExact(t, 'mod', 'q/1');
      assert.equal((await act(key, reply.id, { action: 'spam', reason: 'link farm' })).json().comment.status, 'spam');
      assert.equal(await count('q/1'), 1);
      await assertCountsExact(t, 'mod', 'q/1');
      assert.equal((await act(key, a.id, { action: 'reject' })).json().comment.status, 'rejected');
      assert.equal(await count('q/1'), 0);
      await assertCountsExact(t, 'mod', 'q/1');
      assert.equal((await act(key, b.id, { action: 'reject' })).statusCode, 200);
      assert.equal(await count('q/1'), 0);
      assert.deepEqual((await queue('?status=rejected&subject=q%2F1')).items.map((c: any) => c.id), [b.id, a.id]);
      assert.deepEqual((await queue('?status=spam&subject=q%2F1')).items.map((c: any) => c.id), [reply.id]);
      // Approving again brings it back.
      await act(key, a.id, { action: 'approve' });
      assert.equal(await count('q/1'), 1);
      await assertCountsExact(t, 'mod', 'q/1');
      // The author sees what was not published.
      const mine = (await t.inject({ url: '/v1/sites/mod/comments/mine?subject=q%2F1', headers: bearer(author) })).json();
      assert.deepEqual(mine.pending.map((c: any) => [c.id, c.status]), [[b.id, 'rejected']]);

      const entries = (await log()).items.filter((e: any) => e.commentId === a.id);
      assert.deepEqual(entries.map((e: any) => [e.action, e.fromStatus, e.toStatus]), [['approve', 'rejected', 'approved'], ['reject', 'approved', 'rejected'], ['approve', 'pending', 'approved']]);
      assert.ok(entries.every((e: any) => /^key:/.test(e.actor) && e.author === 'user:writer'));
      assert.equal(entries.at(-1).reason, 'fine');
    });

    it('holds a guest comment with a link and shows the network to moderators', async () => {
      const guest = (await t.inject({ method: 'POST', url: '/v1/sites/mod/visitors' })).json();
      const comment = await post(guest.token, 'q/2', 'buy at https://spam.test', { guestName: 'Spammy' });
      assert.equal(comment.status, 'pending');
      const item = (await queue('?subject=q%2F2')).items[0];
      assert.equal(item.authorRef.startsWith('guest:'), true);
      assert.match(item.network, /^[\w-]{43}$/);
      assert.equal(item.author.guest, true);
    });

    it('blocks with hidePast (counts drop at once), refuses the blocked author, and unblock restores', async () => {
      const troll = await user('troll');
      const other = await user('bystander');
      const c1 = await post(troll, 'q/3', 'troll one');
      const c2 = await post(troll, 'q/4', 'troll two');
      const reply = await post(other, 'q/3', 'do not feed');
      for (const c of [c1, c2, reply]) await act(key, c.id, { action: 'approve' });
      const answer = await post(other, 'q/3', 'answer to the troll', { parentId: c1.id });
      await act(key, answer.id, { action: 'approve' });
      assert.equal(await count('q/3'), 3);
      const res = await block({ commentId: c1.id, hidePast: true, reason: 'trolling' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { author: 'user:troll', hidden: 2 });
      assert.equal(await count('q/3'), 2);
      assert.equal(await count('q/4'), 0);
      await assertCountsExact(t, 'mod', 'q/3');
      await assertCountsExact(t, 'mod', 'q/4');
      // The hidden root with a visible answer stays as a tombstone without a name.
      const page = (await t.inject({ url: '/v1/sites/mod/comments?subject=q%2F3' })).json();
      const tomb = page.items.find((c: any) => c.id === c1.id);
      assert.deepEqual([tomb.tree, tomb.deleted, tomb.author.name], [null, true, '']);
      assert.deepEqual(tomb.replies.map((c: any) => c.id), [answer.id]);

      const refused = await t.inject({ method: 'POST', url: '/v1/sites/mod/comments?subject=q%2F3', headers: { ...json, ...bearer(troll) }, payload: '{"body":"let me back"}' });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'author_blocked');
      assert.equal((await t.inject({ method: 'PATCH', url: `/v1/sites/mod/comments/${c1.id}`, headers: { ...json, ...bearer(troll) }, payload: '{"body":"edited"}' })).json().error.code, 'author_blocked');
      const blocked = await t.inject({ url: '/v1/sites/mod/moderation/authors/blocked', headers: bearer(key) });
      assert.equal(blocked.statusCode, 200);
      assert.deepEqual(blocked.json().items.map((b: any) => [b.author, b.name, b.hidePast, b.reason]), [['user:troll', 'troll', true, 'trolling']]);
      assert.equal((await queue('?status=approved&subject=q%2F4')).items[0].hidden, true);

      const lifted = await unblock({ author: 'user:troll' });
      assert.equal(lifted.statusCode, 200, lifted.body);
      assert.deepEqual(lifted.json(), { author: 'user:troll', restored: 2 });
      assert.equal(await count('q/3'), 3);
      assert.equal(await count('q/4'), 1);
      await assertCountsExact(t, 'mod', 'q/3');
      await assertCountsExact(t, 'mod', 'q/4');
      assert.deepEqual((await t.inject({ url: '/v1/sites/mod/moderation/authors/blocked', headers: bearer(key) })).json(), { items: [] });
      assert.deepEqual((await unblock({ author: 'user:troll' })).json(), { author: 'user:troll', restored: 0 });

      // A block without hidePast keeps the past comments; by author name works before they ever wrote.
      assert.deepEqual((await block({ author: 'user:troll' })).json(), { author: 'user:troll', hidden: 0 });
      assert.equal(await count('q/3'), 3);
      assert.deepEqual((await block({ author: 'guest:00000000-0000-4000-8000-000000000000', reason: 'pre-emptive' })).json(), { author: 'guest:00000000-0000-4000-8000-000000000000', hidden: 0 });
      const actions = (await log()).items.filter((e: any) => e.author === 'user:troll' && e.action !== 'approve').map((e: any) => e.action);
      assert.deepEqual(actions, ['block', 'unblock', 'unblock', 'block-hide-past']);
    });

    it('lets a moderator-role user token moderate; a plain user, a guest and another site cannot', async () => {
      const comment = await post(await user('held'), 'q/5', 'held for a moderator');
      const moderator = await user('mia', { role: ['moderator'] });
      const res = await act(moderator, comment.id, { action: 'approve' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await log('?limit=1', moderator)).items[0].actor, 'user:mia');
      const plain = await user('pat');
      for (const credential of [plain, (await t.inject({ method: 'POST', url: '/v1/sites/mod/visitors' })).json().token]) {
        assert.equal((await act(credential, comment.id, { action: 'reject' })).statusCode, 403);
        assert.equal((await t.inject({ url: '/v1/sites/mod/moderation/comments', headers: bearer(credential) })).statusCode, 403);
        assert.equal((await block({ commentId: comment.id }, credential)).statusCode, 403);
        assert.equal((await unblock({ author: 'user:x' }, credential)).statusCode, 403);
        assert.equal((await t.inject({ url: '/v1/sites/mod/moderation/log', headers: bearer(credential) })).statusCode, 403);
        assert.equal((await t.inject({ url: '/v1/sites/mod/moderation/authors/blocked', headers: bearer(credential) })).statusCode, 403);
      }
      assert.equal((await act(t.alphaKey, comment.id, { action: 'reject' })).statusCode, 403);
      assert.equal((await t.inject({ url: '/v1/sites/mod/moderation/comments' })).statusCode, 401);
      // A comment of another site is not found through this one.
      const alphaComment = await t.inject({ method: 'POST', url: '/v1/sites/alpha/comments?subject=x', headers: { ...json, ...bearer(await signUserToken(t.alpha.secret, { sub: 'a1' })) }, payload: '{"body":"alpha"}' });
      const elsewhere = await act(key, alphaComment.json().comment.id, { action: 'reject' });
      assert.equal(elsewhere.statusCode, 404);
      assert.equal(elsewhere.json().error.code, 'comment_not_found');
      assert.equal((await block({ commentId: alphaComment.json().comment.id })).statusCode, 404);
      assert.equal(await count('q/5'), 1);
    });

    it('refuses bad moderation input with 400', async () => {
      const comment = await post(await user('input'), 'q/6', 'input');
      for (const payload of [{}, { action: 'delete' }, { action: 'approve', extra: 1 }, { action: 'approve', reason: '' }, { action: 'approve', reason: 'x'.repeat(501) }, { action: 1 }]) {
        const res = await act(key, comment.id, payload);
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error.code, 'validation_failed');
      }
      assert.equal((await act(key, 'nope', { action: 'approve' })).statusCode, 400);
      assert.equal((await act(key, 'f'.repeat(24), { action: 'approve' })).statusCode, 404);
      for (const payload of [{}, { commentId: comment.id, author: 'user:input' }, { author: 'input' }, { author: 'user:' }, { author: 'user:a\u0000' }, { commentId: comment.id, hidePast: 'yes' }]) {
        assert.equal((await block(payload)).statusCode, 400, JSON.stringify(payload));
      }
      for (const payload of [{}, { author: 5 }, { author: 'someone' }]) assert.equal((await unblock(payload)).statusCode, 400, JSON.stringify(payload));
      for (const query of ['?status=deleted', '?limit=0', '?limit=101', '?cursor=zz', '?x=1', `?subject=${'x'.repeat(513)}`]) {
        const res = await t.inject({ url: `/v1/sites/mod/moderation/comments${query}`, headers: bearer(key) });
        assert.equal(res.statusCode, 400, query);
      }
      assert.equal((await t.inject({ url: '/v1/sites/mod/moderation/log?cursor=abc', headers: bearer(key) })).statusCode, 400);
      assert.equal((await t.inject({ url: '/v1/sites/mod/moderation/log?limit=1000', headers: bearer(key) })).statusCode, 400);
    });

    it('pages the queue and the log without repeats; an idempotent replay acts and logs once', async () => {
      const author = await user('many');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await post(author, 'q/7', `held ${i}`)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await queue(`?subject=q%2F7&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((c: any) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, [...ids].reverse());

      const before = (await t.store.db.selectFrom('moderation_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      const events = published.length;
      const headers = { 'idempotency-key': 'approve-once' };
      const first = await act(key, ids[0]!, { action: 'approve' }, headers);
      const again = await act(key, ids[0]!, { action: 'approve' }, headers);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.json(), first.json());
      const after = (await t.store.db.selectFrom('moderation_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      assert.equal(Number(after) - Number(before), 1);
      assert.equal(published.length - events, 2, 'approved + count, once');

      const logged: string[] = [];
      cursor = null;
      do {
        const page: any = await log(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        logged.push(...page.items.map((e: any) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(new Set(logged).size, logged.length);
      assert.equal(logged.length, Number((await t.store.db.selectFrom('moderation_log').select((eb) => eb.fn.countAll().as('n')).where('site_id', '=', 'mod').executeTakeFirstOrThrow()).n));
    });
  });
}
