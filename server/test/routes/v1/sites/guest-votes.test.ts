// Issue 7: the per-site cap on guest votes per subject, network and day, and what guest votes store.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashNetwork } from '../../../../src/services/networks.ts';
import { sweepGuestQuotaOnNextVote } from '../../../../src/services/ratings.ts';
import { serverSecret } from '../../../../src/services/server-secrets.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

for (const leg of legs()) {
  describe(`guest vote cap (${leg.name})`, () => {
    const t = useApp(leg);

    const vote = async (token: string, subject: string, value: number | null, remoteAddress: string, headers: Record<string, string> = {}) =>
      t.inject({
        method: value === null ? 'DELETE' : 'PUT',
        url: `/v1/sites/alpha/ratings/mine?subject=${encodeURIComponent(subject)}`,
        headers: { ...(value === null ? {} : json), ...bearer(token), ...headers },
        ...(value === null ? {} : { payload: JSON.stringify({ value }) }),
        remoteAddress,
      });
    const summary = async (subject: string) => (await t.inject({ url: `/v1/sites/alpha/ratings?subject=${encodeURIComponent(subject)}` })).json();
    const guests = (n: number) => Promise.all(Array.from({ length: n }, () => t.guest(t.alpha)));

    it('lets 10 guests of one IPv4 /24 vote on a subject per day, refuses the 11th with 403 guest_vote_limit', async () => {
      const tokens = await guests(12);
      for (let i = 0; i < 10; i++) assert.equal((await vote(tokens[i]!, 'cap/v4', 5, `203.0.113.${i + 1}`)).statusCode, 200, `vote ${i}`);
      const refused = await vote(tokens[10]!, 'cap/v4', 5, '203.0.113.200');
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'guest_vote_limit');
      assert.match(refused.json().error.message, /10 votes/);
      // IPv4-mapped IPv6 is the same /24.
      assert.equal((await vote(tokens[10]!, 'cap/v4', 5, '::ffff:203.0.113.9')).json().error?.code, 'guest_vote_limit');
      assert.equal((await summary('cap/v4')).count, 10);
      // Another /24, another subject: not capped.
      assert.equal((await vote(tokens[10]!, 'cap/v4', 5, '203.0.114.1')).statusCode, 200);
      assert.equal((await vote(tokens[11]!, 'cap/v4-other', 4, '203.0.113.1')).statusCode, 200);
    });

    it('drops the counts of earlier days (the cap is per UTC day) and keeps the current one', async () => {
      const [a, b] = await guests(2);
      assert.equal((await vote(a!, 'cap/days', 5, '192.0.2.1')).statusCode, 200);
      const network = hashNetwork(await serverSecret(t.store.db, 'network-hmac'), '192.0.2.0/24');
      await t.store.db.insertInto('guest_vote_quota').values({ site_id: 'alpha', subject: 'cap/days', network, day: '2020-01-01', count: 10 }).execute();
      sweepGuestQuotaOnNextVote();
      assert.equal((await vote(b!, 'cap/days', 4, '192.0.2.2')).statusCode, 200);
      const days = await t.store.db.selectFrom('guest_vote_quota').select(['day', 'count']).where('subject', '=', 'cap/days').execute();
      assert.deepEqual(days.map((row) => [row.day, Number(row.count)]), [[new Date().toISOString().slice(0, 10), 2]]);
    });

    it('caps an IPv6 /64, not its neighbour /64', async () => {
      const tokens = await guests(11);
      for (let i = 0; i < 10; i++) assert.equal((await vote(tokens[i]!, 'cap/v6', 4, `2001:db8:1:2::${i + 1}`)).statusCode, 200);
      assert.equal((await vote(tokens[10]!, 'cap/v6', 4, '2001:db8:1:2:ffff:ffff:ffff:ffff')).statusCode, 403);
      assert.equal((await vote(tokens[10]!, 'cap/v6', 4, '2001:db8:1:3::1')).statusCode, 200);
    });

    it('never caps changing or retracting a vote, and a retract-and-vote again counts as a new vote', async () => {
      const [a, b] = await guests(2);
      await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ policy: { guestVotesPerNetworkPerDay: 1 } }) });
      try {
        assert.equal((await vote(a!, 'cap/change', 3, '198.51.100.1')).statusCode, 200);
        assert.equal((await vote(a!, 'cap/change', 4, '198.51.100.1')).statusCode, 200);
        assert.equal((await vote(b!, 'cap/change', 4, '198.51.100.2')).statusCode, 403);
        assert.equal((await vote(a!, 'cap/change', null, '198.51.100.1')).statusCode, 200);
        assert.equal((await vote(a!, 'cap/change', 2, '198.51.100.1')).statusCode, 403);
        assert.equal((await summary('cap/change')).count, 0);
      } finally {
        await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ policy: { guestVotesPerNetworkPerDay: 10 } }) });
      }
    });

    it('does not cap signed-in users from the same network', async () => {
      for (let i = 0; i < 12; i++) {
        const res = await vote(await t.user(t.alpha, `cap-user-${i}`), 'cap/users', 5, '192.0.2.7');
        assert.equal(res.statusCode, 200);
      }
      assert.equal((await summary('cap/users')).count, 12);
    });

    it('stores the HMAC of the network, never the IP', async () => {
      const [token] = await guests(1);
      await vote(token!, 'hmac/one', 5, '203.0.113.77');
      const rows = await t.store.db.selectFrom('rating_votes').selectAll().where('subject', '=', 'hmac/one').execute();
      assert.equal(rows.length, 1);
      const expected = hashNetwork(await serverSecret(t.store.db, 'network-hmac'), '203.0.113.0/24');
      assert.equal(rows[0]!.guest_network, expected);
      assert.match(expected, /^[\w-]{43}$/);
      const everything = JSON.stringify(await t.store.db.selectFrom('rating_votes').selectAll().execute()) + JSON.stringify(await t.store.db.selectFrom('guest_vote_quota').selectAll().execute());
      assert.ok(!everything.includes('203.0.113'), 'no raw address or network is stored');
      const user = await t.user(t.alpha, 'hmac-user');
      await vote(user, 'hmac/one', 4, '203.0.113.77');
      const userRow = await t.store.db.selectFrom('rating_votes').select('guest_network').where('principal', '=', 'user:hmac-user').executeTakeFirstOrThrow();
      assert.equal(userRow.guest_network, null);
    });
  });
}

for (const leg of legs()) {
  describe(`guest vote cap behind a proxy (${leg.name})`, () => {
    const t = useApp(leg, { TRUST_PROXY: 'true' });

    it('takes the network from X-Forwarded-For', async () => {
      await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ policy: { guestVotesPerNetworkPerDay: 2 } }) });
      const put = async (ip: string) =>
        t.inject({
          method: 'PUT',
          url: '/v1/sites/alpha/ratings/mine?subject=proxied',
          headers: { ...json, ...bearer(await t.guest(t.alpha)), 'x-forwarded-for': ip },
          payload: JSON.stringify({ value: 5 }),
        });
      assert.equal((await put('203.0.113.1')).statusCode, 200);
      assert.equal((await put('203.0.113.2')).statusCode, 200);
      assert.equal((await put('203.0.113.3')).json().error.code, 'guest_vote_limit');
      assert.equal((await put('2001:db8::1')).statusCode, 200);
    });
  });
}
