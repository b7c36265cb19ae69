// Kith's own activity feeds (issue 11): the newest comments, ratings and tags of a site, a subject (?subject=) or a
// tag (?tag=), as JSON for widgets (…/activity) and as Atom 1.0, RSS 2.0 and JSON Feed 1.1 for any reader
// (…/activity.atom, .rss, .json). Public unless the site's policy says activityFeeds: token; then a signed-in user
// reads them with their token, and a reader with the feed token POST …/activity/token hands out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors, HttpError } from '../../../errors.ts';
import { writeFeed, FEED_CONTENT_TYPES, type FeedFormat } from '../../../feeds/write.ts';
import { cacheableReply } from '../../../lib/etag.ts';
import { requirePerson } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { ACTIVITY_LIMIT_DEFAULT, readActivity, type ActivityScope } from '../../../services/activity.ts';
import { issueFeedToken, verifyFeedToken } from '../../../services/feed-tokens.ts';
import { authenticate, bearer } from '../../../services/identity.ts';
import type { Site } from '../../../services/sites.ts';
import { tagName } from '../../../services/tag-names.ts';
import { bearerSecurity, errorResponses, SiteParams } from './common.schemas.ts';
import { ActivityQuery, ActivityRead, FeedTokenAnswer } from './activity.schemas.ts';
import { checkSubjectSize } from './subjects.ts';

const PUBLIC_CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=300';
const PRIVATE_CACHE_CONTROL = 'private, max-age=30';

type Query = { subject?: string; tag?: string; limit?: string; token?: string };

export function scopeOf(query: { subject?: string; tag?: string }): ActivityScope {
  if (query.subject !== undefined && query.tag !== undefined) throw errors.validation('ask for a subject or a tag, not both', [{ path: '/tag', message: 'not with subject' }]);
  if (query.subject !== undefined) {
    checkSubjectSize(query.subject);
    return { subject: query.subject };
  }
  if (query.tag !== undefined) {
    const { display, key } = tagName(query.tag);
    return { tag: display, tagKey: key };
  }
  return { site: true };
}

/** Whether this request may read the activity of a site that keeps it private: a feed token or a user token. */
export async function mayRead(request: FastifyRequest, site: Site, token: string | undefined): Promise<boolean> {
  if (site.policy.activityFeeds === 'public') return true;
  if (token !== undefined) {
    if (verifyFeedToken(site, token) !== null) return true;
    throw new HttpError(401, 'feed_token_invalid', 'this feed token is not valid for this site (it may have been revoked: ask for a new one)');
  }
  const credential = bearer(request.headers.authorization);
  if (credential !== null) {
    const principal = await authenticate(request.server.store.db, site, credential);
    if (principal.kind === 'user' || principal.kind === 'key') return true;
  }
  throw new HttpError(401, 'feed_token_required', "this site's activity feeds are for its signed-in users: sign in, or add ?token= with a feed token (POST …/activity/token)");
}

/** Where readers reach this server: PUBLIC_URL when set, else the request's own scheme and Host. */
function publicBase(request: FastifyRequest): string {
  const base = request.server.config.publicUrl ?? `${request.protocol}://${request.host}`;
  try {
    return new URL(base).origin;
  } catch {
    throw new HttpError(400, 'bad_host', 'the Host header is not a host name, so no feed address can be made from it (an operator can set PUBLIC_URL)');
  }
}

/** The feed's own address, for its self link: the canonical path, with the query as asked. */
function selfUrl(request: FastifyRequest, site: Site, format: FeedFormat): string {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  return `${publicBase(request)}/v1/sites/${encodeURIComponent(site.id)}/activity.${format}${query}`;
}

export default async function activityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  const read = async (request: FastifyRequest, query: Query) => {
    const site = siteOf(request);
    const scope = scopeOf(query);
    await mayRead(request, site, query.token);
    const feed = await readActivity(app.store.db, app.store.dialect, site.id, scope, { siteName: site.name, limit: query.limit === undefined ? ACTIVITY_LIMIT_DEFAULT : Number(query.limit) });
    return { site, feed, cacheControl: site.policy.activityFeeds === 'public' ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE_CONTROL };
  };

  app.get(
    '/v1/sites/:site/activity',
    {
      schema: {
        tags: ['feeds'],
        summary: "The newest comments, ratings and tags of the site, a subject or a tag, as the feed proxy's JSON (for <kith-feed>)",
        params: SiteParams,
        querystring: ActivityQuery,
        response: { 200: ActivityRead, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { feed, cacheControl } = await read(request, request.query);
      if (cacheControl === PRIVATE_CACHE_CONTROL) reply.header('vary', 'authorization');
      return cacheableReply(request, reply, { feed }, cacheControl);
    },
  );

  for (const format of ['atom', 'rss', 'json'] as FeedFormat[]) {
    app.get(
      `/v1/sites/:site/activity.${format}`,
      {
        schema: {
          tags: ['feeds'],
          summary: `The newest comments, ratings and tags of the site, a subject or a tag, as ${format === 'atom' ? 'Atom 1.0' : format === 'rss' ? 'RSS 2.0' : 'JSON Feed 1.1'}`,
          params: SiteParams,
          querystring: ActivityQuery,
          response: errorResponses(400, 401, 403, 404),
        },
      },
      async (request, reply) => {
        const { site, feed, cacheControl } = await read(request, request.query);
        const body = writeFeed(format, feed, { self: selfUrl(request, site, format), now: new Date(0), author: site.name });
        reply.type(FEED_CONTENT_TYPES[format]);
        // The body is the document as written: sent as it is, not serialized as JSON.
        cacheableReply(request, reply, body, cacheControl);
        return reply.sent ? reply : (reply as unknown as FastifyReply).send(body);
      },
    );
  }

  app.post(
    '/v1/sites/:site/activity/token',
    {
      schema: {
        tags: ['feeds'],
        summary: "A feed token for the signed-in user, and the activity feed URLs with it (user token)",
        security: bearerSecurity,
        params: SiteParams,
        response: { 200: FeedTokenAnswer, ...errorResponses(400, 401, 403, 404, 429) },
      },
      preHandler: [app.limitWritesPerIp, requirePerson],
    },
    async (request, reply) => {
      const principal = request.principal!;
      if (principal.kind !== 'user') throw errors.forbidden('feed tokens are for signed-in users, not visitors');
      const site = siteOf(request);
      const token = issueFeedToken(site, principal.id);
      const base = publicBase(request);
      const url = (format: FeedFormat) => `${base}/v1/sites/${encodeURIComponent(site.id)}/activity.${format}?token=${encodeURIComponent(token)}`;
      reply.header('cache-control', 'private, no-store');
      return { token, feeds: { atom: url('atom'), rss: url('rss'), json: url('json') } };
    },
  );
}
