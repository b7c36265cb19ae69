// Makes the Kysely store available as app.store (and closes it with the app).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { createDb, type Store } from '../db/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    config: Config;
  }
}

export interface StorePluginOptions {
  config: Config;
  /** Use this store instead of opening DATABASE_URL (tests share one per file); it is not closed with the app. */
  store?: Store;
}

export default fp<StorePluginOptions>(
  async function storePlugin(app: FastifyInstance, opts) {
    const store = opts.store ?? (await createDb(opts.config.databaseUrl));
    app.decorate('store', store);
    app.decorate('config', opts.config);
    if (!opts.store) app.addHook('onClose', async () => store.close());
  },
  { name: 'kith-store' },
);
