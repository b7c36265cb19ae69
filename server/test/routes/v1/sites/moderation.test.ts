// Issue 7: moderators list and purge the guest votes of one network or one visitor (API key).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashNetwork } from '../../../../src/services/networks.ts';
import { serverSecret } from '../../../../src/services/server-secrets.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

for (const leg of legs()) {
  describe(`moderation of guest votes (${leg.name})`, () => {
    const t = useApp(leg);

    const vote = async (token: string, subject: string, value: number, remoteAddress: string) => {
      const res = await t.inject({
        method: 'PUT',
        url: `/v1/sites/alpha/ratings/mine?subject=${subject}`,
        headers: { ...json, ...bearer(token) },
        payload: JSON.stringify({ value }),
        remoteAddress,
      });
      assert.equal(res.statusCode, 200, res.body);
    };
    const list = (query: string, key = t.alphaKey) => t.inject({ url: `/v1/sites/alpha/moderation/guest-votes?${query}`, headers: bearer(key) });
    const purge = (body: unknown, key = t.alphaKey) =>
      t.inject({ method: 'POST', url: '/v1/sites/alpha/moderation/guest-votes/purge', headers: { ...json, ...bearer(key) }, payload: JSON.stringify(body) });
    const aggregate = (subject: string) =>
      t.store.db.selectFrom('rating_aggregates').select(['count', 'sum', 'h1', 'h5', 'guest_count']).where('site_id', '=', 'alpha').where('subject', '=', subject).executeTakeFirstOrThrow().then((row) => ({ ...row }));

    it('lists by ip, network hash and visitor; purges a network with the aggregates right after', async () => {
      const stuffers = await Promise.all([1, 2, 3].map(() => t.guest(t.alpha)));
      const honest = await t.guest(t.alpha);
      for (const [i, token] of stuffers.entries()) {
        await vote(token, 'mod/a', 5, `203.0.113.${i + 10}`);
        await vote(token, 'mod/b', 5, `203.0.113.${i + 10}`);
      }
      await vote(honest, 'mod/a', 1, '198.51.100.4');
      await vote(await t.user(t.alpha, 'mod-user'), 'mod/a', 2, '203.0.113.10');
      const network = hashNetwork(await serverSecret(t.store.db, 'network-hmac'), '203.0.113.0/24');

      const byIp = await list('ip=203.0.113.99');
      assert.equal(byIp.statusCode, 200, byIp.body);
      assert.equal(byIp.json().network, network);
      assert.equal(byIp.json().total, 6);
      assert.ok(byIp.json().items.every((item: { network: string; value: number }) => item.network === network && item.value === 5));
      assert.equal((await list(`network=${network}&limit=2`)).json().items.length, 2);
      assert.equal((await list(`network=${network}&limit=2`)).json().total, 6);
      const { sub } = JSON.parse(Buffer.from(stuffers[0]!.split('.')[1]!, 'base64url').toString());
      assert.deepEqual((await list(`visitor=${sub}`)).json().items.map((item: { subject: string }) => item.subject).sort(), ['mod/a', 'mod/b']);
      assert.deepEqual(await aggregate('mod/a'), { count: 5, sum: 18, h1: 1, h5: 3, guest_count: 4 });

      const res = await purge({ network });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().purged, 6);
      const summaries = Object.fromEntries(res.json().summaries.map((s: { subject: string }) => [s.subject, s]));
      assert.deepEqual(summaries['mod/a'], { subject: 'mod/a', average: 1.5, count: 2, histogram: [1, 1, 0, 0, 0] });
      assert.deepEqual(summaries['mod/b'], { subject: 'mod/b', average: 0, count: 0, histogram: [0, 0, 0, 0, 0] });
      assert.deepEqual(await aggregate('mod/a'), { count: 2, sum: 3, h1: 1, h5: 0, guest_count: 1 });
      assert.equal((await list(`network=${network}`)).json().total, 0);
      // The signed-in user's vote from that network stays.
      const userVote = await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=mod/a', headers: bearer(await t.user(t.alpha, 'mod-user')) });
      assert.equal(userVote.json().value, 2);
    });

    it('purges one visitor everywhere', async () => {
      const token = await t.guest(t.alpha);
      const { sub } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
      await vote(token, 'mod/c', 4, '2001:db8::7');
      await vote(token, 'mod/d', 3, '2001:db8::7');
      await vote(await t.guest(t.alpha), 'mod/c', 2, '2001:db8::8');
      const res = await purge({ visitor: sub });
      assert.equal(res.json().purged, 2);
      assert.deepEqual(await aggregate('mod/c'), { count: 1, sum: 2, h1: 0, h5: 0, guest_count: 1 });
      assert.equal((await purge({ visitor: sub })).json().purged, 0);
    });

    it('needs an API key of the site and exactly one of network, visitor or ip', async () => {
      assert.equal((await list('ip=203.0.113.1', await t.guest(t.alpha))).statusCode, 403);
      assert.equal((await list('ip=203.0.113.1', t.betaKey)).statusCode, 403);
      assert.equal((await t.inject({ url: '/v1/sites/alpha/moderation/guest-votes?ip=203.0.113.1' })).statusCode, 401);
      for (const query of ['', 'ip=203.0.113.1&visitor=guest:00000000-0000-0000-0000-000000000000', 'ip=nonsense', 'network=short', 'limit=0&ip=1.2.3.4', 'x=1']) {
        const res = await list(query);
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().error.code, 'validation_failed');
      }
      assert.equal((await purge({})).statusCode, 400);
      assert.equal((await purge({ ip: '1.2.3.4', network: 'x'.repeat(43) })).statusCode, 400);
    });
  });
}
