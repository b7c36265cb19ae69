import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { bearer, json, legs, useApp } from '../helpers.ts';

for (const leg of legs()) {
  describe(`error responses (${leg.name})`, () => {
    const t = useApp(leg, { BODY_LIMIT: '2048' });
    const url = '/v1/sites/alpha/ratings/mine?subject=err';

    it('maps oversize, wrong media type, invalid JSON and bad URLs to 4xx with the error shape', async () => {
      const token = await t.user(t.alpha, 'err');
      const cases: Array<[Record<string, string>, string, number, string]> = [
        [json, JSON.stringify({ value: 3, pad: 'x'.repeat(3000) }), 413, 'payload_too_large'],
        [{ 'content-type': 'text/plain' }, '{"value":3}', 415, 'unsupported_media_type'],
        [{ 'content-type': 'application/x-www-form-urlencoded' }, 'value=3', 415, 'unsupported_media_type'],
        [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x--', 415, 'unsupported_media_type'],
        [json, '{"value":3', 400, 'invalid_json'],
        [json, "{'value':3}", 400, 'invalid_json'],
        [{ 'content-type': 'application/json; charset=utf-8' }, 'nope', 400, 'invalid_json'],
        // Deeper than MAX_JSON_DEPTH (32): refused before any code walks it (33 levels of arrays, then of objects).
        [json, '['.repeat(33) + ']'.repeat(33), 400, 'invalid_json'],
        [json, '{"value":'.repeat(33) + '3' + '}'.repeat(33), 400, 'invalid_json'],
      ];
      for (const [headers, payload, status, code] of cases) {
        const res = await t.inject({ method: 'PUT', url, headers: { ...headers, ...bearer(token) }, payload });
        assert.equal(res.statusCode, status, `${headers['content-type']} ${payload.slice(0, 20)}`);
        assert.equal(res.json().error.code, code);
        assert.equal(typeof res.json().error.message, 'string');
      }
      const ok = await t.inject({ method: 'PUT', url, headers: { 'content-type': 'application/json; charset=utf-8', ...bearer(token) }, payload: '{"value":3}' });
      assert.equal(ok.statusCode, 200);
    });

    it('answers unknown routes and methods with 404 not_found', async () => {
      for (const [method, path] of [['GET', '/nope'], ['GET', '/v1/sites/alpha/unknown'], ['POST', '/v1/sites/alpha/ratings?subject=x'], ['GET', '/v1']] as const) {
        const res = await t.inject({ method, url: path });
        assert.equal(res.statusCode, 404, path);
        assert.equal(res.json().error.code, 'not_found');
      }
    });

    it('answers malformed URLs and odd input with 4xx, never 5xx', async () => {
      const token = await t.user(t.alpha, 'odd');
      const requests = [
        { url: '/v1/sites/%E0%A4%A/ratings?subject=x' },
        { url: '/v1/sites/alpha/ratings?subject=%E0%A4%A' },
        { url: '/v1/sites/alpha/ratings?subject[a]=1' },
        { url: '/v1/sites/alpha/ratings/mine?subject=x', headers: { authorization: 'Bearer ' } },
        { url: '/v1/sites/alpha/ratings/mine?subject=x', headers: { authorization: `Bearer ${'a'.repeat(5000)}` } },
        { url: '/v1/sites/alpha/ratings/mine?subject=x', headers: { authorization: 'Bearer a.b.c' } },
        { method: 'PUT' as const, url: '/v1/sites/alpha/ratings/mine?subject=x', headers: { ...json, ...bearer(token) }, payload: 'null' },
        { method: 'PUT' as const, url: '/v1/sites/alpha/ratings/mine?subject=x', headers: { ...json, ...bearer(token) }, payload: '{"__proto__":{"value":3}}' },
        { method: 'PUT' as const, url: '/v1/sites/alpha/ratings/mine?subject=x', headers: { ...json, ...bearer(token) }, payload: '{"value":1e400}' },
        { method: 'PATCH' as const, url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: '{}' },
        { method: 'DELETE' as const, url: '/v1/sites/alpha/ratings/mine', headers: bearer(token) },
        { url: '/v1/sites/alpha/ratings/batch?subject=%E0%A4%A' },
        { url: '/v1/sites/alpha/ratings/batch?subject=a&subject=%E0%A4%A&subject=' },
        { url: '/v1/sites/alpha/ratings/batch?subject[]=a&subject[]=b' },
        { url: '/v1/sites/alpha/ratings/batch?__proto__=x&subject=a' },
        { url: '/v1/sites/alpha/ratings/batch?subject=a&constructor=b' },
        { url: '/v1/sites/alpha/ratings/mine/batch?subject=%E0%A4%A', headers: bearer(token) },
        { url: '/v1/sites/alpha/ratings/mine/batch?subject&subject', headers: bearer(token) },
        { url: '/v1/sites/alpha/policy?__proto__=x' },
      ];
      for (const request of requests) {
        const res = await t.inject(request);
        assert.ok(res.statusCode >= 200 && res.statusCode < 500, `${request.url}: ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) assert.equal(typeof res.json().error.code, 'string', res.body);
      }
    });

    it('answers a request line over the 16 KB header limit with 431 in the error shape, not a bare socket error', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      // 200 subjects of 100 characters: a URL of about 21 KB, more than the SDK ever sends in one request.
      const subjects = Array.from({ length: 200 }, (_, i) => `subject=${String(i).padStart(100, 'x')}`).join('&');
      const raw = await new Promise<string>((done, fail) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`GET /v1/sites/alpha/ratings/batch?${subjects} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('close', () => done(text));
        socket.on('error', fail);
      });
      const [head, body] = raw.split('\r\n\r\n');
      assert.match(head!, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      assert.match(head!, /content-type: application\/json; charset=utf-8/i);
      assert.deepEqual(JSON.parse(body!), {
        error: { code: 'headers_too_large', message: 'the request line and headers exceed the 16 KB the server accepts; ask for fewer subjects per batch' },
      });
      // The same subjects in a URL under the limit are answered.
      const half = subjects.split('&').slice(0, 100).join('&');
      const res = await fetch(`${address}/v1/sites/alpha/ratings/batch?${half}`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { items: unknown[] }).items.length, 100);
    });
  });
}
