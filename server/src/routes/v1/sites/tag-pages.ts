// GET /v1/sites/:site/tags/trending and …/tags/page (issue 9): what is rising against its own usual rate,
// and one tag's page. Public and cacheable, like the other tag reads.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { cacheableReply } from '../../../lib/etag.ts';
import { TtlCache } from '../../../lib/ttl-cache.ts';
import { siteOf } from '../../../plugins/site.ts';
import { tagName } from '../../../services/tag-names.ts';
import { readTagPage, TRENDING_DAYS_DEFAULT, TRENDING_LIMIT_DEFAULT, trendingTags, type TrendingTag } from '../../../services/tag-pages.ts';
import { errorResponses, SiteParams } from './common.schemas.ts';
import { TagPage, TagQuery, TrendingQuery, TrendingResult } from './tag-pages.schemas.ts';
import { TAGS_CACHE_CONTROL } from './tags.ts';

/** Trending sums five weeks of every used tag's days, so its cost grows with a site's activity (docs/
 * performance.md): each instance computes it at most once a minute per site and window, and requests that
 * arrive meanwhile share that answer. A trend moves over days; a minute late is not late. */
export const TRENDING_MEMO_MS = 60_000;

export default async function tagPageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const trending = new TtlCache<Promise<TrendingTag[]>>(TRENDING_MEMO_MS);

  app.get(
    '/v1/sites/:site/tags/trending',
    {
      schema: {
        tags: ['tags'],
        summary: 'Tags whose use in the last days rose most against their own usual rate (public, cacheable)',
        params: SiteParams,
        querystring: TrendingQuery,
        response: { 200: TrendingResult, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const days = request.query.days === undefined ? TRENDING_DAYS_DEFAULT : Number(request.query.days);
      const limit = request.query.limit === undefined ? TRENDING_LIMIT_DEFAULT : Number(request.query.limit);
      const siteId = siteOf(request).id;
      const key = `${siteId}\n${days}\n${limit}`;
      let answer = trending.get(key);
      if (!answer) {
        answer = trending.set(key, trendingTags(app.store.db, siteId, days, limit));
        answer.catch(() => trending.delete(key)); // a failed read is not kept
      }
      const items = await answer;
      return cacheableReply(request, reply, { days, items }, TAGS_CACHE_CONTROL);
    },
  );

  app.get(
    '/v1/sites/:site/tags/page',
    {
      schema: {
        tags: ['tags'],
        summary: "A tag's page: description, synonyms, counts and related tags (public, cacheable); a synonym answers with its target",
        params: SiteParams,
        querystring: TagQuery,
        response: { 200: TagPage, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const page = await readTagPage(app.store.db, siteOf(request).id, tagName(request.query.tag).key);
      return cacheableReply(request, reply, page, TAGS_CACHE_CONTROL);
    },
  );
}
