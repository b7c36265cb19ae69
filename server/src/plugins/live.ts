// The live event bus as app.live: writers publish after their transaction commits, the SSE route
// (routes/v1/sites/live.ts) listens. With PostgreSQL, events published on other instances arrive through
// LISTEN/NOTIFY; with SQLite (one process) in-process delivery is all there is.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveBus } from '../live/bus.ts';
import { StoreBus } from '../live/store-bus.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveBus;
  }
}

export default fp(
  async function livePlugin(app: FastifyInstance) {
    const bus = new StoreBus(app.store, { log: app.log });
    app.decorate('live', bus as LiveBus);
    app.addHook('onClose', async () => bus.close());
  },
  { name: 'kith-live', dependencies: ['kith-store'] },
);
