// docs/examples/nginx.conf for real: nginx (when installed) with that file, in front of the real server, over
// HTTPS with a certificate made at test time. The file is used as written except for the values on its lines
// marked EDIT (ports, upstream, certificate paths), which are swapped for temporary ones below; a small
// main configuration stands in for Debian's /etc/nginx/nginx.conf, with every path in a temporary prefix.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDb } from '../src/db/index.ts';
import { REPO_ROOT, SDK_DIR } from '../src/routes/sdk.ts';
import { signUserToken } from '../src/services/identity.ts';
import { createSite } from '../src/services/sites.ts';
import { selfSignedCertificate, send, type Certificate } from './https.ts';
import { freePort, startServerProcess, type ServerProcess } from './process.ts';

const EXAMPLE = join(REPO_ROOT, 'docs/examples/nginx.conf');
const NGINX = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
const SKIP = NGINX ? false : 'nginx is not installed (apt-get install nginx; .ci/run does)';

/** A client address nginx sees that is neither nginx itself nor anything a header claims. */
const CLIENT = '127.0.0.3';
const ALLOWED_ORIGIN = 'https://crm.acme.test';

interface Nginx {
  https: string;
  http: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The example with its EDIT values swapped; each must be found exactly as often as written, so a changed
 * example fails here instead of being tested half-rewritten. */
function rewrite(example: string, upstreamPort: number, httpPort: number, httpsPort: number, certificate: Certificate): string {
  const swaps: [string, string, number][] = [
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${upstreamPort};`, 1],
    ['listen 80;', `listen 127.0.0.1:${httpPort};`, 1],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`, 1],
    ['ssl_certificate /etc/letsencrypt/live/kith.example.com/fullchain.pem;', `ssl_certificate ${certificate.certFile};`, 1],
    ['ssl_certificate_key /etc/letsencrypt/live/kith.example.com/privkey.pem;', `ssl_certificate_key ${certificate.keyFile};`, 1],
  ];
  let text = example;
  for (const [from, to, times] of swaps) {
    const marked = `${from}  # EDIT`;
    assert.equal(text.split(marked).length - 1, times, `docs/examples/nginx.conf should contain ${JSON.stringify(marked)} ${times}×`);
    text = text.replaceAll(marked, `${to}  # EDIT`);
  }
  const directives = text.replace(/#.*$/gm, '');
  assert.doesNotMatch(directives, /:3000;|\b80;|\b443\b|letsencrypt/, 'a value the test did not swap');
  return text;
}

function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  return new Promise((ready, fail) => {
    const attempt = () => {
      if (child.exitCode !== null) return fail(new Error(`nginx exited with ${child.exitCode}:\n${output()}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        ready();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) fail(new Error(`nginx did not listen on ${port} in 10 s:\n${output()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

async function startNginx(prefix: string, upstreamPort: number, certificate: Certificate): Promise<Nginx> {
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  writeFileSync(join(prefix, 'kith.conf'), rewrite(readFileSync(EXAMPLE, 'utf8'), upstreamPort, httpPort, httpsPort, certificate));
  // What Debian's nginx.conf provides around conf.d/*.conf, with the pid, logs and temp files in the prefix.
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')} warn;`,
      'events { worker_connections 64; }',
      'http {',
      `  access_log ${join(prefix, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(prefix, kind)};`),
      `  include ${join(prefix, 'kith.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  execFileSync(NGINX, ['-t', '-q', '-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], { stdio: 'pipe' });
  const child = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const log = () => `${output}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`;
  await waitForPort(httpsPort, child, log);
  await waitForPort(httpPort, child, log);
  return {
    https: `https://127.0.0.1:${httpsPort}`,
    http: `http://127.0.0.1:${httpPort}`,
    process: child,
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM'); // the master stops its workers
      return exited;
    },
  };
}

describe('docs/examples/nginx.conf in front of the real server', { skip: SKIP }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-nginx-'));
  // nginx's workers drop root and must still reach their temp folders in here.
  chmodSync(dir, 0o755);
  const DATABASE_URL = `sqlite:${join(dir, 'kith.db')}`;
  let certificate: Certificate;
  let kith: ServerProcess;
  let kithPort: number;
  let nginx: Nginx;
  const cleanups: (() => unknown)[] = [];

  before(async () => {
    certificate = selfSignedCertificate(dir);
    kithPort = await freePort();
    nginx = await startNginx(dir, kithPort, certificate);
    cleanups.push(() => nginx.stop());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(kithPort),
      HOST: '127.0.0.1',
      DATABASE_URL,
      TRUST_PROXY: '127.0.0.1',
      PUBLIC_URL: nginx.https,
      // The per-request log line shows the client address Kith settled on.
      LOG_REQUESTS: 'true',
      LOG_LEVEL: 'info',
    };
    for (const name of ['TLS_CERT', 'TLS_KEY']) delete env[name];
    kith = await startServerProcess([], env);
    cleanups.push(() => kith.child.exitCode === null && kith.stop());
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  let secret: string;

  it('serves the script tag the admin CLI prints with PUBLIC_URL, precompressed and with CORS', async () => {
    const store = await createDb(DATABASE_URL);
    try {
      secret = (await createSite(store.db, { id: 'acme', name: 'Acme', origins: [ALLOWED_ORIGIN] })).secret;
    } finally {
      await store.close();
    }
    const shown = spawnSync(process.execPath, [join(REPO_ROOT, 'server/src/cli.ts'), 'site', 'show', 'acme'], {
      env: { ...process.env, DATABASE_URL, PUBLIC_URL: nginx.https },
      encoding: 'utf8',
    });
    assert.equal(shown.status, 0, shown.stderr);
    const src = /<script src="([^"]+)" data-site="acme"><\/script>/.exec(shown.stdout)?.[1];
    assert.equal(src, `${nginx.https}/dist/kith.js`);

    const plain = await send(src, { ca: certificate.cert, headers: { origin: ALLOWED_ORIGIN } });
    if (!existsSync(SDK_DIR)) {
      assert.equal(plain.status, 404, 'dist/ is not built: Kith says so, through nginx');
      return;
    }
    assert.equal(plain.status, 200);
    assert.equal(plain.body, readFileSync(join(SDK_DIR, 'kith.js'), 'utf8'));
    assert.equal(plain.headers['access-control-allow-origin'], '*');
    if (existsSync(join(SDK_DIR, 'kith.js.br'))) {
      const br = await send(src, { ca: certificate.cert, headers: { 'accept-encoding': 'br' } });
      assert.equal(br.status, 200);
      assert.equal(br.headers['content-encoding'], 'br');
    }
  });

  it('passes a v1 read with CORS for an allowed origin', async () => {
    const read = await send(`${nginx.https}/v1/sites/acme/ratings?subject=product%2F1`, { ca: certificate.cert, headers: { origin: ALLOWED_ORIGIN } });
    assert.equal(read.status, 200, read.body);
    assert.equal(JSON.parse(read.body).count, 0);
    assert.equal(read.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
  });

  it('passes a v1 write; Kith takes the client IP from nginx, not from a header the client made up', async () => {
    const token = await signUserToken(secret, { sub: 'u1', aud: 'acme' });
    const write = await send(`${nginx.https}/v1/sites/acme/ratings/mine?subject=product%2F1`, {
      ca: certificate.cert,
      localAddress: CLIENT,
      method: 'PUT',
      headers: {
        origin: ALLOWED_ORIGIN,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'http',
      },
      body: '{"value":5}',
    });
    assert.equal(write.status, 200, write.body);
    assert.equal(JSON.parse(write.body).summary.count, 1);
    const logged = kith
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; req?: { method: string; url: string; remoteAddress: string } })
      .find((line) => line.msg === 'incoming request' && line.req?.method === 'PUT');
    assert.ok(logged, kith.output());
    assert.equal(logged.req!.remoteAddress, CLIENT);
  });

  it('keeps the origin rule: a page of the Kith host itself may write, another origin may not', async () => {
    const token = await signUserToken(secret, { sub: 'u2', aud: 'acme' });
    const put = (origin: string) =>
      send(`${nginx.https}/v1/sites/acme/ratings/mine?subject=product%2F1`, {
        ca: certificate.cert,
        method: 'PUT',
        headers: { origin, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"value":3}',
      });
    // Same origin as the address in the browser (port included): Host reaches Kith as the browser sent it.
    assert.equal((await put(nginx.https)).status, 200);
    const refused = await put('https://elsewhere.test');
    assert.equal(refused.status, 403);
    assert.equal(JSON.parse(refused.body).error.code, 'origin_not_allowed');
  });

  it('passes the live stream on as it comes: an event arrives while the stream stays open', async () => {
    const token = await signUserToken(secret, { sub: 'u3', aud: 'acme' });
    const received: string[] = [];
    let wake = () => {};
    const request = httpsRequest(`${nginx.https}/v1/sites/acme/live?subjects=product%2Flive`, {
      ca: certificate.cert,
      agent: false,
      headers: { origin: ALLOWED_ORIGIN, accept: 'text/event-stream' },
    });
    const response = await new Promise<IncomingMessage>((done, fail) => request.once('response', done).once('error', fail).end());
    try {
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/event-stream/);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received.push(chunk);
        wake();
      });
      const waitFor = (pattern: RegExp) =>
        new Promise<void>((done, fail) => {
          const timer = setTimeout(() => fail(new Error(`not within 2 s: ${received.join('')}`)), 2000);
          wake = () => pattern.test(received.join('')) && (clearTimeout(timer), done());
          wake();
        });
      await waitFor(/retry: 3000/);
      const vote = await send(`${nginx.https}/v1/sites/acme/ratings/mine?subject=product%2Flive`, {
        ca: certificate.cert,
        method: 'PUT',
        headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"value":4}',
      });
      assert.equal(vote.status, 200, vote.body);
      await waitFor(/event: rating\ndata: \{"subject":"product\/live","summary":\{[^\n]*"count":1/);
    } finally {
      request.destroy();
    }
  });

