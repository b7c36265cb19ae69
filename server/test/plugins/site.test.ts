// plugins/site.ts loads the site from the matched route's parameters, so every spelling of a site path the
// router accepts (percent-encoded segments, an absolute-form request line) gets the answer of its decoded
// form, and every other spelling a 4xx; never a 5xx.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legs, useApp } from '../helpers.ts';
import { errorOf, rawRequest } from '../raw-http.ts';
import { operations, validRequest } from '../site-routes.ts';

/** Spellings the router decodes to /v1/sites/alpha/<rest>. */
function sameSite(rest: string): string[] {
  const tail = rest ? `/${rest}` : '';
  const encodedTail = rest ? `/%${rest.charCodeAt(0).toString(16)}${rest.slice(1)}` : '';
  return [
    `/v1/site%73/alpha${tail}`,
    `/%761/sites/alpha${tail}`,
    `/v1/%73ites/alpha${tail}`,
    `/v1/sites/%61lpha${tail}`,
    `/v1/sites/%61%6C%70%68%61${tail}`,
    `/v1/sites/%61%6c%70%68%61${tail}`,
    `/%76%31/%73%69%74%65%73/alpha${tail}`,
    `/v1/sites/alpha${encodedTail}`,
  ];
}

/** Spellings that name no site or a malformed one. */
function otherSite(rest: string): string[] {
  const tail = rest ? `/${rest}` : '';
  return [
    `/v1/sites/%2561lpha${tail}`,
    `/v1/sites/alpha%2F${tail}`,
    `/v1/sites/%C0%AFalpha${tail}`,
    `/v1/sites/al%00pha${tail}`,
    `/v1/sites/%E0%A4%A${tail}`,
    `/v1/sites/ALPHA${tail}`,
    `/v1/sites/nosuch${tail}`,
    `/v1/sites/n%6Fsuch${tail}`,
  ];
}

for (const leg of legs()) {
  describe(`the site of a request (${leg.name})`, () => {
    const t = useApp(leg);

    it('answers every site route the same for every spelling the router decodes to it', async () => {
      const ops = (await operations(t)).filter((op) => op.path.startsWith('/v1/sites/{site}'));
      assert.ok(ops.length >= 9, 'the document lists the site routes');
      for (const op of ops) {
        const plain = await validRequest(t, op, { sub: `spell-${op.method}` });
        const [path, query = ''] = plain.url.split('?');
        const rest = path!.replace('/v1/sites/alpha', '').replace(/^\//, '');
        const expected = await t.inject(plain);
        assert.ok(expected.statusCode < 300, `${op.method} ${plain.url}: ${expected.statusCode} ${expected.body}`);
        // The same comment posted twice is a duplicate (409): each spelling posts it as another user. A tag
        // merged or deleted is gone: each spelling's request sets its fixture up again.
        const anew = (op.method === 'POST' && op.path === '/v1/sites/{site}/comments') || op.path.startsWith('/v1/sites/{site}/tags/moderation/');
        for (const [i, spelling] of sameSite(rest).entries()) {
          const url = `${spelling}${query ? `?${query}` : ''}`;
          const res = await t.inject({ ...(anew ? await validRequest(t, op, { sub: `spell-${op.method}-${i}` }) : plain), url });
          assert.equal(res.statusCode, expected.statusCode, `${op.method} ${url}: ${res.body}`);
          // A proof-of-work challenge is random by design: the same fields, not the same values.
          if (op.path.endsWith('/visitors/challenge')) assert.deepEqual(Object.keys(res.json()).sort(), Object.keys(expected.json()).sort(), url);
          else if (op.method === 'GET' && /json/.test(String(expected.headers['content-type']))) assert.deepEqual(res.json(), expected.json(), `${op.method} ${url}`);
          else if (op.method === 'GET') assert.equal(res.body, expected.body, `${op.method} ${url}`);
        }
        for (const spelling of otherSite(rest)) {
          const url = `${spelling}${query ? `?${query}` : ''}`;
          const res = await t.inject({ ...plain, url });
          assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${op.method} ${url}: ${res.statusCode} ${res.body}`);
          assert.equal(typeof res.json().error.code, 'string', `${op.method} ${url}`);
        }
      }
    });

    it('applies the origin check and the unknown-site 404 to encoded spellings too', async () => {
      const foreign = await t.inject({ url: '/v1/site%73/alpha/ratings?subject=x', headers: { origin: 'https://evil.test' } });
      assert.equal(foreign.statusCode, 403);
      assert.equal(foreign.json().error.code, 'origin_not_allowed');
      const unknown = await t.inject({ url: '/%761/sites/n%6Fsuch/ratings?subject=x' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'site_not_found');
      const preflight = await t.inject({
        method: 'OPTIONS',
        url: '/v1/site%73/%61lpha/ratings/mine?subject=x',
        headers: { origin: 'https://evil.test', 'access-control-request-method': 'PUT' },
      });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], 'https://evil.test');
    });

    it('answers absolute-form request lines like their path, on a listening server', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = Number(new URL(address).port);
      const get = (target: string) => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const plain = await get('/v1/sites/alpha/ratings?subject=abs');
      assert.equal(plain.status, 200);
      for (const target of [
        'http://127.0.0.1/v1/sites/alpha/ratings?subject=abs',
        'http://other.example/v1/sites/alpha/ratings?subject=abs',
        'http://127.0.0.1/v1/site%73/alpha/ratings?subject=abs',
        'http://127.0.0.1/%761/sites/%61lpha/ratings?subject=abs',
        'https://127.0.0.1:1/v1/sites/alpha/policy',
      ]) {
        const res = await get(target);
        assert.equal(res.status, 200, `${target}: ${res.head} ${res.body}`);
      }
      for (const target of ['http://127.0.0.1/v1/sites/nosuch/ratings?subject=abs', 'http://127.0.0.1/v1/sites/%2561lpha/ratings?subject=abs']) {
        const res = await get(target);
        assert.ok(res.status >= 400 && res.status < 500, `${target}: ${res.head}`);
        assert.ok(errorOf(res), `${target}: ${res.body}`);
      }
    });
  });
}
