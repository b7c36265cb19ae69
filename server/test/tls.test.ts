// The server's own HTTPS (TLS_CERT/TLS_KEY), end to end: the real process with a certificate made by
// openssl at test time, requests that trust exactly that certificate, and a plain-HTTP request that gets nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDb } from '../src/db/index.ts';
import { SDK_DIR } from '../src/routes/sdk.ts';
import { signUserToken } from '../src/services/identity.ts';
import { createSite } from '../src/services/sites.ts';
import { selfSignedCertificate, send, type Certificate } from './https.ts';
import { freePort, SERVER_ENTRY, startServerProcess, type ServerProcess } from './process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kith-tls-'));
const DATABASE_URL = `sqlite:${join(dir, 'kith.db')}`;

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const name of ['LOG_REQUESTS', 'PUBLIC_URL', 'TRUST_PROXY', 'TLS_CERT', 'TLS_KEY']) delete base[name];
  return { ...base, ...extra };
}

describe('HTTPS with TLS_CERT and TLS_KEY', () => {
  let certificate: Certificate;
  let server: ServerProcess | undefined;
  let base: string;
  let port: number;
  let secret: string;

  before(async () => {
    certificate = selfSignedCertificate(dir);
    const store = await createDb(DATABASE_URL);
    try {
      secret = (await createSite(store.db, { id: 'acme', name: 'Acme', origins: ['https://crm.acme.test'] })).secret;
    } finally {
      await store.close();
    }
    port = await freePort();
    base = `https://127.0.0.1:${port}`;
    server = await startServerProcess([], env({ PORT: String(port), TLS_CERT: certificate.certFile, TLS_KEY: certificate.keyFile }));
  });

  after(() => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('says https:// in its start line', () => {
    assert.equal(server!.output().trim(), `Kith listening on ${base}`);
  });

  it('answers /healthz, the SDK and a v1 read and write over HTTPS', async () => {
    const ca = certificate.cert;
    const health = await send(`${base}/healthz`, { ca });
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { ok: true });

    const sdk = await send(`${base}/dist/kith.js`, { ca });
    if (existsSync(SDK_DIR)) {
      assert.equal(sdk.status, 200);
      assert.equal(sdk.headers['access-control-allow-origin'], '*');
      assert.equal(sdk.body, readFileSync(join(SDK_DIR, 'kith.js'), 'utf8'));
    } else {
      assert.equal(sdk.status, 404, 'dist/ is not built: the server says so');
    }

    const read = await send(`${base}/v1/sites/acme/ratings?subject=product%2F1`, { ca, headers: { origin: 'https://crm.acme.test' } });
    assert.equal(read.status, 200, read.body);
    assert.equal(JSON.parse(read.body).count, 0);
    assert.equal(read.headers['access-control-allow-origin'], 'https://crm.acme.test');

    const token = await signUserToken(secret, { sub: 'u1', aud: 'acme' });
    const write = await send(`${base}/v1/sites/acme/ratings/mine?subject=product%2F1`, {
      ca,
      method: 'PUT',
      headers: { origin: 'https://crm.acme.test', authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"value":4}',
    });
    assert.equal(write.status, 200, write.body);
    assert.equal(JSON.parse(write.body).summary.count, 1);
  });

  it('is really checked: without trusting the certificate the request fails', async () => {
    await assert.rejects(send(`${base}/healthz`), (error: NodeJS.ErrnoException) => error.code === 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('gives a plain-HTTP request no data', async () => {
    const answer = await send(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res,
      (error: Error) => error,
    );
    if (answer instanceof Error) return; // the connection is closed: nothing was served
    assert.notEqual(answer.status, 200);
    assert.doesNotMatch(answer.body, /"ok"/);
  });

  it('stops gracefully', async () => {
    assert.equal(await server!.stop(), 0);
  });
});

describe('bad TLS settings stop the server with one line', () => {
  it('exits 1 naming the variable, without a stack trace', () => {
    const missing = join(tmpdir(), 'kith-no-such-dir', 'cert.pem');
    const cases: [Record<string, string>, RegExp][] = [
      [{ TLS_CERT: missing }, /^kith: TLS_CERT is set but TLS_KEY is not/],
      [{ TLS_KEY: missing }, /^kith: TLS_KEY is set but TLS_CERT is not/],
      [{ TLS_CERT: missing, TLS_KEY: missing }, /^kith: TLS_CERT: cannot read .*cert\.pem \(no such file\)$/],
      [{ TLS_CERT: SERVER_ENTRY, TLS_KEY: SERVER_ENTRY }, /^kith: TLS_CERT\/TLS_KEY: .* are not a PEM certificate and its private key/],
    ];
    for (const [extra, message] of cases) {
      const res = spawnSync(process.execPath, [SERVER_ENTRY], { env: env({ PORT: '1', ...extra }), encoding: 'utf8' });
      assert.equal(res.status, 1, res.stderr);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.match(res.stderr.trim(), message);
      assert.equal(res.stdout, '');
    }
  });
});
