// Starts the server: config, app, listen, graceful shutdown. `--demo` adds the demo site and pages.
// TLS_CERT/TLS_KEY make it listen with HTTPS.
import { buildApp } from './app.ts';
import { ConfigError, listenUrl, loadConfig, loadTls, type Config } from './config.ts';
import { createDb, type Store } from './db/index.ts';
import { DEMO_PAGES, demoRoutes } from './demo/routes.ts';
import { seedDemo } from './demo/seed.ts';

const demo = process.argv.includes('--demo');

let config: Config;
let https: ReturnType<typeof loadTls> | undefined;
try {
  // The demo reads its feeds from this server itself: the feed proxy may read loopback addresses, unless told not to.
  config = loadConfig(demo && !process.env.FEEDS_ALLOW_PRIVATE ? { ...process.env, FEEDS_ALLOW_PRIVATE: 'true' } : process.env);
  if (config.tls) https = loadTls(config.tls);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`kith: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

let store: Store;
try {
  store = await createDb(config.databaseUrl);
} catch (error) {
  console.error(`kith: cannot open DATABASE_URL: ${(error as Error).message}`);
  process.exit(1);
}
if (demo) await seedDemo(store, config.port);

let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp(config, { store, extra: demo ? demoRoutes : undefined, https });
} catch (error) {
  // A shared rate-limit store that cannot be reached at start (RATE_LIMIT_STORE) stops it with one line.
  if (!(error as Error).message.startsWith('RATE_LIMIT_STORE')) throw error;
  console.error(`kith: ${(error as Error).message}`);
  await store.close();
  process.exit(1);
}

try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  console.error(`kith: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  await app.close();
  await store.close();
  process.exit(1);
}

const url = listenUrl(config);
// Plain lines for people; the JSON log (LOG_LEVEL, default warn) stays quiet unless something is wrong.
console.log(`Kith listening on ${url}${demo ? ` (demo: ${url}/demo/)` : ''}`);
if (demo) {
  const width = Math.max(...DEMO_PAGES.map((page) => page.path.length));
  for (const page of DEMO_PAGES) console.log(`  ${url}${page.path.padEnd(width)}  ${page.title}`);
}

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    console.log(`Kith: ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(() => store.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
