import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gzipSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { addVary, COMPRESS_THRESHOLD_BYTES } from '../../src/plugins/compression.ts';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../helpers.ts';

const subjects = Array.from({ length: 200 }, (_, i) => `account/${1001 + i}`);
const batchUrl = `/v1/sites/alpha/ratings/batch?${subjects.map((s) => `subject=${encodeURIComponent(s)}`).join('&')}`;

for (const leg of legs()) {
  describe(`response compression (${leg.name})`, () => {
    const t = useApp(leg);

    it('compresses a 200-subject batch with br or gzip as asked; decompressed it is the identity body', async () => {
      await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=account%2F1003', headers: { ...json, ...bearer(await t.user(t.alpha, 'c')) }, payload: '{"value":4}' });
      const identity = await t.inject({ url: batchUrl });
      assert.equal(identity.statusCode, 200);
      assert.equal(identity.headers['content-encoding'], undefined);
      assert.ok(identity.rawPayload.length > COMPRESS_THRESHOLD_BYTES * 10, String(identity.rawPayload.length));
      assert.equal(identity.json().items[2].count, 1);
      assert.match(String(identity.headers.vary), /accept-encoding/);

      const decoders = { br: brotliDecompressSync, gzip: gunzipSync };
      for (const [acceptEncoding, encoding] of [['br', 'br'], ['gzip', 'gzip'], ['gzip, deflate, br', 'br'], ['br;q=0, gzip', 'gzip'], ['*', 'gzip']] as const) {
        const res = await t.inject({ url: batchUrl, headers: { 'accept-encoding': acceptEncoding, origin: ALPHA_ORIGIN } });
        assert.equal(res.statusCode, 200, acceptEncoding);
        assert.equal(res.headers['content-encoding'], encoding, acceptEncoding);
        // Streamed (chunked) above @fastify/compress's sync threshold; when a length is sent it is the compressed one.
        if (res.headers['content-length'] !== undefined) assert.equal(Number(res.headers['content-length']), res.rawPayload.length, acceptEncoding);
        assert.ok(res.rawPayload.length < identity.rawPayload.length / 4, `${acceptEncoding}: ${res.rawPayload.length}`);
        assert.equal(decoders[encoding](res.rawPayload).toString('utf8'), identity.body, acceptEncoding);
        // The same weak ETag for every encoding, and Vary names both headers the answer depends on.
        assert.equal(res.headers.etag, identity.headers.etag);
        assert.deepEqual(String(res.headers.vary).split(',').map((v) => v.trim().toLowerCase()).sort(), ['accept-encoding', 'origin']);
        assert.equal(res.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
      }
      for (const acceptEncoding of ['identity', 'zstd', 'deflate', 'br;q=0, gzip;q=0']) {
        const res = await t.inject({ url: batchUrl, headers: { 'accept-encoding': acceptEncoding } });
        assert.equal(res.headers['content-encoding'], undefined, acceptEncoding);
        assert.equal(res.body, identity.body, acceptEncoding);
      }
    });

    it('keeps 304s working across encodings: the tag of a br answer revalidates a gzip one', async () => {
      const br = await t.inject({ url: batchUrl, headers: { 'accept-encoding': 'br' } });
      const res = await t.inject({ url: batchUrl, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) } });
      assert.equal(res.statusCode, 304);
      assert.equal(res.rawPayload.length, 0);
      assert.equal(res.headers['content-encoding'], undefined);
      assert.match(String(res.headers.vary), /accept-encoding/);
    });

    it('leaves small JSON alone but still says Vary: Accept-Encoding', async () => {
      const res = await t.inject({ url: '/v1/sites/alpha/ratings?subject=small', headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], undefined);
      assert.deepEqual(res.json(), { subject: 'small', average: 0, count: 0, histogram: [0, 0, 0, 0, 0] });
      assert.match(String(res.headers.vary), /accept-encoding/);
      const notFound = await t.inject({ url: '/nowhere', headers: { 'accept-encoding': 'br' } });
      assert.equal(notFound.statusCode, 404);
      assert.equal(notFound.json().error.code, 'not_found');
      assert.match(String(notFound.headers.vary), /accept-encoding/);
    });

    it('compresses the OpenAPI document, and never decodes compressed request bodies (400, nothing written)', async () => {
      const doc = await t.inject({ url: '/v1/openapi.json', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(doc.headers['content-encoding'], 'gzip');
      assert.match(JSON.parse(gunzipSync(doc.rawPayload).toString('utf8')).openapi, /^3\./);
      const res = await t.inject({
        method: 'PUT',
        url: '/v1/sites/alpha/ratings/mine?subject=gzipped',
        headers: { ...json, ...bearer(await t.user(t.alpha, 'gz')), 'content-encoding': 'gzip' },
        payload: gzipSync('{"value":5}'),
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'invalid_json');
      assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings?subject=gzipped' })).json().count, 0);
    });
  });
}

describe('addVary', () => {
  it('appends a token once, case-insensitively, and leaves Vary: * alone', async () => {
    const app = Fastify();
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'accept-encoding'],
      ['Origin', 'Origin, accept-encoding'],
      ['Origin, Accept-Encoding', 'Origin, Accept-Encoding'],
      ['*', '*'],
    ];
    app.get('/', async (request, reply) => {
      const initial = request.headers['x-initial'];
      if (typeof initial === 'string') reply.header('vary', initial);
      addVary(reply, 'accept-encoding');
      addVary(reply, 'accept-encoding');
      return 'ok';
    });
    for (const [initial, expected] of cases) {
      const res = await app.inject({ url: '/', headers: initial ? { 'x-initial': initial } : {} });
      assert.equal(res.headers.vary, expected, String(initial));
    }
    await app.close();
  });
});
