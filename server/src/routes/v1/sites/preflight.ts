// OPTIONS under /v1/sites/: preflights from allowed origins are answered by plugins/origin.ts before
// they get here; what reaches this handler is a plain OPTIONS (no Origin), which gets the method list.
import type { FastifyInstance } from 'fastify';
import { CORS_ALLOW_METHODS } from '../../../plugins/origin.ts';

export default async function preflightRoutes(app: FastifyInstance) {
  app.options('/v1/sites/*', { schema: { hide: true } }, async (_request, reply) => {
    return reply.code(204).header('allow', `${CORS_ALLOW_METHODS}, OPTIONS`).send();
  });
}
