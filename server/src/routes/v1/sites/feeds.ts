// GET /v1/sites/:site/feeds?url=… (issue 11): an external feed, fetched by the server (SSRF-guarded, size- and
// time-limited, cached) and returned as normalized JSON whose HTML is the allow-listed tree. Public: a page's
// `<kith-feed>` reads it with no credentials.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors, HttpError } from '../../../errors.ts';
import type { FetchOptions } from '../../../feeds/fetch.ts';
import { isPublicOrPrivateAddress } from '../../../feeds/addresses.ts';
import { cacheableReply } from '../../../lib/etag.ts';
import { livePosition } from '../../../lib/live-position.ts';
import { siteOf } from '../../../plugins/site.ts';
import { requireApiKey } from '../../../plugins/auth.ts';
import { FeedProxy, FeedReadError } from '../../../services/feeds.ts';
import type { FeedDocument } from '../../../feeds/parse.ts';
import { importFeeds, listFeeds, OPML_MAX_BYTES, OpmlError, removeFeed } from '../../../services/site-feeds.ts';
import { bearerSecurity, errorResponses, SiteParams, WriteHeaders } from './common.schemas.ts';
import { FeedBatch, FeedBatchQuery, FeedQuery, FeedRead, OpmlBody, OpmlReport, RemovedFeed, SiteFeedList } from './feeds.schemas.ts';
import { mayRead, scopeOf } from './activity.ts';
import { readActivity, readSubjectsActivity, ACTIVITY_LIMIT_MAX } from '../../../services/activity.ts';
import { subjectsAsArray } from './subjects.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Site } from '../../../services/sites.ts';

/** How many external feeds one batch reads at once (the rest wait their turn). */
const BATCH_CONCURRENCY = 8;

type BatchItem = { subject: string; feed?: FeedDocument; fetchedAt?: string; stale?: boolean; error?: { code: string; message: string } };

/** `activity`, `activity:subject=<subject>`, `activity:tag=<tag>`: the scope; undefined for anything else. */
function activityKey(key: string): { subject?: string; tag?: string } | undefined {
  if (key === 'activity') return {};
  const match = /^activity:(subject|tag)=([\s\S]+)$/.exec(key);
  return match ? { [match[1]!]: match[2]! } : undefined;
}

function failed(subject: string, error: unknown): BatchItem {
  if (error instanceof FeedReadError || error instanceof HttpError) return { subject, error: { code: error.code, message: error.message } };
  throw error;
}

