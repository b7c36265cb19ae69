// /v1/sites/:site/moderation/comments…, …/moderation/authors… and …/moderation/log (issue 8): the comment
// queue, approve / reject / spam, block and unblock authors, and the audit log. Allowed to an API key of the
// site or to a signed-in user whose token carries the moderator role; the log names which (key:<id>,
// user:<sub>). Writes publish their live events after the commit, never again on an idempotent replay.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { errors } from '../../../errors.ts';
import { requireModerator } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import {
  blockAuthor,
  listBlocked,
  listLog,
  listQueue,
  MODERATION_PAGE_DEFAULT,
  moderateComment,
  unblockAuthor,
} from '../../../services/comment-moderation.ts';
import type { CommentStatus, LiveOut } from '../../../services/comments.ts';
import { bearerSecurity, errorResponses, SiteParams, WriteHeaders } from './common.schemas.ts';
import {
  BlockBody,
  BlockedList,
  BlockResult,
  LogPage,
  LogQuery,
  ModerateBody,
  ModerateResult,
  QueuePage,
  QueueQuery,
  UnblockBody,
  UnblockResult,
} from './comment-moderation.schemas.ts';
import { writeAndPublish } from './comments.ts';
import { CommentParams } from './comments.schemas.ts';
import { checkSubjectSize } from './subjects.ts';

const WRITE_ERRORS = errorResponses(400, 401, 403, 404, 413, 415, 422, 429);

export default async function commentModerationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  const write = <T>(request: FastifyRequest, reply: FastifyReply, work: (trx: Transaction<Database>) => Promise<{ body: T; events: LiveOut[] }>) =>
    writeAndPublish(app, request, reply, 200, work);

  app.get(
    '/v1/sites/:site/moderation/comments',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Comments of one status, newest first: the queue (pending) by default (API key or moderator)',
        security: bearerSecurity,
        params: SiteParams,
        querystring: QueueQuery,
        response: { 200: QueuePage, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requireModerator],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const { status, subject, cursor, limit } = request.query;
      if (subject !== undefined) checkSubjectSize(subject);
      return listQueue(app.store.db, siteOf(request).id, {
        status: (status ?? 'pending') as CommentStatus,
        subject,
        cursor,
        limit: limit === undefined ? MODERATION_PAGE_DEFAULT : Number(limit),
      });
    },
  );

  app.post(
    '/v1/sites/:site/moderation/comments/:id',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Approves, rejects or marks a comment as spam; counts and the audit log follow (API key or moderator)',
        security: bearerSecurity,
        params: CommentParams,
        headers: WriteHeaders,
        body: ModerateBody,
        response: { 200: ModerateResult, ...WRITE_ERRORS },
      },
      preHandler: [app.limitWritesPerIp, requireModerator, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const actor = request.principal!.id;
      const { action, reason } = request.body;
      return write(request, reply, async (trx) => {
        const { comment, events } = await moderateComment(trx, app.store.dialect, site.id, actor, request.params.id, action, reason);
        return { body: { comment }, events };
      });
    },
  );

  app.post(
    '/v1/sites/:site/moderation/authors/block',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Blocks an author (by a comment of theirs, or by authorRef); hidePast also hides their comments (API key or moderator)',
        security: bearerSecurity,
        params: SiteParams,
        headers: WriteHeaders,
        body: BlockBody,
        response: { 200: BlockResult, ...WRITE_ERRORS },
      },
      preHandler: [app.limitWritesPerIp, requireModerator, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const { commentId, author, hidePast, reason } = request.body;
      if ((commentId === undefined) === (author === undefined)) {
        throw errors.validation('body must have exactly one of commentId or author', [{ path: 'body', message: 'must have exactly one of commentId or author' }]);
      }
      const site = siteOf(request);
      const actor = request.principal!.id;
      return write(request, reply, async (trx) => {
        const result = await blockAuthor(trx, site.id, actor, { commentId, author, hidePast: hidePast === true, reason });
        return { body: { author: result.author, hidden: result.hidden }, events: result.events };
      });
    },
  );

  app.post(
    '/v1/sites/:site/moderation/authors/unblock',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Lifts a block and shows again the comments it hid (API key or moderator)',
        security: bearerSecurity,
        params: SiteParams,
        headers: WriteHeaders,
        body: UnblockBody,
        response: { 200: UnblockResult, ...WRITE_ERRORS },
      },
      preHandler: [app.limitWritesPerIp, requireModerator, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const actor = request.principal!.id;
      return write(request, reply, async (trx) => {
        const result = await unblockAuthor(trx, site.id, actor, request.body.author, request.body.reason);
        return { body: { author: result.author, restored: result.restored }, events: result.events };
      });
    },
  );

  app.get(
    '/v1/sites/:site/moderation/authors/blocked',
    {
      schema: {
        tags: ['moderation'],
        summary: 'The blocked authors, most recent first (API key or moderator)',
        security: bearerSecurity,
        params: SiteParams,
        response: { 200: BlockedList, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requireModerator],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { items: await listBlocked(app.store.db, siteOf(request).id) };
    },
  );

  app.get(
    '/v1/sites/:site/moderation/log',
    {
      schema: {
        tags: ['moderation'],
        summary: 'The audit log: every moderation action with who, what and why, newest first (API key or moderator)',
        security: bearerSecurity,
        params: SiteParams,
        querystring: LogQuery,
        response: { 200: LogPage, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requireModerator],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const { cursor, limit } = request.query;
      return listLog(app.store.db, siteOf(request).id, cursor, limit === undefined ? MODERATION_PAGE_DEFAULT : Number(limit));
    },
  );
}
