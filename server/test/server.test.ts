// The real process: config errors, --demo start, static files, demo token (and its absence without --demo),
// graceful shutdown. HTTPS: tls.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SDK_DIR } from '../src/routes/sdk.ts';
import { freePort, SERVER_ENTRY as SERVER, startServerProcess, type ServerProcess } from './process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kith-server-'));
/** Servers a failed assertion left running would keep the test process alive. */
const started: ServerProcess[] = [];
after(() => {
  for (const server of started) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const startServer = async (args: string[], env: NodeJS.ProcessEnv) => {
  const server = await startServerProcess(args, env, 15_000);
  started.push(server);
  return server;
};

/** The environment without any logging settings the test runner may have, so the defaults are tested. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['LOG_LEVEL', 'LOG_REQUESTS'] as const) if (!(name in extra)) delete env[name];
  return env;
}

const jsonLines = (output: string) => output.split('\n').filter((line) => line.trimStart().startsWith('{'));

describe('server.ts', () => {
  it('exits 1 with one line naming the variable on bad config', () => {
    for (const [name, value] of [['PORT', 'x'], ['DATABASE_URL', 'mysql://db'], ['LOG_LEVEL', 'loud']]) {
      const res = spawnSync(process.execPath, [SERVER], { env: { ...process.env, [name]: value }, encoding: 'utf8' });
      assert.equal(res.status, 1);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.match(res.stderr, new RegExp(`^kith: ${name}`));
    }
  });

  it('--demo seeds the demo site, serves the pages and a token, and shuts down on SIGTERM', async () => {
    const port = await freePort();
    const env = envWith({ PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'demo.db')}` });
    const start = () => startServer(['--demo'], env);
    const base = `http://127.0.0.1:${port}`;
    let server = await start();
    assert.match(server.output(), new RegExp(`Kith listening on ${base} \\(demo: ${base}/demo/\\)`));
    const summary = (await (await fetch(`${base}/v1/sites/demo/ratings?subject=product%2F42`)).json()) as { count: number };
    assert.equal(summary.count, 20);
    // The seeded CRM accounts and category products, read the way the pages read them: in batches.
    const batch = await fetch(`${base}/v1/sites/demo/ratings/batch?subject=account%2F1001&subject=product%2F123&subject=account%2F1020`);
    assert.deepEqual(await batch.json(), {
      items: [
        { subject: 'account/1001', average: 4.2, count: 96, histogram: [0, 3, 14, 40, 39] },
        { subject: 'product/123', average: 2.44, count: 148, histogram: [26, 52, 49, 21, 0] },
        { subject: 'account/1020', average: 0, count: 0, histogram: [0, 0, 0, 0, 0] },
      ],
    });
    const redirect = await fetch(`${base}/`, { redirect: 'manual' });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), '/demo/');
    const page = await fetch(`${base}/demo/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-site="demo"/);
    // The SDK files: module chunks are imported cross-origin by customers' pages, so CORS must allow them.
    const dist = await fetch(`${base}/dist/kith.js`, { headers: { origin: 'https://crm.example.com', 'accept-encoding': 'br' } });
    if (existsSync(SDK_DIR)) {
      assert.equal(dist.status, 200);
      assert.equal(dist.headers.get('access-control-allow-origin'), '*');
      assert.match(dist.headers.get('content-type') ?? '', /javascript/);
      // fetch decodes br: the bytes on the wire were the precompressed file, the text is the loader.
      if (existsSync(join(SDK_DIR, 'kith.js.br'))) assert.equal(dist.headers.get('content-encoding'), 'br');
      assert.equal(await dist.text(), readFileSync(join(SDK_DIR, 'kith.js'), 'utf8'));
    } else {
      assert.equal(dist.status, 404);
      assert.match(((await dist.json()) as { error: { message: string } }).error.message, /npm run build/);
    }
    const { token } = (await (await fetch(`${base}/demo/token?user=alice`)).json()) as { token: string };
    const vote = await fetch(`${base}/v1/sites/demo/ratings/mine?subject=product%2F42`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: `http://localhost:${port}` },
      body: '{"value":5}',
    });
    assert.equal(vote.status, 200);
    assert.equal(((await vote.json()) as { summary: { count: number } }).summary.count, 21);
    assert.equal(await server.stop(), 0);
    // With the default logging, people read plain lines: the URLs, then the shutdown. No JSON, no request lines.
    const lines = server.output().trim().split('\n');
    assert.deepEqual(lines, [
      `Kith listening on ${base} (demo: ${base}/demo/)`,
      `  ${base}/demo/               product page`,
      `  ${base}/demo/crm.html       CRM account list (account/1001 … account/1050)`,
      `  ${base}/demo/category.html  category page (product/101 … product/124)`,
      `  ${base}/demo/mashup.html    mashup: news feeds, the tag cloud and live activity`,
      'Kith: SIGTERM, shutting down',
    ]);

    // A second start does not seed twice.
    server = await start();
    assert.equal(((await (await fetch(`${base}/v1/sites/demo/ratings?subject=product%2F42`)).json()) as { count: number }).count, 21);
    assert.equal(((await (await fetch(`${base}/v1/sites/demo/ratings?subject=account%2F1001`)).json()) as { count: number }).count, 96);
    assert.equal(await server.stop(), 0);
  });

  it('without --demo (the operator\'s start) mounts no demo token route, no demo pages and seeds no demo site', async () => {
    const port = await freePort();
    const server = await startServer([], envWith({ PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'plain.db')}` }));
    const base = `http://127.0.0.1:${port}`;
    assert.equal(server.output().trim(), `Kith listening on ${base}`);
    const token = await fetch(`${base}/demo/token?user=alice`);
    assert.equal(token.status, 404);
    assert.doesNotMatch(await token.text(), /"token"/);
    for (const path of ['/', '/demo/', '/demo/crm.html']) assert.equal((await fetch(`${base}${path}`, { redirect: 'manual' })).status, 404, path);
    const site = await fetch(`${base}/v1/sites/demo/ratings?subject=product%2F42`);
    assert.equal(site.status, 404);
    assert.equal(((await site.json()) as { error: { code: string } }).error.code, 'site_not_found');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal(await server.stop(), 0);
  });

  it('logs a JSON line per request and response only with LOG_REQUESTS=true', async () => {
    const port = await freePort();
    const env = envWith({ PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'logs.db')}`, LOG_REQUESTS: 'true' });
    const server = await startServer([], env);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    assert.equal(await server.stop(), 0);
    const logged = jsonLines(server.output()).map((line) => JSON.parse(line) as { msg: string; level: number; req?: { url: string } });
    assert.ok(logged.some((line) => line.msg === 'incoming request' && line.req?.url === '/healthz'), server.output());
    assert.ok(logged.some((line) => line.msg === 'request completed'), server.output());
    assert.ok(logged.every((line) => line.level >= 30));
  });
});
