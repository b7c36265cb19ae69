import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { json, legs, useApp } from '../../../helpers.ts';

for (const leg of legs()) {
  describe(`POST /v1/sites/:site/visitors (${leg.name})`, () => {
    const t = useApp(leg, { GUEST_TOKEN_TTL_DAYS: '30' });

    it('issues a guest token with no body, {} or an empty JSON body', async () => {
      for (const opts of [{}, { headers: json, payload: '{}' }, { headers: json, payload: '' }]) {
        const res = await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors', ...opts });
        assert.equal(res.statusCode, 201, res.body);
        const body = res.json();
        assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'sub', 'token']);
        assert.match(body.sub, /^guest:[0-9a-f-]{36}$/);
        const claims = decodeJwt(body.token);
        assert.equal(claims.iss, 'kith');
        assert.equal(claims.aud, 'alpha');
        assert.equal(claims.sub, body.sub);
        const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
        assert.ok(days > 29.9 && days <= 30, String(days));
      }
    });

    it('gives every visitor a different identity, usable for voting once', async () => {
      const a = (await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors' })).json();
      const b = (await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors' })).json();
      assert.notEqual(a.sub, b.sub);
      for (const { token } of [a, b, a]) {
        const res = await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=v', headers: { ...json, authorization: `Bearer ${token}` }, payload: '{"value":4}' });
        assert.equal(res.statusCode, 200);
      }
      assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings?subject=v' })).json().count, 2);
    });

    it('refuses a body with properties, a non-object, text/plain and invalid JSON', async () => {
      const cases: Array<[Record<string, string>, string, number, string]> = [
        [json, '{"name":"x"}', 400, 'validation_failed'],
        [json, '[]', 400, 'validation_failed'],
        [json, '{"a":', 400, 'invalid_json'],
        [{ 'content-type': 'text/plain' }, 'hi', 415, 'unsupported_media_type'],
      ];
      for (const [headers, payload, status, code] of cases) {
        const res = await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors', headers, payload });
        assert.equal(res.statusCode, status, payload);
        assert.equal(res.json().error.code, code, payload);
      }
    });

    it('403s guests_not_allowed where the policy allows no guest action, 404s an unknown site', async () => {
      const res = await t.inject({ method: 'POST', url: '/v1/sites/beta/visitors' });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'guests_not_allowed');
      const missing = await t.inject({ method: 'POST', url: '/v1/sites/gamma/visitors' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'site_not_found');
    });

    it('a guest token of one site is not accepted on another, nor one past its expiry', async () => {
      const token = (await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors' })).json().token;
      const res = await t.inject({ url: '/v1/sites/beta/ratings/mine?subject=x', headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 401);
      const { issueGuestToken } = await import('../../../../src/services/identity.ts');
      const old = await issueGuestToken(t.alpha, 1, Date.now() - 2 * 86_400_000);
      const expired = await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=x', headers: { authorization: `Bearer ${old.token}` } });
      assert.equal(expired.statusCode, 401);
      assert.equal(expired.json().error.code, 'token_expired');
    });
  });
}
