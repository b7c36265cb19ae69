// /v1/sites/:site/tags/moderation/… (issue 9): the stewardship of a site's tags (rename, merge, synonyms,
// delete, restricted, description) and its audit log. Allowed to an API key of the site or to a user whose
// token carries the moderator role, like comment moderation. Each write is one transaction and answers with
// the resulting tag's page (a deletion with its key).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { requireModerator } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { tagName } from '../../../services/tag-names.ts';
import { readTagPage, type TagPage as TagPageBody } from '../../../services/tag-pages.ts';
import {
  addSynonym,
  deleteTag,
  describeTag,
  listTagLog,
  mergeTags,
  removeSynonym,
  renameTag,
  setRestricted,
  TAG_LOG_PAGE_DEFAULT,
  withLockRetry,
} from '../../../services/tag-stewardship.ts';
import { bearerSecurity, errorResponses, SiteParams, WriteHeaders } from './common.schemas.ts';
import { TagPage, TagQuery } from './tag-pages.schemas.ts';
import { Deleted, DescriptionBody, MergeBody, RenameBody, RestrictedBody, SynonymBody, SynonymQuery, TagLogPage, TagLogQuery } from './tag-moderation.schemas.ts';

const WRITE_ERRORS = errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503);

export default async function tagModerationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** Runs one stewardship transaction (again if it gave way to a tagging write's locks). */
  const write = <T>(request: FastifyRequest, reply: FastifyReply, work: (trx: Transaction<Database>, siteId: string, actor: string) => Promise<T>) => {
    reply.header('cache-control', 'private, no-store');
    const siteId = siteOf(request).id;
    const actor = request.principal!.id;
    return withLockRetry(() => app.idempotentWrite<T>(request, reply, async (trx) => ({ status: 200, body: await work(trx, siteId, actor) })));
  };
  /** A write whose answer is the page of the tag it returns, read in the same transaction. */
  const writeTag = (request: FastifyRequest, reply: FastifyReply, work: (trx: Transaction<Database>, siteId: string, actor: string) => Promise<string>) =>
    write<TagPageBody>(request, reply, async (trx, siteId, actor) => readTagPage(trx, siteId, await work(trx, siteId, actor)));

  const route = <Schema extends object>(summary: string, schema: Schema) => ({
    schema: { tags: ['tags', 'moderation'], summary: `${summary} (API key or moderator)`, security: bearerSecurity, params: SiteParams, headers: WriteHeaders, ...schema },
    preHandler: [app.limitWritesPerIp, requireModerator, app.limitWritesPerPrincipal],
  });
  const dialect = app.store.dialect;

  app.post(
    '/v1/sites/:site/tags/moderation/rename',
    route("Renames a tag: its display and key become `to`'s (409 tag_exists when that is another tag: merge instead)", { body: RenameBody, response: { 200: TagPage, ...WRITE_ERRORS } }),
    async (request, reply) => {
      const from = tagName(request.body.from);
      const to = tagName(request.body.to);
      return writeTag(request, reply, (trx, siteId, actor) => renameTag(trx, dialect, siteId, actor, from, to));
    },
  );

  app.post(
    '/v1/sites/:site/tags/moderation/merge',
    route('Merges a tag into another, irreversibly: its taggings move (one per person and subject), counts are recomputed, and it stays as a synonym', {
      body: MergeBody,
      response: { 200: TagPage, ...WRITE_ERRORS },
    }),
    async (request, reply) => {
      const from = tagName(request.body.from);
      const into = tagName(request.body.into);
      return writeTag(request, reply, async (trx, siteId, actor) => (await mergeTags(trx, dialect, siteId, actor, from, into)).key);
    },
  );

  app.put(
    '/v1/sites/:site/tags/moderation/synonyms',
    route('Makes new uses of `from` become `to`, reversibly (409 tag_in_use when `from` is a tag in use: merge it)', { body: SynonymBody, response: { 200: TagPage, ...WRITE_ERRORS } }),
    async (request, reply) => {
      const from = tagName(request.body.from);
      const to = tagName(request.body.to);
      return writeTag(request, reply, (trx, siteId, actor) => addSynonym(trx, dialect, siteId, actor, from, to));
    },
  );

  app.delete(
    '/v1/sites/:site/tags/moderation/synonyms',
    route('Removes a synonym; answers with the page of the tag it led to', { querystring: SynonymQuery, response: { 200: TagPage, ...WRITE_ERRORS } }),
    async (request, reply) => {
      const from = tagName(request.query.from);
      return writeTag(request, reply, (trx, siteId, actor) => removeSynonym(trx, siteId, actor, from));
    },
  );

  app.delete(
    '/v1/sites/:site/tags/moderation/tag',
    route('Deletes a tag with its taggings, counts and synonyms', { querystring: TagQuery, response: { 200: Deleted, ...WRITE_ERRORS } }),
    async (request, reply) => {
      const tag = tagName(request.query.tag);
      return write(request, reply, async (trx, siteId, actor) => ({ deleted: await deleteTag(trx, dialect, siteId, actor, tag) }));
    },
  );

  app.put(
    '/v1/sites/:site/tags/moderation/restricted',
    route('Marks a tag as one only moderators may apply, or lifts that (creates the tag if need be)', { body: RestrictedBody, response: { 200: TagPage, ...WRITE_ERRORS } }),
    async (request, reply) => {
      const tag = tagName(request.body.tag);
      return writeTag(request, reply, (trx, siteId, actor) => setRestricted(trx, dialect, siteId, actor, tag, request.body.restricted));
    },
  );

  app.put(
    '/v1/sites/:site/tags/moderation/description',
    route("Sets a tag's description; empty clears it (creates the tag if need be)", { body: DescriptionBody, response: { 200: TagPage, ...WRITE_ERRORS } }),
    async (request, reply) => {
      const tag = tagName(request.body.tag);
      return writeTag(request, reply, (trx, siteId, actor) => describeTag(trx, dialect, siteId, actor, tag, request.body.description));
    },
  );

  app.get(
    '/v1/sites/:site/tags/moderation/log',
    {
      schema: {
        tags: ['tags', 'moderation'],
        summary: 'The tag stewardship log: every action with who, what and when, newest first (API key or moderator)',
        security: bearerSecurity,
        params: SiteParams,
        querystring: TagLogQuery,
        response: { 200: TagLogPage, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requireModerator],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const { cursor, limit } = request.query;
      return listTagLog(app.store.db, siteOf(request).id, cursor, limit === undefined ? TAG_LOG_PAGE_DEFAULT : Number(limit));
    },
  );
}
