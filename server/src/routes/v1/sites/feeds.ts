// GET /v1/sites/:site/feeds?url=… (issue 11): an external feed, fetched by the server (SSRF-guarded, size- and
// time-limited, cached) and returned as normalized JSON whose HTML is the allow-listed tree. Public: a page's
// `<kith-feed>` reads it with no credentials.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../../../errors.ts';
import type { FetchOptions } from '../../../feeds/fetch.ts';
import { cacheableReply } from '../../../lib/etag.ts';
import { siteOf } from '../../../plugins/site.ts';
import { FeedProxy, FeedReadError } from '../../../services/feeds.ts';
import { errorResponses, SiteParams } from './common.schemas.ts';
import { FeedQuery, FeedRead } from './feeds.schemas.ts';

/** A fresh copy may be reused by browsers for a minute; a stale one (the upstream just failed) for 10 s. */
export const FEED_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';
const STALE_CACHE_CONTROL = 'public, max-age=10';

declare module 'fastify' {
  interface FastifyInstance {
    feeds: FeedProxy;
  }
}

export interface FeedRoutesOptions {
  /** Fetch options for tests: a stub resolver, local addresses allowed, a short timeout. */
  fetch?: FetchOptions;
}

export default async function feedRoutes(fastify: FastifyInstance, options: FeedRoutesOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const proxy = new FeedProxy(app.store, options.fetch === undefined ? {} : { fetch: options.fetch });
  app.decorate('feeds', proxy);

  app.get(
    '/v1/sites/:site/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary: 'An external RSS, Atom, RDF or JSON feed, fetched by the server and normalized (public, cacheable)',
        description:
          'Only public http: and https: addresses are read (checked on the address connected to, and on every redirect), at most 5 redirects, ' +
          '10 s and 5 MB. A site may limit the hosts (policy.feedHosts). Copies are kept for 10 minutes and renewed with ETag/Last-Modified; ' +
          'when the feed\'s server fails, the last good copy is answered with stale: true. ' +
          '400 feed_url_invalid: not an http(s) URL. 403 feed_refused: a local, private or metadata address; feed_host_not_allowed: not in the ' +
          'site\'s feedHosts. 422: the feed could not be read (feed_unreachable, feed_timeout, feed_too_large, feed_too_many_redirects, ' +
          'feed_http_error, feed_unreadable: not a feed).',
        params: SiteParams,
        querystring: FeedQuery,
        response: { 200: FeedRead, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const site = siteOf(request);
      try {
        const read = await proxy.read(request.query.url, site.policy);
        return cacheableReply(request, reply, read, read.stale ? STALE_CACHE_CONTROL : FEED_CACHE_CONTROL);
      } catch (error) {
        if (error instanceof FeedReadError) throw new HttpError(error.status, error.code, error.message);
        throw error;
      }
    },
  );
}
