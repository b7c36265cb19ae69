// GET /v1/openapi.json: the OpenAPI 3 document generated from the route schemas. Not rate limited.
import type { FastifyInstance } from 'fastify';

export default async function openapiRoutes(app: FastifyInstance) {
  app.get('/v1/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
    return app.swagger();
  });
}
