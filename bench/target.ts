// One server under load, in its own process so that the load generator (autocannon, in the parent) does not
// share its event loop: `node bench/target.ts bare` serves a bare Fastify route returning the same JSON from
// memory; `node bench/target.ts kith DATABASE_URL` serves the real app on that store with the demo data.
// Prints `READY <url>` when listening; exits when stdin closes.
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { createDb } from '../server/src/db/index.ts';
import { seedDemo } from '../server/src/demo/seed.ts';
import { updateSite } from '../server/src/services/sites.ts';

const [kind, databaseUrl] = process.argv.slice(2);
/** Runs when the parent closes stdin; then the process exits. */
let cleanUp = async () => {};
const SUMMARY_PATH = '/v1/sites/demo/ratings?subject=product%2F42';

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
  await seedDemo(store, 0);
  // BENCH_POLICY (JSON): policy fields for the demo site, e.g. {"guestProofOfWork":true} for the token bench.
  if (process.env.BENCH_POLICY) await updateSite(store.db, 'demo', { policy: JSON.parse(process.env.BENCH_POLICY) });
  const app = await buildApp(config, { store });
  console.log(`READY ${await app.listen({ port: 0, host: '127.0.0.1' })}${SUMMARY_PATH}`);
}
process.stdin.on('end', () => void cleanUp().finally(() => process.exit(0)));
process.stdin.resume();
