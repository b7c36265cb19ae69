// A page on an origin the site does not list: its preflights are answered, so the browser sends the actual
// request, and the 403 refusing it is readable there and says what fixes it (plugins/origin.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../helpers.ts';

const FOREIGN = 'https://crm.example';
const subjectUrl = (subject: string) => `/v1/sites/alpha/ratings/mine?subject=${subject}`;

function preflightHeaders(origin: string, method: string) {
  return { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,idempotency-key' };
}

/** Kith never lets a browser send cookies along: no response of this file may say otherwise. */
function assertNoCredentials(res: LightMyRequestResponse) {
  assert.equal(res.headers['access-control-allow-credentials'], undefined);
}

function assertRefusal(res: LightMyRequestResponse, origin: string, site = 'alpha') {
  assert.equal(res.statusCode, 403, res.body);
  assert.equal(res.headers['access-control-allow-origin'], origin);
  assert.equal(res.headers['access-control-expose-headers'], undefined);
  assertNoCredentials(res);
  assert.deepEqual(res.json(), {
    error: {
      code: 'origin_not_allowed',
      message: `This page's origin ${origin} may not use site ${site}`,
      details: { origin, site, fix: `npm run kith -- site update ${site} --add-origin ${origin}` },
    },
  });
}

for (const leg of legs()) {
  describe(`a refused origin reads its refusal (${leg.name})`, () => {
    const t = useApp(leg);

    it('answers its preflight 204 with the same CORS headers an allowed origin gets', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'POST', 'PATCH']) {
        const refused = await t.inject({ method: 'OPTIONS', url: subjectUrl('x'), headers: preflightHeaders(FOREIGN, method) });
        const allowed = await t.inject({ method: 'OPTIONS', url: subjectUrl('x'), headers: preflightHeaders(ALPHA_ORIGIN, method) });
        assert.equal(refused.statusCode, 204, method);
        assert.equal(refused.headers['access-control-allow-origin'], FOREIGN);
        assert.equal(refused.body, '');
        assertNoCredentials(refused);
        for (const header of ['access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age', 'vary']) {
          assert.equal(refused.headers[header], allowed.headers[header], header);
        }
        assert.match(String(refused.headers.vary), /Origin/);
      }
    });

    it('refuses the actual GET, PUT and DELETE with Authorization with a readable 403, and writes nothing', async () => {
      const token = await t.user(t.alpha, 'refused-user');
      const auth = { ...bearer(token), origin: FOREIGN };
      assertRefusal(await t.inject({ url: subjectUrl('refused'), headers: auth }), FOREIGN);
      assertRefusal(await t.inject({ method: 'PUT', url: subjectUrl('refused'), headers: { ...auth, ...json }, payload: '{"value":5}' }), FOREIGN);
      assertRefusal(await t.inject({ method: 'DELETE', url: subjectUrl('refused'), headers: auth }), FOREIGN);
      assertRefusal(await t.inject({ url: '/v1/sites/alpha/ratings?subject=refused', headers: { origin: FOREIGN } }), FOREIGN);
      // Nothing got through: the same user, without an Origin, has no vote and the subject none.
      assert.equal((await t.inject({ url: subjectUrl('refused'), headers: bearer(token) })).json().value, null);
      assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings?subject=refused' })).json().count, 0);
    });

    it('refuses before anything else looks at the request: body, credential, site key', async () => {
      const headers = { origin: FOREIGN, ...json };
      // Each of these would be a 400, 401 or 201 from an allowed origin.
      assertRefusal(await t.inject({ method: 'PUT', url: subjectUrl('early'), headers: { ...headers, ...bearer('not-a-token') }, payload: '{"value":5}' }), FOREIGN);
      assertRefusal(await t.inject({ method: 'PUT', url: subjectUrl('early'), headers: { ...headers, ...bearer(await t.user(t.alpha, 'u')) }, payload: '{' }), FOREIGN);
      assertRefusal(await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors', headers, payload: '{}' }), FOREIGN);
      assertRefusal(await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...headers, ...bearer(t.alphaKey) }, payload: '{"name":"x"}' }), FOREIGN);
      assert.equal((await t.inject({ url: '/v1/sites/alpha', headers: bearer(t.alphaKey) })).json().name, 'Alpha CRM');
    });

    it('names the origin to add on another site too, and no command for an origin that cannot be added', async () => {
      const onlyStar = await t.inject({ url: '/v1/sites/beta/ratings?subject=x', headers: { origin: 'null' } });
      assert.equal(onlyStar.statusCode, 200); // beta lists *
      for (const origin of ['null', 'https://crm.example/; rm -rf ~']) {
        const res = await t.inject({ url: '/v1/sites/alpha/ratings?subject=x', headers: { origin } });
        assert.equal(res.statusCode, 403);
        const { details } = res.json().error;
        assert.equal(details.origin, origin);
        assert.equal(details.site, 'alpha');
        assert.doesNotMatch(details.fix, /npm run kith/);
        assert.match(details.fix, /cannot be added/);
      }
    });

    it('leaves allowed origins as they were: preflight 204, actual request answered with exposed headers', async () => {
      const token = await t.user(t.alpha, 'allowed-user');
      const preflight = await t.inject({ method: 'OPTIONS', url: subjectUrl('allowed'), headers: preflightHeaders(ALPHA_ORIGIN, 'PUT') });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], ALPHA_ORIGIN);
      assertNoCredentials(preflight);
      const put = await t.inject({
        method: 'PUT',
        url: subjectUrl('allowed'),
        headers: { ...bearer(token), ...json, origin: ALPHA_ORIGIN },
        payload: '{"value":4}',
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.headers['access-control-allow-origin'], ALPHA_ORIGIN);
      assert.equal(put.headers['access-control-expose-headers'], 'ETag, Retry-After, Idempotent-Replayed');
      assertNoCredentials(put);
      const mine = await t.inject({ url: subjectUrl('allowed'), headers: { ...bearer(token), origin: ALPHA_ORIGIN } });
      assert.equal(mine.json().value, 4);
      const none = await t.inject({ url: subjectUrl('allowed'), headers: bearer(token) });
      assert.equal(none.headers['access-control-allow-origin'], undefined);
      assertNoCredentials(none);
    });
  });
}
