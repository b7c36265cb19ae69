// GET /healthz: 200 when the database answers, 503 otherwise.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ping } from '../db/index.ts';

const Health = Type.Object({ ok: Type.Boolean() }, { additionalProperties: false });

export default async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness and database check', response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (await ping(app.store)) return { ok: true };
    return reply.code(503).send({ ok: false });
  });
}
