// Loads the site named in /v1/sites/:site/… once per request (request.site), before anything else looks
// at it: origin checks, auth and handlers all use the same row. Unknown sites are a 404 here.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors.ts';
import { getSite, isSiteId, type Site } from '../services/sites.ts';

declare module 'fastify' {
  interface FastifyRequest {
    site: Site | null;
  }
}

const SITE_PATH = /^\/v1\/sites\/([^/?#]+)/;

/** The site of a request that passed through this plugin; handlers of site routes may rely on it. */
export function siteOf(request: { site: Site | null }): Site {
  if (!request.site) throw new Error('site route without a loaded site');
  return request.site;
}

export default fp(
  async function sitePlugin(app: FastifyInstance) {
    app.decorateRequest('site', null);
    app.addHook('onRequest', async (request) => {
      const match = SITE_PATH.exec(request.url);
      if (!match) return;
      let id: string;
      try {
        id = decodeURIComponent(match[1]!);
      } catch {
        return; // malformed escape: let routing and validation answer
      }
      if (!isSiteId(id)) return; // the params schema reports it
      const site = await getSite(app.store.db, id);
      if (!site) throw errors.siteNotFound(id);
      request.site = site;
    });
  },
  { name: 'kith-site', dependencies: ['kith-store'] },
);
