// /v1/sites/:site/ratings (public summary), …/ratings/batch (many summaries), …/ratings/mine (the caller's
// vote) and …/ratings/mine/batch (the caller's votes on many subjects).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { cacheableReply, etagOf } from '../../../lib/etag.ts';
import { livePosition, oldestPosition } from '../../../lib/live-position.ts';
import { guestsMayRate, requirePerson } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { TtlCache } from '../../../lib/ttl-cache.ts';
import { networkHashOf } from '../../../services/networks.ts';
import { getMine, getMines, readSummaries, readSummary, setVote, type GuestVote, type Summary as SummaryBody } from '../../../services/ratings.ts';
import { bearerSecurity, errorResponses, SiteParams, SubjectQuery, WriteHeaders } from './common.schemas.ts';
import { checkSubjectSize, distinctSubjects, subjectsAsArray } from './subjects.ts';
import { BatchQuery, Mine, MineBatch, Summary, SummaryBatch, VoteBody, VoteResult } from './ratings.schemas.ts';

export { RATINGS_BATCH_MAX_SUBJECTS } from './ratings.schemas.ts';
export { SUBJECT_MAX_BYTES } from './subjects.ts';

export const SUMMARY_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=60';
/** How long an instance reuses a summary it read. Clients and CDNs may keep it 5 s anyway (max-age); this
 * instance's own writes replace it at once, other instances' writes show within this time. */
export const SUMMARY_MEMO_MS = 1_000;

type VoteRequest = FastifyRequest<{ Querystring: { subject: string } }>;


