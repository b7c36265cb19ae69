// Origin policy and CORS for site routes. Browser requests (with Origin) must come from an origin the
// site lists (or `*`), or from the server's own origin; requests without Origin are not checked.
// Preflights are answered here for allowed origins only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors.ts';
import { originAllowed, type Site } from '../services/sites.ts';

export const CORS_ALLOW_METHODS = 'GET, PUT, DELETE, POST, PATCH';
export const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-None-Match';
export const CORS_EXPOSE_HEADERS = 'ETag, Retry-After, Idempotent-Replayed';
export const CORS_MAX_AGE = '600';

function sameOrigin(request: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

export function isOriginAllowed(request: FastifyRequest, site: Site, origin: string): boolean {
  return sameOrigin(request, origin) || originAllowed(site, origin);
}

function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && typeof request.headers['access-control-request-method'] === 'string';
}

function answerPreflight(reply: FastifyReply, origin: string) {
  return reply
    .code(204)
    .header('access-control-allow-origin', origin)
    .header('access-control-allow-methods', CORS_ALLOW_METHODS)
    .header('access-control-allow-headers', CORS_ALLOW_HEADERS)
    .header('access-control-max-age', CORS_MAX_AGE)
    .header('vary', 'Origin')
    .send();
}

export default fp(
  async function originPlugin(app: FastifyInstance) {
    app.addHook('onRequest', async (request, reply) => {
      const site = request.site;
      if (!site) return;
      reply.header('vary', 'Origin');
      const origin = request.headers.origin;
      if (origin === undefined) return;
      if (!isOriginAllowed(request, site, origin)) {
        // The refusal itself is readable by that page (it grants nothing), so a widget can say which origin
        // to add instead of a bare "could not load". Preflights still fail, so no write gets through.
        if (!isPreflight(request)) reply.header('access-control-allow-origin', origin);
        throw errors.originNotAllowed(origin);
      }
      if (isPreflight(request)) return answerPreflight(reply, origin);
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', CORS_EXPOSE_HEADERS);
    });
  },
  { name: 'kith-origin', dependencies: ['kith-site'] },
);
