// Loads the site named in /v1/sites/:site/… once per request (request.site), before anything else looks
// at it: origin checks, auth and handlers all use the same row. Unknown sites are a 404 here.
// The site id comes from the matched route's parameters, never from the raw URL: the router decodes the
// path (`/v1/site%73/demo`, `/%761/…`, an absolute-form request line), so only its answer says which route
// and which site a request is for.
// Sites are read on every request and change rarely, so rows are kept for SITE_CACHE_MS: a change made
// through this instance's API applies at once, one made elsewhere (the CLI, another instance) within that.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors.ts';
import { TtlCache } from '../lib/ttl-cache.ts';
import { getSite, isSiteId, type Site } from '../services/sites.ts';

declare module 'fastify' {
  interface FastifyRequest {
    site: Site | null;
  }
  interface FastifyInstance {
    /** Drops a cached site row after this instance changed it. */
    forgetSite(id: string): void;
  }
}

export const SITE_CACHE_MS = 5_000;

/** The site id a matched route names: `:site` of the site routes, or the first segment of the preflight
 * route's `*` (OPTIONS /v1/sites/*). Undefined for every other route and for unmatched requests. */
function siteParam(route: string | undefined, params: unknown): string | undefined {
  if (!route?.startsWith('/v1/sites/')) return undefined;
  const { site, '*': rest } = (params ?? {}) as { site?: unknown; '*'?: unknown };
  if (typeof site === 'string') return site;
  if (route === '/v1/sites/*' && typeof rest === 'string') return rest.split('/', 1)[0];
  return undefined;
}

/** The site of a request that passed through this plugin; handlers of site routes may rely on it. */
export function siteOf(request: { site: Site | null }): Site {
  if (!request.site) throw new Error('site route without a loaded site');
  return request.site;
}

export default fp(
  async function sitePlugin(app: FastifyInstance) {
    const cache = new TtlCache<Site>(SITE_CACHE_MS);
    app.decorate('forgetSite', (id: string) => void cache.delete(id));
    app.decorateRequest('site', null);
    app.addHook('onRequest', async (request) => {
      const id = siteParam(request.routeOptions.url, request.params);
      if (id === undefined || !isSiteId(id)) return; // not a site route, or the params schema reports it
      let site = cache.get(id);
      if (!site) {
        const row = await getSite(app.store.db, id);
        if (!row) throw errors.siteNotFound(id);
        site = cache.set(id, row);
      }
      request.site = site;
    });
  },
  { name: 'kith-site', dependencies: ['kith-store'] },
);
