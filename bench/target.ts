// One server under load, in its own process so that the load generator (autocannon, in the parent) does not
// share its event loop: `node bench/target.ts bare` serves a bare Fastify route returning the same JSON from
// memory; `node bench/target.ts kith DATABASE_URL` serves the real app on that store with the demo data;
// `node bench/target.ts kith-comments DATABASE_URL` the same, plus a discussion on the subject bench/comments
// (BENCH_THREADS threads × BENCH_REPLIES replies, default 20 × 3, each by its own signed-in user, posted through
// the API in process) and its READY URL is that subject's comment list; `node bench/target.ts kith-feeds
// DATABASE_URL` the real app reading a 50 KB RSS feed from a feed server in this process (FEEDS_ALLOW_PRIVATE), read
// once so the proxy holds it, and its READY URL is that feed's proxy read.
// Prints `READY <url>` when listening; exits when stdin closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { SignJWT } from 'jose';
import pg from 'pg';
import { AUTHORS, discussion, toMarkdown } from './comments/data.ts';
import { benchFeed } from './feeds/data.ts';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { createDb } from '../server/src/db/index.ts';
import { seedDemo } from '../server/src/demo/seed.ts';
import { updateSite } from '../server/src/services/sites.ts';

const [kind, databaseUrl] = process.argv.slice(2);
/** Runs when the parent closes stdin; then the process exits. */
let cleanUp = async () => {};
const SUMMARY_PATH = '/v1/sites/demo/ratings?subject=product%2F42';
const COMMENTS_PATH = '/v1/sites/demo/comments?subject=bench%2Fcomments';

if (kind === 'bare') {
  const body = JSON.parse(process.env.BARE_BODY ?? '{}');
  const app = Fastify({ logger: false });
  app.get('/bare', async () => body);
  console.log(`READY ${await app.listen({ port: 0, host: '127.0.0.1' })}/bare`);
} else {
  // The token bench lifts the write limits (one process mints from one IP) to measure the work itself.
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_WRITES_PER_IP: process.env.RATE_LIMIT_WRITES_PER_IP ?? '',
    RATE_LIMIT_WRITES_PER_USER: process.env.RATE_LIMIT_WRITES_PER_USER ?? '',
    FEEDS_ALLOW_PRIVATE: kind === 'kith-feeds' ? 'true' : '',
  });
  // On PostgreSQL the bench gets a schema of its own, dropped again at exit, so it never touches real data.
  const schema = config.databaseUrl.startsWith('postgres') ? `kith_bench_${process.pid}` : undefined;
  const store = await createDb(config.databaseUrl, { schema });
  if (schema) {
    const dropSchema = async () => {
      await store.close();
      const client = new pg.Client({ connectionString: config.databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    };
    cleanUp = dropSchema;
  }
  const site = await seedDemo(store, 0);
  // BENCH_POLICY (JSON): policy fields for the demo site, e.g. {"guestProofOfWork":true} for the token bench.
  if (process.env.BENCH_POLICY) await updateSite(store.db, 'demo', { policy: JSON.parse(process.env.BENCH_POLICY) });
  const app = await buildApp(config, { store });
  if (kind === 'kith-comments') await seedComments(app, site.secret);
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  let path = kind === 'kith-comments' ? COMMENTS_PATH : SUMMARY_PATH;
  if (kind === 'kith-feeds') {
    const feed = benchFeed(50_000);
    const feeds = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed));
    await new Promise<void>((done) => feeds.listen(0, '127.0.0.1', done));
    path = `/v1/sites/demo/feeds?url=${encodeURIComponent(`http://127.0.0.1:${(feeds.address() as AddressInfo).port}/news.xml`)}`;
    const first = await fetch(origin + path);
    if (first.status !== 200) throw new Error(`the bench feed answered ${first.status}: ${await first.text()}`);
  }
  console.log(`READY ${origin}${path}`);
}
/** Posts the bench discussion (bench/comments/data.ts, as Markdown) through the API: one user per comment. */
async function seedComments(app: Awaited<ReturnType<typeof buildApp>>, secret: string) {
  const key = new TextEncoder().encode(secret);
  const d = discussion(Number(process.env.BENCH_THREADS ?? 20), Number(process.env.BENCH_REPLIES ?? 3));
  const ids = new Map<number, string>();
  for (const c of d.flatMap((t) => [t.root, ...t.replies])) {
    const token = await new SignJWT({ name: AUTHORS[c.author] }).setProtectedHeader({ alg: 'HS256' }).setSubject(`bench-${c.n}`).setAudience('demo').setExpirationTime('1h').sign(key);
    const r = await app.inject({
      method: 'POST',
      url: '/v1/sites/demo/comments?subject=bench%2Fcomments',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: 'http://127.0.0.1:0' },
      payload: { body: toMarkdown(c.tree), ...(c.parent !== null ? { parentId: ids.get(c.parent) } : {}) },
    });
    if (r.statusCode !== 201) throw new Error(`seeding comment ${c.n}: ${r.statusCode} ${r.body}`);
    ids.set(c.n, r.json().comment.id);
  }
}
process.stdin.on('end', () => void cleanUp().finally(() => process.exit(0)));
process.stdin.resume();
