import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../../../helpers.ts';

for (const leg of legs()) {
  describe(`GET /v1/sites/:site/policy (${leg.name})`, () => {
    const t = useApp(leg);

    it("answers the site's policy without a credential, public and cacheable, and nothing secret", async () => {
      const res = await t.inject({ url: '/v1/sites/alpha/policy' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { site: 'alpha', guestsMayRate: true, guestsMayComment: false, moderation: 'post', guestVotesPerNetworkPerDay: 10, guestProofOfWork: false });
      assert.equal(res.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=600');
      assert.match(String(res.headers.etag), /^W\/"[\w-]{27}"$/);
      assert.match(String(res.headers.vary), /Origin/);
      assert.match(String(res.headers.vary), /accept-encoding/i);
      for (const secret of [t.alpha.secret, t.alpha.guestSecret, ALPHA_ORIGIN]) assert.ok(!res.body.includes(secret));
      const beta = await t.inject({ url: '/v1/sites/beta/policy' });
      assert.deepEqual(beta.json(), { site: 'beta', guestsMayRate: false, guestsMayComment: false, moderation: 'post', guestVotesPerNetworkPerDay: 10, guestProofOfWork: false });
      assert.notEqual(beta.headers.etag, res.headers.etag);
      // A credential is not needed, and one that does not verify does not matter either.
      assert.equal((await t.inject({ url: '/v1/sites/alpha/policy', headers: bearer('not-a-jwt') })).statusCode, 200);
    });

    it('answers If-None-Match with 304, and the new policy with a new ETag after a change', async () => {
      const first = await t.inject({ url: '/v1/sites/beta/policy' });
      const etag = String(first.headers.etag);
      for (const inm of [etag, etag.slice(2), `"other", ${etag}`, '*']) {
        const res = await t.inject({ url: '/v1/sites/beta/policy', headers: { 'if-none-match': inm } });
        assert.equal(res.statusCode, 304, inm);
        assert.equal(res.body, '');
        assert.equal(res.headers.etag, etag);
        assert.equal(res.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=600');
      }
      const patch = await t.inject({
        method: 'PATCH',
        url: '/v1/sites/beta',
        headers: { ...json, ...bearer(t.betaKey) },
        payload: JSON.stringify({ policy: { guestsMayComment: true, moderation: 'pre' } }),
      });
      assert.equal(patch.statusCode, 200, patch.body);
      const changed = await t.inject({ url: '/v1/sites/beta/policy', headers: { 'if-none-match': etag } });
      assert.equal(changed.statusCode, 200);
      assert.deepEqual(changed.json(), { site: 'beta', guestsMayRate: false, guestsMayComment: true, moderation: 'pre', guestVotesPerNetworkPerDay: 10, guestProofOfWork: false });
      assert.notEqual(changed.headers.etag, etag);
    });

    it('checks the Origin like every site route: listed or same origin yes, foreign no', async () => {
      const allowed = await t.inject({ url: '/v1/sites/alpha/policy', headers: { origin: ALPHA_ORIGIN } });
      assert.equal(allowed.statusCode, 200);
      assert.equal(allowed.headers['access-control-allow-origin'], ALPHA_ORIGIN);
      assert.equal(allowed.headers['access-control-expose-headers'], 'ETag, Retry-After, Idempotent-Replayed');
      const same = await t.inject({ url: '/v1/sites/alpha/policy', headers: { origin: 'http://kith.example', host: 'kith.example' } });
      assert.equal(same.statusCode, 200);
      const foreign = await t.inject({ url: '/v1/sites/alpha/policy', headers: { origin: 'https://evil.test' } });
      assert.equal(foreign.statusCode, 403);
      assert.equal(foreign.json().error.code, 'origin_not_allowed');
      // The refusal is readable by the refused page (the widget names the origin to add), nothing more.
      assert.equal(foreign.headers['access-control-allow-origin'], 'https://evil.test');
      assert.equal(foreign.headers['access-control-expose-headers'], undefined);
      const anyOrigin = await t.inject({ url: '/v1/sites/beta/policy', headers: { origin: 'https://anyone.test' } });
      assert.equal(anyOrigin.statusCode, 200);
    });

    it('404s an unknown site, 400s a malformed site id and unknown query parameters', async () => {
      const unknown = await t.inject({ url: '/v1/sites/nosuch/policy' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'site_not_found');
      const malformed = await t.inject({ url: '/v1/sites/No_Such/policy' });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error.details[0].path, 'params/site');
      const extra = await t.inject({ url: '/v1/sites/alpha/policy?v=2' });
      assert.equal(extra.statusCode, 400);
      assert.deepEqual(extra.json().error.details, [{ path: 'querystring/v', message: 'is not allowed (unknown property)' }]);
      const wrongMethod = await t.inject({ method: 'PUT', url: '/v1/sites/alpha/policy', headers: json, payload: '{}' });
      assert.equal(wrongMethod.statusCode, 404);
      assert.equal(wrongMethod.json().error.code, 'not_found');
    });
  });
}
