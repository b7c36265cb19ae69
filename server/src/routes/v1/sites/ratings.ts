// /v1/sites/:site/ratings (public summary) and /v1/sites/:site/ratings/mine (the caller's vote).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../../../errors.ts';
import { guestsMayRate, requirePerson } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { TtlCache } from '../../../lib/ttl-cache.ts';
import { getMine, readSummary, setVote, type Summary as SummaryBody } from '../../../services/ratings.ts';
import { bearerSecurity, errorResponses, SiteParams, SubjectQuery, WriteHeaders } from './common.schemas.ts';
import { Mine, Summary, VoteBody, VoteResult } from './ratings.schemas.ts';

export const SUMMARY_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=60';
/** How long an instance reuses a summary it read. Clients and CDNs may keep it 5 s anyway (max-age); this
 * instance's own writes replace it at once, other instances' writes show within this time. */
export const SUMMARY_MEMO_MS = 1_000;

export function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match matching with weak comparison: `*`, lists and `W/` forms. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** Database keys have a size limit (PostgreSQL index rows): 512 characters, but at most 1024 UTF-8 bytes. */
export const SUBJECT_MAX_BYTES = 1024;

function checkSubjectSize(subject: string): void {
  if (Buffer.byteLength(subject, 'utf8') > SUBJECT_MAX_BYTES) {
    const message = `must be at most ${SUBJECT_MAX_BYTES} bytes in UTF-8`;
    throw errors.validation(`querystring/subject ${message}`, [{ path: 'querystring/subject', message }]);
  }
}

type VoteRequest = FastifyRequest<{ Querystring: { subject: string } }>;

/** 304 has no body, so it has no response schema; the untyped reply sends it. */
function notModified(reply: FastifyReply) {
  return reply.code(304).send();
}

export default async function ratingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const recent = new TtlCache<{ summary: SummaryBody; etag: string }>(SUMMARY_MEMO_MS);
  const memoKey = (siteId: string, subject: string) => `${siteId}\n${subject}`;
  /** Sets (1–5) or retracts (null) the caller's vote, once per idempotency key, then forgets the summary
   * this instance remembered for that subject. */
  const vote = async (request: VoteRequest, reply: FastifyReply, value: number | null) => {
    const { subject } = request.query;
    checkSubjectSize(subject);
    reply.header('cache-control', 'private, no-store');
    const site = siteOf(request);
    try {
      return await app.idempotentWrite(request, reply, async (trx) => ({
        status: 200,
        body: await setVote(trx, app.store.dialect, site.id, subject, request.principal!.id, value),
      }));
    } finally {
      recent.delete(memoKey(site.id, subject));
    }
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
        const summary = await readSummary(app.store, siteId, subject);
        hit = recent.set(key, { summary, etag: etagOf(summary) });
      }
      reply.header('etag', hit.etag).header('cache-control', SUMMARY_CACHE_CONTROL);
      if (matchesEtag(request.headers['if-none-match'], hit.etag)) return notModified(reply as unknown as FastifyReply);
      return hit.summary;
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
