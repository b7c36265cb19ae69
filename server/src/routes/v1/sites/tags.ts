// /v1/sites/:site/tags (a subject's tags; POST applies the caller's tag, DELETE removes it), …/tags/batch,
// …/tags/cloud, …/tags/subjects (the subjects carrying a tag), …/tags/suggest and …/tags/mine (issue 9).
// Stewardship, trending and the tag page are other files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { errors } from '../../../errors.ts';
import { cacheableReply } from '../../../lib/etag.ts';
import { livePosition } from '../../../lib/live-position.ts';
import { requirePerson } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import {
  applyTag,
  mineKeys,
  queriedTagKey,
  removeTag,
  subjectsTagged,
  subjectTags,
  subjectTagsBatch,
  suggestTags,
  tagCloud,
  type TagWrite,
} from '../../../services/tags.ts';
import { bearerSecurity, errorResponses, SiteParams, SubjectQuery, WriteHeaders } from './common.schemas.ts';
import { checkSubjectSize, distinctSubjects, subjectsAsArray } from './subjects.ts';
import {
  ApplyBody,
  Cloud,
  CloudQuery,
  MineTags,
  RemoveQuery,
  SubjectsPage,
  SubjectsQuery,
  SubjectTags,
  Suggestions,
  SuggestQuery,
  TAG_CLOUD_DEFAULT,
  TAG_SUBJECTS_DEFAULT,
  TAG_SUGGEST_DEFAULT,
  TagsBatch,
  TagsBatchQuery,
  TagWriteResult,
} from './tags.schemas.ts';

export const TAGS_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=60';

const PRIVATE = 'private, no-store';

/** Guests may tag where the site lets guests rate (no policy field of its own). */
async function guestsMayTag(request: FastifyRequest): Promise<void> {
  if (request.principal?.kind === 'guest' && !siteOf(request).policy.guestsMayRate) {
    throw errors.guestsNotAllowed('this site does not allow guests to tag; sign in to tag');
  }
}