export default async function ratingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Shared by the single and the batch read, so a write's delete below refreshes both. The ETag of a single
  // summary is computed when the single route first needs it.
  // `position`: the live stream's position taken before the summary was read (lib/live-position.ts).
  const recent = new TtlCache<{ summary: SummaryBody; etag?: string; position?: number }>(SUMMARY_MEMO_MS);
  const memoKey = (siteId: string, subject: string) => `${siteId}\n${subject}`;
  /** Sets (1–5) or retracts (null) the caller's vote, once per idempotency key, then forgets the summary
   * this instance remembered for that subject. */
  const vote = async (request: VoteRequest, reply: FastifyReply, value: number | null) => {
    const { subject } = request.query;
    checkSubjectSize(subject);
    reply.header('cache-control', 'private, no-store');
    const site = siteOf(request);
    const principal = request.principal!;
    // A guest's vote keeps its network's keyed hash (never the IP) and counts against the site's cap.
    const guest: GuestVote | undefined =
      principal.kind === 'guest' && value !== null
        ? { network: await networkHashOf(app.store.db, request.ip), capPerDay: site.policy.guestVotesPerNetworkPerDay }
        : undefined;
    let result: Awaited<ReturnType<typeof setVote>>;
    // Retracting a vote that does not exist changes nothing, so it announces nothing either.
    let changed = true;
    try {
      result = await app.idempotentWrite(request, reply, async (trx) => {
        if (value === null) changed = (await getMine(trx, site.id, subject, principal.id)).value !== null;
        return { status: 200, body: await setVote(trx, app.store.dialect, site.id, subject, principal.id, value, guest) };
      });
    } finally {
      recent.delete(memoKey(site.id, subject));
    }
    // The write committed (a replay was announced when it first happened): open live streams get the new
    // summary. Public data only: never who voted.
    if (changed && reply.getHeader('idempotent-replayed') !== 'true') {
      await app.live.publish(site.id, subject, 'rating', { subject, summary: result.summary });
    }
    return result;
  };

  app.get(
    '/v1/sites/:site/ratings',
    {
      schema: {
        tags: ['ratings'],
        summary: "A subject's rating summary (public, cacheable)",
        params: SiteParams,
        querystring: SubjectQuery,
        response: { 200: Summary, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { subject } = request.query;
      checkSubjectSize(subject);
      const siteId = siteOf(request).id;
      const key = memoKey(siteId, subject);
      let hit = recent.get(key);
      if (!hit) {
        // The live position is kept with the summary for the batch route's answers.
        const position = await livePosition(app);
        hit = recent.set(key, { summary: await readSummary(app.store, siteId, subject), position });
      }
      return cacheableReply(request, reply, hit.summary, SUMMARY_CACHE_CONTROL, (hit.etag ??= etagOf(hit.summary)));
    },
  );

  app.get(
    '/v1/sites/:site/ratings/batch',
    {
      schema: {
        tags: ['ratings'],
        summary: 'The rating summaries of up to 200 subjects (public, cacheable)',
        params: SiteParams,
        querystring: BatchQuery,
        response: { 200: SummaryBatch, ...errorResponses(400, 403, 404) },
      },
      preValidation: [subjectsAsArray],
    },
    async (request, reply) => {
      const subjects = distinctSubjects(request.query.subject);
      const siteId = siteOf(request).id;
      const known = new Map<string, SummaryBody>();
      const missing: string[] = [];
      const positions: Array<number | undefined> = [];
      for (const subject of subjects) {
        const hit = recent.get(memoKey(siteId, subject));
        if (hit) known.set(subject, hit.summary), positions.push(hit.position);
        else missing.push(subject);
      }
      if (missing.length) {
        const position = await livePosition(app);
        positions.push(position);
        for (const summary of await readSummaries(app.store, siteId, missing)) {
          recent.set(memoKey(siteId, summary.subject), { summary, position });
          known.set(summary.subject, summary);
        }
      }
      const body = { items: subjects.map((subject) => known.get(subject)!) };
      return cacheableReply(request, reply, body, SUMMARY_CACHE_CONTROL, undefined, oldestPosition(positions));
    },
  );

  app.get(
    '/v1/sites/:site/ratings/mine',
    {
      schema: {
        tags: ['ratings'],
        summary: "The caller's own vote",
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        response: { 200: Mine, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requirePerson],
    },
    async (request, reply) => {
      checkSubjectSize(request.query.subject);
      reply.header('cache-control', 'private, no-store');
      return getMine(app.store.db, siteOf(request).id, request.query.subject, request.principal!.id);
    },
  );

  app.get(
    '/v1/sites/:site/ratings/mine/batch',
    {
      schema: {
        tags: ['ratings'],
        summary: "The caller's own votes on up to 200 subjects",
        security: bearerSecurity,
        params: SiteParams,
        querystring: BatchQuery,
        response: { 200: MineBatch, ...errorResponses(400, 401, 403, 404) },
      },
      preValidation: [subjectsAsArray],
      preHandler: [requirePerson],
    },
    async (request, reply) => {
      const subjects = distinctSubjects(request.query.subject);
      reply.header('cache-control', 'private, no-store');
      return { items: await getMines(app.store, siteOf(request).id, subjects, request.principal!.id) };
    },
  );

  app.put(
    '/v1/sites/:site/ratings/mine',
    {
      schema: {
        tags: ['ratings'],
        summary: "Sets or changes the caller's vote",
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        headers: WriteHeaders,
        body: VoteBody,
        response: { 200: VoteResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
        description: 'A guest beyond the site\'s guestVotesPerNetworkPerDay on this subject today gets 403 guest_vote_limit.',
      },
      preHandler: [app.limitWritesPerIp, requirePerson, guestsMayRate, app.limitWritesPerPrincipal],
    },
    async (request, reply) => vote(request, reply, request.body.value),
  );

  app.delete(
    '/v1/sites/:site/ratings/mine',
    {
      schema: {
        tags: ['ratings'],
        summary: "Retracts the caller's vote (no-op without one)",
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        headers: WriteHeaders,
        response: { 200: VoteResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      // Guests may always take their vote back, even after the policy stopped allowing guest votes.
      preHandler: [app.limitWritesPerIp, requirePerson, app.limitWritesPerPrincipal],
    },
    async (request, reply) => vote(request, reply, null),
  );
}
