// /dist/: the SDK files, precompressed by `npm run build` (scripts/precompress.mjs) and sent in the encoding
// the browser accepts. Needs a build; `npm test` builds first.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { SDK_DIR } from '../../src/routes/sdk.ts';
import { legs, useApp } from '../helpers.ts';

const loader = join(SDK_DIR, 'kith.js');
const skip = !existsSync(loader)
  ? 'dist/ is not built: run npm run build'
  : !existsSync(`${loader}.br`) || !existsSync(`${loader}.gz`)
    ? 'dist/ has no precompressed files: run npm run build (its last step is scripts/precompress.mjs)'
    : false;
const vary = (res: { headers: Record<string, unknown> }) => String(res.headers.vary ?? '').toLowerCase();

for (const leg of legs()) {
  describe(`GET /dist/ (${leg.name})`, { skip }, () => {
    const t = useApp(leg);
    const file = (suffix = '') => readFileSync(loader + suffix);

    it('sends the .br bytes for Accept-Encoding: br, the .gz bytes for gzip, the file itself otherwise, all with Vary', async () => {
      const cases: Array<[string | undefined, string | undefined, string]> = [
        ['br', 'br', '.br'],
        ['gzip, deflate, br', 'br', '.br'],
        ['gzip', 'gzip', '.gz'],
        ['br;q=0, gzip', 'gzip', '.gz'],
        [undefined, undefined, ''],
        ['identity', undefined, ''],
        ['deflate', undefined, ''],
      ];
      for (const [acceptEncoding, encoding, suffix] of cases) {
        const res = await t.inject({ url: '/dist/kith.js', headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
        const what = String(acceptEncoding);
        assert.equal(res.statusCode, 200, what);
        assert.equal(res.headers['content-encoding'], encoding, what);
        assert.deepEqual(res.rawPayload, file(suffix), what);
        assert.match(String(res.headers['content-type']), /javascript/, what);
        assert.match(vary(res), /accept-encoding/, what);
        assert.equal(res.headers['access-control-allow-origin'], '*', what);
        assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', what);
        assert.equal(res.headers['cache-control'], 'public, max-age=300', what);
      }
      // And the compressed files are the loader, compressed once (not twice).
      assert.deepEqual(brotliDecompressSync(file('.br')), file());
      assert.deepEqual(gunzipSync(file('.gz')), file());
    });

    it('gives each encoding its own ETag and answers a matching If-None-Match with 304', async () => {
      const br = await t.inject({ url: '/dist/kith.js', headers: { 'accept-encoding': 'br' } });
      const gzip = await t.inject({ url: '/dist/kith.js', headers: { 'accept-encoding': 'gzip' } });
      assert.ok(br.headers.etag);
      assert.notEqual(br.headers.etag, gzip.headers.etag);
      const again = await t.inject({ url: '/dist/kith.js', headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) } });
      assert.equal(again.statusCode, 304);
      assert.match(vary(again), /accept-encoding/);
      const other = await t.inject({ url: '/dist/kith.js', headers: { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) } });
      assert.equal(other.statusCode, 200);
      assert.equal(other.headers['content-encoding'], 'gzip');
    });

    it('serves hashed chunks precompressed and immutable', async () => {
      const index = await t.inject({ url: '/dist/kith.js' });
      const chunk = /chunks\/[\w.-]+\.js/.exec(index.body)?.[0] ?? /chunks\/[\w.-]+\.js/.exec(readFileSync(join(SDK_DIR, 'index.js'), 'utf8'))?.[0];
      assert.ok(chunk, 'the build names at least one chunk');
      const res = await t.inject({ url: `/dist/${chunk}`, headers: { 'accept-encoding': 'br' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], 'br');
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.deepEqual(brotliDecompressSync(res.rawPayload), readFileSync(join(SDK_DIR, chunk)));
    });

    it('does not serve the .br and .gz files by their own names (404), and 404s say Vary too', async () => {
      for (const url of ['/dist/kith.js.br', '/dist/kith.js.gz', '/dist/KITH.JS.BR']) {
        for (const headers of [{}, { 'accept-encoding': 'br, gzip' }]) {
          const res = await t.inject({ url, headers });
          assert.equal(res.statusCode, 404, `${url} ${JSON.stringify(headers)}`);
          assert.equal(res.json().error.code, 'not_found');
          assert.match(vary(res), /accept-encoding/);
        }
      }
      const missing = await t.inject({ url: '/dist/nope.js', headers: { 'accept-encoding': 'br' } });
      assert.equal(missing.statusCode, 404);
      assert.match(vary(missing), /accept-encoding/);
    });
  });
}
