// Origin policy and CORS for site routes. Browser requests (with Origin) must come from an origin the
// site lists (or `*`), or from the server's own origin; requests without Origin are not checked.
// Preflights are answered for every origin; the actual request from an origin the site does not list is
// then refused with a 403 that page can read (see the hook below for why that grants nothing).
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
      // A preflight gets the same answer whatever the origin. Answering it for an origin the site does not
      // list weakens nothing:
      // - A preflight only asks whether the browser may send the actual request; the actual request is
      //   what this hook refuses, in onRequest, before the body is parsed and before authentication,
      //   idempotency, rate limits or any handler run. So a refused origin writes and reads nothing.
      // - The browser attaches no ambient credential: Kith never sends Access-Control-Allow-Credentials,
      //   so no cookies go along, and an Authorization header is one the page itself already holds. The
      //   origin check on the actual request, unchanged, is what keeps such a page out.
      // - The answer is identical for allowed and refused origins, so it tells nothing about the origin
      //   list, and a cached preflight (max-age) stays right after an admin adds or removes an origin.
      // What it buys: the page's actual request is sent, and its refusal below is readable there, so the
      // widget can say which origin to add instead of the browser reporting a bare CORS failure.
      if (isPreflight(request)) return answerPreflight(reply, origin);
      reply.header('access-control-allow-origin', origin);
      if (!isOriginAllowed(request, site, origin)) {
        throw errors.originNotAllowed(origin, site.id);
      }
      reply.header('access-control-expose-headers', CORS_EXPOSE_HEADERS);
    });
  },
  { name: 'kith-origin', dependencies: ['kith-site'] },
);
