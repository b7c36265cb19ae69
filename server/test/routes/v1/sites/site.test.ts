import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

for (const leg of legs()) {
  describe(`GET/PATCH /v1/sites/:site (${leg.name})`, () => {
    const t = useApp(leg);

    it('shows the site to its own API key, without secrets', async () => {
      const res = await t.inject({ url: '/v1/sites/alpha', headers: bearer(t.alphaKey) });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {
        id: 'alpha',
        name: 'Alpha CRM',
        origins: ['https://crm.alpha.test'],
        policy: { guestsMayRate: true, guestsMayComment: false, moderation: 'post', guestVotesPerNetworkPerDay: 10, guestProofOfWork: false, feedHosts: [], activityFeeds: 'public' },
      });
      assert.ok(!res.body.includes(t.alpha.secret));
    });

    it('refuses other credentials: none, another site key, user and guest tokens, revoked key', async () => {
      assert.equal((await t.inject({ url: '/v1/sites/alpha' })).statusCode, 401);
      const other = await t.inject({ url: '/v1/sites/alpha', headers: bearer(t.betaKey) });
      assert.equal(other.statusCode, 403);
      assert.equal(other.json().error.code, 'forbidden');
      const patchOther = await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.betaKey) }, payload: '{"name":"pwned"}' });
      assert.equal(patchOther.statusCode, 403);
      assert.equal((await t.inject({ url: '/v1/sites/alpha', headers: bearer(await t.user(t.alpha, 'u')) })).statusCode, 403);
      assert.equal((await t.inject({ url: '/v1/sites/alpha', headers: bearer(await t.guest(t.alpha)) })).statusCode, 403);
      const { createKey, revokeKey } = await import('../../../../src/services/keys.ts');
      const { key, record } = await createKey(t.store.db, 'alpha', 'temp');
      assert.equal((await t.inject({ url: '/v1/sites/alpha', headers: bearer(key) })).statusCode, 200);
      assert.equal(await revokeKey(t.store.db, record.id), true);
      assert.equal((await t.inject({ url: '/v1/sites/alpha', headers: bearer(key) })).statusCode, 401);
      assert.equal((await t.inject({ url: '/v1/sites/alpha', headers: bearer(t.alphaKey) })).json().name, 'Alpha CRM');
    });

    it('patches name, origins and a partial policy (merged)', async () => {
      const res = await t.inject({
        method: 'PATCH',
        url: '/v1/sites/beta',
        headers: { ...json, ...bearer(t.betaKey) },
        payload: JSON.stringify({ name: 'Beta store', origins: ['https://shop.beta.test/', 'HTTPS://WWW.beta.test'], policy: { guestsMayComment: true } }),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        id: 'beta',
        name: 'Beta store',
        origins: ['https://shop.beta.test', 'https://www.beta.test'],
        policy: { guestsMayRate: false, guestsMayComment: true, moderation: 'post', guestVotesPerNetworkPerDay: 10, guestProofOfWork: false, feedHosts: [], activityFeeds: 'public' },
      });
      const again = await t.inject({ url: '/v1/sites/beta', headers: bearer(t.betaKey) });
      assert.deepEqual(again.json(), res.json());
      // Restore * for other tests in this file.
      await t.inject({ method: 'PATCH', url: '/v1/sites/beta', headers: { ...json, ...bearer(t.betaKey) }, payload: '{"origins":["*"]}' });
    });

    it('refuses bad patches without changing anything', async () => {
      const bad: Array<[string, string]> = [
        ['{"name":""}', 'body/name'],
        ['{"name":5}', 'body/name'],
        ['{"name":"a\\u0000b"}', 'body/name'],
        ['{"origins":"https://x.test"}', 'body/origins'],
        ['{"origins":["not an origin"]}', 'body/origins/0'],
        ['{"origins":["https://x.test/path"]}', 'body/origins/0'],
        ['{"origins":["ftp://x.test"]}', 'body/origins/0'],
        ['{"policy":{"moderation":"later"}}', 'body/policy/moderation'],
        ['{"policy":{"guestsMayRate":"yes"}}', 'body/policy/guestsMayRate'],
        ['{"policy":{"extra":true}}', 'body/policy/extra'],
        ['{"secret":"mine"}', 'body/secret'],
        ['{"id":"other"}', 'body/id'],
      ];
      for (const [payload, path] of bad) {
        const res = await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload });
        assert.equal(res.statusCode, 400, payload);
        assert.equal(res.json().error.code, 'validation_failed');
        assert.ok(res.json().error.details.some((d: { path: string }) => d.path === path), `${payload}: ${res.body}`);
      }
      const big = await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ name: 'x'.repeat(20_000) }) });
      assert.equal(big.statusCode, 413);
      assert.equal(big.json().error.code, 'payload_too_large');
      const res = await t.inject({ url: '/v1/sites/alpha', headers: bearer(t.alphaKey) });
      assert.equal(res.json().name, 'Alpha CRM');
      assert.deepEqual(res.json().origins, ['https://crm.alpha.test']);
    });
  });
}
