// /dist/ path tricks: non-canonical paths are 403 forbidden_path, traversal out of dist/ and unknown
// files 404 not_found, undecodable escapes 400; never a file outside dist/, never a 5xx. Over inject and
// over a raw socket (inject normalizes `..` and `.` segments before the server sees them).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SDK_DIR } from '../../src/routes/sdk.ts';
import { legs, useApp } from '../helpers.ts';
import { errorOf, rawRequest } from '../raw-http.ts';

const skip = existsSync(join(SDK_DIR, 'kith.js')) ? false : 'dist/ is not built: run npm run build';

/** Path, then the status and code over a raw socket. */
const CASES: Array<[string, number, string]> = [
  ['/dist//kith.js', 403, 'forbidden_path'],
  ['/dist/./kith.js', 403, 'forbidden_path'],
  ['/dist/chunks/../kith.js', 403, 'forbidden_path'],
  ['/dist/a/%2e%2e/kith.js', 403, 'forbidden_path'],
  ['/dist/../package.json', 403, 'forbidden_path'],
  ['/dist/%2e%2e/%2e%2e/package.json', 403, 'forbidden_path'],
  ['/dist/..\\package.json', 403, 'forbidden_path'],
  ['/dist/%5c..%5cpackage.json', 403, 'forbidden_path'],
  ['/dist/%00', 403, 'forbidden_path'],
  ['/dist/kith.js%00', 403, 'forbidden_path'],
  ['/dist/', 403, 'forbidden_path'],
  [`/dist/${'a'.repeat(5000)}`, 403, 'forbidden_path'],
  ['/dist/..%2f..%2fpackage.json', 404, 'not_found'],
  ['/dist/%2e%2e%2f%2e%2e%2fpackage.json', 404, 'not_found'],
  ['/dist/%252e%252e/package.json', 404, 'not_found'],
  ['/dist/nope.js', 404, 'not_found'],
  ['/dist/kith.js.br', 404, 'not_found'],
  ['/dist/.hidden', 404, 'not_found'],
  ['/dist/%C0%AE%C0%AE/package.json', 400, 'validation_failed'],
  ['/dist/%E0%A4%A', 400, 'validation_failed'],
];

for (const leg of legs()) {
  describe(`/dist/ path tricks (${leg.name})`, { skip }, () => {
    const t = useApp(leg);

    it('refuses non-canonical paths with 403 forbidden_path and traversal with 404, in the error shape', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = Number(new URL(address).port);
      for (const [path, status, code] of CASES) {
        const raw = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        const what = path.slice(0, 60);
        assert.equal(raw.status, status, `${what}: ${raw.head}`);
        assert.equal(errorOf(raw)?.code, code, `${what}: ${raw.body}`);
        assert.doesNotMatch(raw.body, /"name"\s*:\s*"kith-elements"/, what);
        // Through inject (which normalizes dot segments first) the answer may differ, but it is a 4xx or the
        // SDK's own loader, never a 5xx or a file from outside dist/.
        const res = await t.inject({ url: path });
        assert.ok(res.statusCode < 500, `${what}: ${res.statusCode}`);
        if (res.statusCode >= 400) assert.equal(typeof res.json().error.code, 'string', what);
        else assert.match(res.body, /kith\.config/, what);
      }
      assert.equal((await t.inject({ url: '/dist/kith.js' })).statusCode, 200);
    });
  });
}