const OPML = /^(text\/x-opml|application\/xml|text\/xml|application\/x-opml|text\/plain)\s*(;.*)?$/i;
const LIST_CACHE_CONTROL = 'public, max-age=60';

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
  const fetch = options.fetch ?? (app.config.feedsAllowPrivate ? { allowed: isPublicOrPrivateAddress } : undefined);
  const proxy = new FeedProxy(app.store, fetch === undefined ? {} : { fetch });
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
        // A copy this instance holds is sent as the JSON made when it came, not serialized again per request.
        const { read, json, etag } = await proxy.readSerialized(request.query.url, site.policy);
        cacheableReply(request, reply, read, read.stale ? STALE_CACHE_CONTROL : FEED_CACHE_CONTROL, etag);
        return reply.sent ? reply : (reply as unknown as FastifyReply).type('application/json; charset=utf-8').send(json);
      } catch (error) {
        if (error instanceof FeedReadError) throw new HttpError(error.status, error.code, error.message);
        throw error;
      }
    },
  );

  const readKey = async (request: FastifyRequest, site: Site, key: string): Promise<BatchItem> => {
    const activity = activityKey(key);
    try {
      if (activity) {
        const scope = scopeOf(activity);
        await mayRead(request, site, undefined);
        return { subject: key, feed: await readActivity(app.store.db, app.store.dialect, site.id, scope, { siteName: site.name, limit: ACTIVITY_LIMIT_MAX }) };
      }
      const read = await proxy.read(key, site.policy);
      return { subject: key, feed: read.feed, fetchedAt: read.fetchedAt, ...(read.stale ? { stale: true } : {}) };
    } catch (error) {
      return failed(key, error);
    }
  };

  /** The batch's subject activity keys (`activity:subject=…`), all read at once: one query per kind for the whole
   * page (a CRM column of 200 feeds), not four per key. A key that is not valid is left to `readKey`, which says why. */
  const readSubjectKeys = async (request: FastifyRequest, site: Site, keys: string[]): Promise<Map<string, BatchItem>> => {
    const subjects = new Map<string, string>();
    for (const key of keys) {
      const subject = activityKey(key)?.subject;
      if (subject === undefined) continue;
      try {
        scopeOf({ subject });
        subjects.set(key, subject);
      } catch {
        // readKey answers it with its error.
      }
    }
    if (subjects.size === 0) return new Map();
    try {
      await mayRead(request, site, undefined);
      const feeds = await readSubjectsActivity(app.store.db, app.store.dialect, site.id, [...subjects.values()], { siteName: site.name, limit: ACTIVITY_LIMIT_MAX });
      return new Map([...subjects].map(([key, subject]) => [key, { subject: key, feed: feeds.get(subject)! }]));
    } catch (error) {
      return new Map([...subjects.keys()].map((key) => [key, failed(key, error)]));
    }
  };

  app.get(
    '/v1/sites/:site/feeds/batch',
    {
      schema: {
        tags: ['feeds'],
        summary: "Several feeds at once, external and Kith's own, each answered or failed on its own (public, cacheable)",
        description:
          'What <kith-feed> reads: the feeds of a page in one request. Each item has the feed, or the error its own read would have ' +
          'answered ({ code, message }); activity of a site that keeps it private answers feed_token_required unless the request carries a user token.',
        params: SiteParams,
        querystring: FeedBatchQuery,
        response: { 200: FeedBatch, ...errorResponses(400, 403, 404) },
      },
      preValidation: [subjectsAsArray],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const keys = [...new Set(request.query.subject)];
      const position = await livePosition(app);
      const ofSubjects = await readSubjectKeys(request, site, keys);
      const items: BatchItem[] = new Array(keys.length);
      let next = 0;
      const worker = async () => {
        while (next < keys.length) {
          const index = next++;
          items[index] = ofSubjects.get(keys[index]!) ?? (await readKey(request, site, keys[index]!));
        }
      };
      await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, keys.length) }, worker));
      const settled = items.every((item) => item.feed && !item.stale);
      const personal = request.headers.authorization !== undefined && site.policy.activityFeeds === 'token';
      if (personal) reply.header('vary', 'authorization');
      return cacheableReply(request, reply, { items }, personal ? 'private, max-age=30' : settled ? FEED_CACHE_CONTROL : STALE_CACHE_CONTROL, undefined, position);
    },
  );

  app.get(
    '/v1/sites/:site/feeds/list',
    {
      schema: {
        tags: ['feeds'],
        summary: "The site's list of feeds, imported from OPML (public)",
        params: SiteParams,
        response: { 200: SiteFeedList, ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => cacheableReply(request, reply, { items: await listFeeds(app.store.db, siteOf(request).id) }, LIST_CACHE_CONTROL),
  );

  app.delete(
    '/v1/sites/:site/feeds/list',
    {
      schema: {
        tags: ['feeds'],
        summary: "Removes a feed from the site's list (API key)",
        security: bearerSecurity,
        params: SiteParams,
        querystring: FeedQuery,
        headers: WriteHeaders,
        response: { 200: RemovedFeed, ...errorResponses(400, 401, 403, 404, 429) },
      },
      preHandler: [app.limitWritesPerIp, requireApiKey],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { url: request.query.url, removed: await removeFeed(app.store.db, siteOf(request).id, request.query.url) };
    },
  );

  // The OPML import takes XML: its parser (the text as it came) lives in this scope only.
  await app.register(async (imports) => {
    imports.addContentTypeParser(OPML, { parseAs: 'string', bodyLimit: OPML_MAX_BYTES }, (_request, body, done) => done(null, body));
    imports.withTypeProvider<TypeBoxTypeProvider>().post(
      '/v1/sites/:site/feeds/import',
      {
        bodyLimit: OPML_MAX_BYTES,
        schema: {
          tags: ['feeds'],
          summary: "Adds the feeds of an OPML document to the site's list, and reports each refused one (API key)",
          security: bearerSecurity,
          params: SiteParams,
          headers: WriteHeaders,
          body: OpmlBody,
          response: { 200: OpmlReport, ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
        },
        preHandler: [app.limitWritesPerIp, requireApiKey],
      },
      async (request, reply) => {
        reply.header('cache-control', 'private, no-store');
        const site = siteOf(request);
        try {
          return await imports.idempotentWrite(request, reply, async (trx) => ({ status: 200, body: await importFeeds(trx, site.id, request.body, site.policy) }));
        } catch (error) {
          if (error instanceof OpmlError) throw errors.validation(error.message, [{ path: '', message: error.message }]);
          throw error;
        }
      },
    );
  });
}
