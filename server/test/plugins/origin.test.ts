import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../helpers.ts';

for (const leg of legs()) {
  describe(`origin policy and CORS (${leg.name})`, () => {
    const t = useApp(leg);
    const url = '/v1/sites/alpha/ratings?subject=cors';

    it('lets requests without Origin through, unchecked and without CORS headers', async () => {
      const res = await t.inject({ url });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    });

    it('allows a listed origin and exposes the headers the SDK reads', async () => {
      const res = await t.inject({ url, headers: { origin: ALPHA_ORIGIN } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], ALPHA_ORIGIN);
      assert.equal(res.headers['access-control-expose-headers'], 'ETag, Retry-After, Idempotent-Replayed');
      assert.match(String(res.headers.vary), /Origin/);
    });

    it('refuses a foreign origin on reads and writes, and writes nothing', async () => {
      for (const origin of ['https://evil.test', 'http://crm.alpha.test', 'https://crm.alpha.test:8443', 'null']) {
        const res = await t.inject({ url, headers: { origin } });
        assert.equal(res.statusCode, 403, origin);
        assert.equal(res.json().error.code, 'origin_not_allowed');
        // The refusal is readable there (the widget names the origin to add) and grants nothing else:
        assert.equal(res.headers['access-control-allow-origin'], origin);
        assert.equal(res.headers['access-control-expose-headers'], undefined);
        // Its preflight is answered (plugins/origin-refusal.test.ts): the actual request is what gets refused.
      }
      const put = await t.inject({
        method: 'PUT',
        url: '/v1/sites/alpha/ratings/mine?subject=cors',
        headers: { ...json, ...bearer(await t.user(t.alpha, 'u')), origin: 'https://evil.test' },
        payload: '{"value":5}',
      });
      assert.equal(put.statusCode, 403);
      assert.equal((await t.inject({ url })).json().count, 0);
    });

    it('always allows same-origin pages (Origin host = Host)', async () => {
      const res = await t.inject({ url, headers: { origin: 'http://kith.example:3000', host: 'kith.example:3000' } });
      assert.equal(res.statusCode, 200);
      const foreign = await t.inject({ url, headers: { origin: 'http://kith.example:3001', host: 'kith.example:3000' } });
      assert.equal(foreign.statusCode, 403);
    });

    it('allows any origin where the site lists *', async () => {
      const res = await t.inject({ url: '/v1/sites/beta/ratings?subject=x', headers: { origin: 'https://anyone.test' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], 'https://anyone.test');
    });

    it('answers preflights (for every origin: see origin-refusal.test.ts)', async () => {
      const preflight = (origin: string, path = '/v1/sites/alpha/ratings/mine?subject=x') =>
        t.inject({
          method: 'OPTIONS',
          url: path,
          headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
        });
      const ok = await preflight(ALPHA_ORIGIN);
      assert.equal(ok.statusCode, 204);
      assert.equal(ok.headers['access-control-allow-origin'], ALPHA_ORIGIN);
      assert.equal(ok.headers['access-control-allow-methods'], 'GET, PUT, DELETE, POST, PATCH');
      assert.equal(ok.headers['access-control-allow-headers'], 'Authorization, Content-Type, Idempotency-Key, If-None-Match');
      assert.equal(ok.headers['access-control-max-age'], '600');
      assert.equal((await preflight(ALPHA_ORIGIN, '/v1/sites/alpha')).statusCode, 204);
      const unknownSite = await preflight(ALPHA_ORIGIN, '/v1/sites/nosuch/ratings');
      assert.equal(unknownSite.statusCode, 404);
    });
  });
}