export default async function tagsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** Runs a tag write once per idempotency key; when it changed something (and is not a replay, which was
   * announced when it first happened), open live streams get the subject's tags. Public data only. */
  const write = async (request: FastifyRequest, reply: FastifyReply, subject: string, work: (trx: Transaction<Database>) => Promise<TagWrite>) => {
    checkSubjectSize(subject);
    reply.header('cache-control', PRIVATE);
    const siteId = siteOf(request).id;
    let changed = false;
    const result = await app.idempotentWrite(request, reply, async (trx) => {
      const done = await work(trx);
      changed = done.changed;
      return { status: 200, body: done.result };
    });
    if (changed && reply.getHeader('idempotent-replayed') !== 'true') {
      await app.live.publish(siteId, subject, 'tags', { subject, items: result.items });
    }
    return result;
  };

  app.get(
    '/v1/sites/:site/tags',
    {
      schema: {
        tags: ['tags'],
        summary: "A subject's tags with counts (public, cacheable)",
        params: SiteParams,
        querystring: SubjectQuery,
        response: { 200: SubjectTags, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { subject } = request.query;
      checkSubjectSize(subject);
      const body = { subject, items: await subjectTags(app.store.db, siteOf(request).id, subject) };
      return cacheableReply(request, reply, body, TAGS_CACHE_CONTROL);
    },
  );

  app.get(
    '/v1/sites/:site/tags/batch',
    {
      schema: {
        tags: ['tags'],
        summary: 'The top tags of up to 200 subjects (public, cacheable)',
        params: SiteParams,
        querystring: TagsBatchQuery,
        response: { 200: TagsBatch, ...errorResponses(400, 403, 404) },
      },
      preValidation: [subjectsAsArray],
    },
    async (request, reply) => {
      const subjects = distinctSubjects(request.query.subject);
      const position = await livePosition(app);
      const body = { items: await subjectTagsBatch(app.store.db, app.store.dialect, siteOf(request).id, subjects) };
      return cacheableReply(request, reply, body, TAGS_CACHE_CONTROL, undefined, position);
    },
  );

  app.get(
    '/v1/sites/:site/tags/cloud',
    {
      schema: {
        tags: ['tags'],
        summary: "The site's most used tags, or a subject kind's (public, cacheable)",
        params: SiteParams,
        querystring: CloudQuery,
        response: { 200: Cloud, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { limit, scope, order } = request.query;
      const items = await tagCloud(app.store.db, siteOf(request).id, Number(limit ?? TAG_CLOUD_DEFAULT), scope ?? null, order ?? 'popular');
      return cacheableReply(request, reply, { scope: scope ?? null, items }, TAGS_CACHE_CONTROL);
    },
  );

  app.get(
    '/v1/sites/:site/tags/subjects',
    {
      schema: {
        tags: ['tags'],
        summary: 'The subjects carrying a tag, most-tagged first, paged (public, cacheable)',
        params: SiteParams,
        querystring: SubjectsQuery,
        response: { 200: SubjectsPage, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { tag, cursor, limit } = request.query;
      const siteId = siteOf(request).id;
      const key = await queriedTagKey(app.store.db, siteId, tag);
      const page = await subjectsTagged(app.store.db, siteId, key, Number(limit ?? TAG_SUBJECTS_DEFAULT), cursor);
      return cacheableReply(request, reply, page, TAGS_CACHE_CONTROL);
    },
  );

  app.get(
    '/v1/sites/:site/tags/suggest',
    {
      schema: {
        tags: ['tags'],
        summary: 'Tags starting with a prefix, most used first (public, cacheable)',
        params: SiteParams,
        querystring: SuggestQuery,
        response: { 200: Suggestions, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const prefix = request.query.prefix ?? '';
      const items = await suggestTags(app.store.db, app.store.dialect, siteOf(request).id, prefix, Number(request.query.limit ?? TAG_SUGGEST_DEFAULT));
      return cacheableReply(request, reply, { prefix, items }, TAGS_CACHE_CONTROL);
    },
  );

  app.get(
    '/v1/sites/:site/tags/mine',
    {
      schema: {
        tags: ['tags'],
        summary: 'The tags the caller applied to a subject',
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        response: { 200: MineTags, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requirePerson],
    },
    async (request, reply) => {
      const { subject } = request.query;
      checkSubjectSize(subject);
      reply.header('cache-control', PRIVATE);
      return { subject, tags: await mineKeys(app.store.db, siteOf(request).id, subject, request.principal!.id) };
    },
  );

  app.post(
    '/v1/sites/:site/tags',
    {
      schema: {
        tags: ['tags'],
        summary: 'Applies the caller\'s tag to a subject (idempotent)',
        description:
          'A synonym applies its target (`applied` says which). 400 invalid_tag says why a tag is refused; 403 tag_restricted: only a moderator (a user token with role "moderator") may apply a restricted tag; 403 guests_not_allowed where guests may not rate.',
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        headers: WriteHeaders,
        body: ApplyBody,
        response: { 200: TagWriteResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      preHandler: [app.limitWritesPerIp, requirePerson, guestsMayTag, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const { subject } = request.query;
      const principal = request.principal!;
      const tagger = { principal: principal.id, moderator: principal.kind === 'user' && principal.moderator === true };
      return write(request, reply, subject, (trx) => applyTag(trx, app.store.dialect, siteOf(request).id, subject, request.body.tag, tagger));
    },
  );

  app.delete(
    '/v1/sites/:site/tags',
    {
      schema: {
        tags: ['tags'],
        summary: "Removes the caller's tag from a subject (no-op when they did not apply it)",
        security: bearerSecurity,
        params: SiteParams,
        querystring: RemoveQuery,
        headers: WriteHeaders,
        response: { 200: TagWriteResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      // Guests may always take their tags back, even after the policy stopped allowing guests (as votes).
      preHandler: [app.limitWritesPerIp, requirePerson, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const { subject, tag } = request.query;
      return write(request, reply, subject, (trx) => removeTag(trx, app.store.dialect, siteOf(request).id, subject, tag, request.principal!.id));
    },
  );
}
