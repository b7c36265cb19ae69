// The real process: config errors, --demo start, static files, demo token, graceful shutdown.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SDK_DIR } from '../src/routes/sdk.ts';
import { freePort, SERVER_ENTRY as SERVER, startServerProcess } from './process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kith-server-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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
    const env = { ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`, LOG_LEVEL: 'warn' };
    const start = () => startServerProcess(['--demo'], env, 15_000);
    const base = `http://127.0.0.1:${port}`;
    let server = await start();
    assert.match(server.output(), new RegExp(`Kith listening on ${base} \\(demo: ${base}/demo/\\)`));
    const summary = (await (await fetch(`${base}/v1/sites/demo/ratings?subject=product%2F42`)).json()) as { count: number };
    assert.equal(summary.count, 20);
    const redirect = await fetch(`${base}/`, { redirect: 'manual' });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), '/demo/');
    const page = await fetch(`${base}/demo/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-site="demo"/);
    // The SDK files: module chunks are imported cross-origin by customers' pages, so CORS must allow them.
    const dist = await fetch(`${base}/dist/kith.js`, { headers: { origin: 'https://crm.example.com' } });
    if (existsSync(SDK_DIR)) {
      assert.equal(dist.status, 200);
      assert.equal(dist.headers.get('access-control-allow-origin'), '*');
      assert.match(dist.headers.get('content-type') ?? '', /javascript/);
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

    // A second start does not seed twice.
    server = await start();
    assert.equal(((await (await fetch(`${base}/v1/sites/demo/ratings?subject=product%2F42`)).json()) as { count: number }).count, 21);
    assert.equal(await server.stop(), 0);
  });
});