  it('answers plain HTTP only with a redirect to https://, never with data', async () => {
    const answer = await send(`${nginx.http}/v1/sites/acme/ratings?subject=product%2F1`);
    assert.equal(answer.status, 301);
    assert.equal(answer.headers.location, 'https://127.0.0.1/v1/sites/acme/ratings?subject=product%2F1');
    assert.doesNotMatch(answer.body, /"count"/);
  });

  it('sends Kith Host and X-Forwarded-For/-Proto/-Host as nginx saw them, whatever the client claimed', async () => {
    // The same file in front of a server that only records what arrives.
    let seen: IncomingHttpHeaders | undefined;
    const echo: Server = createHttpServer((request, response) => {
      seen = request.headers;
      response.end('{}');
    });
    const echoPort = await freePort();
    await new Promise<void>((done) => echo.listen(echoPort, '127.0.0.1', done));
    const prefix = mkdtempSync(join(dir, 'echo-'));
    chmodSync(prefix, 0o755);
    const second = await startNginx(prefix, echoPort, certificate);
    try {
      const answer = await send(`${second.https}/healthz`, {
        ca: certificate.cert,
        localAddress: CLIENT,
        headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.test' },
      });
      assert.equal(answer.status, 200);
    } finally {
      await second.stop();
      await new Promise((done) => echo.close(done));
    }
    assert.equal(seen!.host, new URL(second.https).host);
    assert.equal(seen!['x-forwarded-for'], CLIENT);
    assert.equal(seen!['x-forwarded-proto'], 'https');
    assert.equal(seen!['x-forwarded-host'], new URL(second.https).host);
  });
});
