// The live event bus as app.live: writers publish after their transaction commits, the SSE route
// (routes/v1/sites/live.ts) listens. With PostgreSQL, events published on other instances arrive through
// LISTEN/NOTIFY (live/pg-bus.ts); with SQLite (one process) in-process delivery is all there is.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveBus } from '../live/bus.ts';
import { PgBus } from '../live/pg-bus.ts';
import { StoreBus } from '../live/store-bus.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveBus;
  }
}

export default fp(
  async function livePlugin(app: FastifyInstance) {
    const options = { log: app.log, retentionMs: app.config.live.retentionMs };
    const bus = app.store.dialect === 'postgres' && app.store.url ? new PgBus(app.store, options) : new StoreBus(app.store, options);
    if (bus instanceof PgBus) await bus.start();
    app.decorate('live', bus as LiveBus);
    app.addHook('onClose', async () => bus.close());
  },
  { name: 'kith-live', dependencies: ['kith-store'] },
);
