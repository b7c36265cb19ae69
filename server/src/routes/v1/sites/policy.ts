// GET /v1/sites/:site/policy: what guests may do on this site, public and cacheable, so a widget can say
// "Sign in to rate" before a guest clicks instead of after a refused write.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { cacheableReply, etagOf } from '../../../lib/etag.ts';
import { siteOf } from '../../../plugins/site.ts';
import type { Policy, Site } from '../../../services/sites.ts';
import { errorResponses, SiteParams } from './common.schemas.ts';
import { NoQuery, SitePolicy } from './policy.schemas.ts';

/** Policies change rarely and a stale one only means a guest is told about a rule a minute late: the write
 * itself is always checked against the current policy. */
export const POLICY_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

type PolicyBody = { site: string } & Omit<Policy, 'feedHosts' | 'activityFeeds'>;

export default async function policyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The site plugin hands out the same Site object while it caches the row, so body and ETag are computed
  // once per cached row; a changed site is a new object.
  const answers = new WeakMap<Site, { body: PolicyBody; etag: string }>();
  const answerFor = (site: Site) => {
    let answer = answers.get(site);
    if (!answer) {
      const { guestsMayRate, guestsMayComment, moderation, guestVotesPerNetworkPerDay, guestProofOfWork } = site.policy;
      const body = { site: site.id, guestsMayRate, guestsMayComment, moderation, guestVotesPerNetworkPerDay, guestProofOfWork };
      answer = { body, etag: etagOf(body) };
      answers.set(site, answer);
    }
    return answer;
  };

  app.get(
    '/v1/sites/:site/policy',
    {
      schema: {
        tags: ['sites'],
        summary: 'What guests may do on this site (public, cacheable)',
        params: SiteParams,
        querystring: NoQuery,
        response: { 200: SitePolicy, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { body, etag } = answerFor(siteOf(request));
      return cacheableReply(request, reply, body, POLICY_CACHE_CONTROL, etag);
    },
  );
}
