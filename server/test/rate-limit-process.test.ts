// Write limits against real server processes: two instances sharing RATE_LIMIT_STORE (Redis with
// TEST_REDIS_URL, PostgreSQL with TEST_DATABASE_URL) enforce one limit between them, and TRUST_PROXY with the
// proxy's address takes X-Forwarded-For from that proxy only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDb } from '../src/db/index.ts';
import { signUserToken } from '../src/services/identity.ts';
import { createSite, type Site } from '../src/services/sites.ts';
import { freePort, SERVER_ENTRY, startServerProcess, type ServerProcess } from './process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kith-rl-'));
const started: ServerProcess[] = [];
after(async () => {
  await Promise.all(started.map((server) => server.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** A SQLite database with one site that lets guests rate; the id is fresh, so counters in a shared store
 * from earlier runs do not count. */
async function database(): Promise<{ url: string; site: Site }> {
  const url = `sqlite:${join(dir, `${randomUUID()}.db`)}`;
  const store = await createDb(url);
  const site = await createSite(store.db, { id: `rl-${randomUUID().slice(0, 8)}`, name: 'Limits', origins: ['https://rl.test'], policy: { guestsMayRate: true } });
  await store.close();
  return { url, site };
}

async function start(env: Record<string, string>): Promise<{ port: number; server: ServerProcess }> {
  const port = await freePort();
  const server = await startServerProcess([], { ...process.env, LOG_LEVEL: 'silent', LOG_REQUESTS: '', TRUST_PROXY: '', PORT: String(port), ...env });
  started.push(server);
  return { port, server };
}

/** A request from a chosen local address (all of 127.0.0.0/8 reaches the server on Linux). */
function send(port: number, opts: { method: string; path: string; from?: string; headers?: Record<string, string>; body?: string }): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method, path: opts.path, localAddress: opts.from, headers: opts.headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode!));
    });
    req.on('error', fail);
    req.end(opts.body);
  });
}

const shared: [string, string | undefined][] = [
  ['redis', process.env.TEST_REDIS_URL],
  ['postgres', process.env.TEST_DATABASE_URL],
];

for (const [name, url] of shared) {
  describe(`RATE_LIMIT_STORE=${name}: two server processes share the limit`, { skip: url ? false : `${name} store skipped: TEST_${name === 'redis' ? 'REDIS' : 'DATABASE'}_URL not set` }, () => {
    let ports: number[];
    let site: Site;
    before(async () => {
      const db = await database();
      site = db.site;
      const env = { DATABASE_URL: db.url, RATE_LIMIT_STORE: url!, RATE_LIMIT_WRITES_PER_USER: '10', RATE_LIMIT_WRITES_PER_IP: '100000' };
      // One after the other: both run the migrations on the same file.
      ports = [(await start(env)).port, (await start(env)).port];
    });

    it('writes split across both stop at the limit in total', async () => {
      const token = await signUserToken(site.secret, { sub: 'shared-limit', name: 'shared-limit' }, 600);
      const statuses: number[][] = [[], []];
      for (let i = 0; i < 30; i++) {
        const which = i % 2;
        statuses[which]!.push(
          await send(ports[which]!, {
            method: 'PUT',
            path: `/v1/sites/${site.id}/ratings/mine?subject=shared`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ value: 1 + (i % 5) }),
          }),
        );
      }
      const count = (list: number[], status: number) => list.filter((s) => s === status).length;
      const ok = statuses.map((list) => count(list, 200));
      const refused = statuses.map((list) => count(list, 429));
      console.log(`# ${name}: 30 writes by one user, alternating two processes, limit 10/min: ${ok[0]} + ${ok[1]} accepted, ${refused[0]} + ${refused[1]} refused`);
      assert.equal(ok[0]! + ok[1]!, 10);
      assert.equal(refused[0]! + refused[1]!, 20);
      assert.deepEqual(ok, [5, 5]);
    });
  });
}

describe('TRUST_PROXY=<proxy address>', () => {
  let port: number;
  let site: Site;
  const PROXY = '127.0.0.2';
  before(async () => {
    const db = await database();
    site = db.site;
    ({ port } = await start({ DATABASE_URL: db.url, TRUST_PROXY: PROXY, RATE_LIMIT_WRITES_PER_IP: '3', RATE_LIMIT_WRITES_PER_USER: '100000' }));
  });
  const mint = (from: string, forwardedFor?: string) =>
    send(port, { method: 'POST', path: `/v1/sites/${site.id}/visitors`, from, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

  it('ignores X-Forwarded-For from a client that is not the proxy: visitor-token mints stop at the per-IP limit', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await mint('127.0.0.1', `203.0.113.${i + 1}`));
    assert.deepEqual(statuses, [201, 201, 201, 429, 429, 429]);
  });

  it('takes the client IP from X-Forwarded-For when the proxy sends it', async () => {
    // Six different clients behind the proxy: each has a limit of its own.
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await mint(PROXY, `198.51.100.${i + 1}`));
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 201]);
    // One of them, again: its own limit (3) is counted.
    const again = [];
    for (let i = 0; i < 3; i++) again.push(await mint(PROXY, '198.51.100.1'));
    assert.deepEqual(again, [201, 201, 429]);
    // A client that prepends a forged address: only the proxy's own entry (the last) is trusted.
    assert.equal(await mint(PROXY, '198.51.100.99, 198.51.100.1'), 429);
  });
});

describe('RATE_LIMIT_STORE that cannot be reached at start', () => {
  it('stops the server with one line naming the variable', async () => {
    const db = await database();
    for (const store of ['redis://127.0.0.1:1', 'postgres://postgres@127.0.0.1:1/kith']) {
      const res = spawnSync(process.execPath, [SERVER_ENTRY], {
        env: { ...process.env, LOG_LEVEL: 'silent', PORT: String(await freePort()), DATABASE_URL: db.url, RATE_LIMIT_STORE: store },
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(res.status, 1, res.stderr);
      assert.match(res.stderr, /^kith: RATE_LIMIT_STORE: cannot (connect to|use) (Redis|PostgreSQL) at 127\.0\.0\.1:1: .+\n$/);
    }
  });
});
