// Slow clients against the real server process: connections that trickle their headers, or send headers and
// part of a body and then trickle the rest, are closed once HEADERS_TIMEOUT_MS / REQUEST_TIMEOUT_MS have
// passed (short limits here), while ordinary requests go on being served.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDb } from '../src/db/index.ts';
import { createSite } from '../src/services/sites.ts';
import { freePort, startServerProcess, type ServerProcess } from './process.ts';

const HEADERS_MS = 1000;
const REQUEST_MS = 2000;
const SLOW = 25; // of each kind

interface Slow {
  kind: 'headers' | 'body';
  openedAt: number;
  closedAt?: number;
  answer: string;
}

describe('slow clients (real server process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-slow-'));
  let server: ServerProcess;
  let port: number;
  const sockets: Socket[] = [];
  before(async () => {
    const file = join(dir, 'kith.db');
    const store = await createDb(`sqlite:${file}`);
    await createSite(store.db, { id: 'alpha', name: 'Alpha', origins: ['https://alpha.test'], policy: { guestsMayRate: true } });
    await store.close();
    port = await freePort();
    server = await startServerProcess([], {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `sqlite:${file}`,
      LOG_LEVEL: 'silent',
      LOG_REQUESTS: '',
      HEADERS_TIMEOUT_MS: String(HEADERS_MS),
      REQUEST_TIMEOUT_MS: String(REQUEST_MS),
    });
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a connection that sends `first`, then one more `drip` every 200 ms, for as long as it is open. */
  const open = (kind: Slow['kind'], first: string, drip: string) =>
    new Promise<Slow>((opened) => {
      const slow: Slow = { kind, openedAt: 0, answer: '' };
      const socket = connect(port, '127.0.0.1', () => {
        slow.openedAt = performance.now();
        socket.write(first);
        opened(slow);
      });
      sockets.push(socket);
      const timer = setInterval(() => socket.writable && socket.write(drip), 200);
      socket.on('data', (chunk) => (slow.answer += chunk));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        slow.closedAt = performance.now();
      });
    });

  it(`closes ${2 * SLOW} slow connections once their limit has passed, and serves others meanwhile`, async () => {
    const slow = await Promise.all([
      ...Array.from({ length: SLOW }, () => open('headers', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n')),
      ...Array.from({ length: SLOW }, () =>
        open(
          'body',
          'POST /v1/sites/alpha/visitors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":"',
          'x',
        ),
      ),
    ]);
    // Ordinary requests during the attack, one every 100 ms, each on a new connection.
    const served: number[] = [];
    const started = performance.now();
    while (performance.now() - started < REQUEST_MS + 1500) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/sites/alpha/ratings?subject=slow`, { headers: { connection: 'close' } });
      served.push(res.status);
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 100));
    }
    const open_ = slow.filter((s) => s.closedAt === undefined);
    assert.equal(open_.length, 0, `${open_.length} slow connections still open`);
    const lifetimes = (kind: Slow['kind']) => slow.filter((s) => s.kind === kind).map((s) => s.closedAt! - s.openedAt);
    const headers = lifetimes('headers');
    const body = lifetimes('body');
    const range = (ms: number[]) => `${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))} ms`;
    console.log(
      `# ${SLOW} trickling headers (HEADERS_TIMEOUT_MS=${HEADERS_MS}) closed after ${range(headers)}; ` +
        `${SLOW} with a partial, trickling body (REQUEST_TIMEOUT_MS=${REQUEST_MS}) closed after ${range(body)}; ` +
        `${served.length} ordinary requests meanwhile, all ${[...new Set(served)].join('/')}`,
    );
    // Not before the limit, and within the check interval (250 ms here) plus scheduling slack after it.
    for (const ms of headers) assert.ok(ms >= HEADERS_MS - 50 && ms < HEADERS_MS + 750, `headers: ${ms}`);
    for (const ms of body) assert.ok(ms >= REQUEST_MS - 50 && ms < REQUEST_MS + 750, `body: ${ms}`);
    // Each was told why.
    for (const s of slow) assert.match(s.answer, /^HTTP\/1\.1 408 Request Timeout/, s.answer);
    assert.ok(served.length >= 20, String(served.length));
    assert.deepEqual([...new Set(served)], [200]);
  });
});
