// /v1/sites/:site/comments…: the public list of a subject's threads, one thread's further replies, counts of
// many subjects, the caller's own comments and votes, and the writes (create, edit, delete, vote, preview).
// Writes run through app.idempotentWrite; their live events are published after the commit, and never again
// for an idempotent replay.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { errors } from '../../../errors.ts';
import { cacheableReply, etagOf } from '../../../lib/etag.ts';
import { livePosition } from '../../../lib/live-position.ts';
import { TtlCache } from '../../../lib/ttl-cache.ts';
import { markdownToTree } from '../../../markdown/parse.ts';
import { requirePerson } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { commentFloodLimits } from '../../../services/comment-limits.ts';
import {
  COMMENT_BODY_MAX,
  COMMENTS_PAGE_DEFAULT,
  createComment,
  deleteComment,
  editComment,
  getMine,
  listComments,
  listThread,
  readCounts,
  voteComment,
  type Author,
  type ListPage,
  type LiveOut,
  type Sort,
} from '../../../services/comments.ts';
import type { Principal } from '../../../services/identity.ts';
import { networkHashOf } from '../../../services/networks.ts';
import { bearerSecurity, errorResponses, SiteParams, SubjectQuery, WriteHeaders } from './common.schemas.ts';
import {
  CommentParams,
  CommentPage,
  CommentResult,
  Counts,
  CountsQuery,
  CreateBody,
  EditBody,
  ListQuery,
  MineResult,
  PreviewResult,
  ThreadPage,
  ThreadQuery,
  VoteBody,
  VoteResult,
} from './comments.schemas.ts';
import { checkSubjectSize, distinctSubjects, subjectsAsArray } from './subjects.ts';

export const COMMENTS_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=60';
/** How long an instance reuses a page or count it read. Every live event of a subject (a comment, a vote, a
 * count, a rating: the stars join) drops that subject's entries at once, on this instance and, through
 * PostgreSQL's fan-out, on the others; the time bounds what no event announces (the admin CLI). */
export const COMMENTS_MEMO_MS = 1_000;

/** Comment writes may carry up to 10 000 characters: up to 40 KB of UTF-8, more with JSON escapes (an emoji
 * written as \ud83d\ude00 is 12 bytes). These routes accept this much even when BODY_LIMIT is lower. */
export const COMMENT_BODY_LIMIT = 128 * 1024;


const problem = (path: string, message: string) => errors.validation(`${path} ${message}`, [{ path, message }]);

/** The body as stored: trimmed, 1–10 000 code points. */
function checkBody(raw: string, path = 'body/body'): string {
  const body = raw.trim();
  const length = [...body].length;
  if (length === 0) throw problem(path, 'must not be empty or only white space');
  if (length > COMMENT_BODY_MAX) throw problem(path, `must be at most ${COMMENT_BODY_MAX} characters after trimming (it has ${length})`);
  return body;
}

/** The author as the comment records it: the token's name (or "Anonymous"), avatar and badges for users;
 * the name they typed for guests. */
function authorOf(principal: Principal, guestName: string | undefined): Author {
  if (principal.kind === 'user') {
    return {
      id: principal.id,
      kind: 'user',
      name: principal.name?.trim() || 'Anonymous',
      ...(principal.avatar ? { avatar: principal.avatar } : {}),
      ...(principal.verified !== undefined ? { verified: principal.verified } : {}),
      ...(principal.moderator ? { moderator: true as const } : {}),
    };
  }
  const name = guestName?.trim();
  if (!name) throw problem('body/guestName', guestName === undefined ? 'is required for guests' : 'must not be only white space');
  return { id: principal.id, kind: 'guest', name };
}

/** Runs `work` as the request's idempotent write, then publishes the live events it returned once the
 * transaction committed: never for a write that failed, and never again for an idempotent replay. */
export async function writeAndPublish<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (trx: Transaction<Database>) => Promise<{ body: T; events: LiveOut[] }>,
): Promise<T> {
  reply.header('cache-control', 'private, no-store');
  let events: LiveOut[] = [];
  const body = await app.idempotentWrite<T>(request, reply, async (trx) => {
    const result = await work(trx);
    events = result.events;
    return { status, body: result.body };
  });
  if (reply.getHeader('idempotent-replayed') !== 'true') {
    const siteId = siteOf(request).id;
    for (const event of events) await app.live.publish(siteId, event.subject, event.type, event.data);
  }
  return body;
}

export default async function commentsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const flood = commentFloodLimits(app.bucketStore);
  const bodyLimit = Math.max(app.config.bodyLimit, COMMENT_BODY_LIMIT);

  const write = <T>(request: FastifyRequest, reply: FastifyReply, status: number, work: (trx: Transaction<Database>) => Promise<{ body: T; events: LiveOut[] }>) =>
    writeAndPublish(app, request, reply, status, work);

  // Public reads remembered per subject: the pages asked for (by sort, stars, cursor and limit) and the count.
  type Memo = { pages: Map<string, { page: ListPage; etag: string }>; count?: number };
  const recent = new TtlCache<Memo>(COMMENTS_MEMO_MS);
  const memoKey = (siteId: string, subject: string) => `${siteId}\n${subject}`;
  const memoOf = (siteId: string, subject: string) => recent.get(memoKey(siteId, subject)) ?? recent.set(memoKey(siteId, subject), { pages: new Map() });
  const forget = app.live.subscribe((event) => recent.delete(memoKey(event.siteId, event.subject)));
  app.addHook('onClose', async () => forget());

  app.get(
    '/v1/sites/:site/comments',
    {
      schema: {
        tags: ['comments'],
        summary: "A page of a subject's comment threads, each with its first 200 replies (public, cacheable)",
        params: SiteParams,
        querystring: ListQuery,
        response: { 200: CommentPage, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { subject, sort, stars, cursor, limit } = request.query;
      checkSubjectSize(subject);
      const siteId = siteOf(request).id;
      const query = {
        sort: (sort ?? 'newest') as Sort,
        stars: stars === undefined ? undefined : Number(stars),
        cursor,
        limit: limit === undefined ? COMMENTS_PAGE_DEFAULT : Number(limit),
      };
      // The live position first: what a memo holds was read before it (every event since dropped it), and so is
      // what a read finds now (lib/live-position.ts).
      const position = await livePosition(app);
      // Taken before the read, like the counts below: an event during the read drops it.
      const pages = memoOf(siteId, subject).pages;
      const variant = JSON.stringify(query);
      let hit = pages.get(variant);
      if (!hit) {
        const page = await listComments(app.store.db, siteId, subject, query);
        hit = { page, etag: etagOf(page) };
        pages.set(variant, hit);
      }
      return cacheableReply(request, reply, hit.page, COMMENTS_CACHE_CONTROL, hit.etag, position);
    },
  );

  app.get(
    '/v1/sites/:site/comments/thread',
    {
      schema: {
        tags: ['comments'],
        summary: "One thread's replies, oldest first, 200 per page (public, cacheable)",
        params: SiteParams,
        querystring: ThreadQuery,
        response: { 200: ThreadPage, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { subject, root, cursor } = request.query;
      checkSubjectSize(subject);
      const page = await listThread(app.store.db, siteOf(request).id, subject, root, cursor);
      return cacheableReply(request, reply, page, COMMENTS_CACHE_CONTROL);
    },
  );

  app.get(
    '/v1/sites/:site/comments/counts',
    {
      schema: {
        tags: ['comments'],
        summary: 'The visible-comment counts of up to 200 subjects (public, cacheable)',
        params: SiteParams,
        querystring: CountsQuery,
        response: { 200: Counts, ...errorResponses(400, 403, 404) },
      },
      preValidation: [subjectsAsArray],
    },
    async (request, reply) => {
      const subjects = distinctSubjects(request.query.subject);
      const siteId = siteOf(request).id;
      // Before the memo and the read, as for a page of comments above.
      const position = await livePosition(app);
      const known = new Map<string, number>();
      for (const subject of subjects) {
        const count = recent.get(memoKey(siteId, subject))?.count;
        if (count !== undefined) known.set(subject, count);
      }
      const missing = subjects.filter((subject) => !known.has(subject));
      // The entries are taken before the read: an event during it drops them, and what the read found
      // then lands in an entry nobody reads.
      const memos = new Map(missing.map((subject) => [subject, memoOf(siteId, subject)]));
      for (const { subject, count } of await readCounts(app.store.db, app.store.dialect, siteId, missing)) {
        memos.get(subject)!.count = count;
        known.set(subject, count);
      }
      const body = { items: subjects.map((subject) => ({ subject, count: known.get(subject)! })) };
      return cacheableReply(request, reply, body, COMMENTS_CACHE_CONTROL, undefined, position);
    },
  );

  app.get(
    '/v1/sites/:site/comments/mine',
    {
      schema: {
        tags: ['comments'],
        summary: "The caller's own comments (with their Markdown), unpublished ones, votes on the subject, and whether they are blocked",
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        response: { 200: MineResult, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requirePerson],
    },
    async (request, reply) => {
      checkSubjectSize(request.query.subject);
      reply.header('cache-control', 'private, no-store');
      const principal = request.principal!;
      const mine = await getMine(app.store.db, siteOf(request).id, request.query.subject, principal.id);
      // Tells the widget whether to show its moderation controls (the server still judges every call).
      return { ...mine, moderator: principal.kind === 'user' && principal.moderator === true };
    },
  );

  app.post(
    '/v1/sites/:site/comments',
    {
      schema: {
        tags: ['comments'],
        summary: 'Posts a comment or a reply (status pending when it is held for moderation)',
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        headers: WriteHeaders,
        body: CreateBody,
        response: { 201: CommentResult, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
        description:
          '403 guests_not_allowed (guests where policy.guestsMayComment is off), 403 author_blocked, 404 comment_not_found (parentId), 409 duplicate_comment (the same text on this subject within 24 h), 429 comment_flood (5 a minute, 30 an hour per author; 20 an hour per guest network) with Retry-After.',
      },
      bodyLimit,
      preHandler: [app.limitWritesPerIp, requirePerson, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const { subject } = request.query;
      checkSubjectSize(subject);
      const site = siteOf(request);
      const principal = request.principal!;
      if (principal.kind === 'guest' && !site.policy.guestsMayComment) throw errors.guestsNotAllowed('this site does not allow guests to comment');
      const body = checkBody(request.body.body);
      const author = authorOf(principal, request.body.guestName);
      const guestNetwork = principal.kind === 'guest' ? await networkHashOf(app.store.db, request.ip) : null;
      const tree = markdownToTree(body);
      return write(request, reply, 201, async (trx) => {
        const { comment, events } = await createComment(trx, {
          siteId: site.id,
          subject,
          author,
          guestNetwork,
          body,
          tree,
          parentId: request.body.parentId,
          moderation: site.policy.moderation,
          takeFlood: () => flood.take(site.id, author.id, guestNetwork),
        });
        return { body: { comment }, events };
      });
    },
  );

  app.post(
    '/v1/sites/:site/comments/preview',
    {
      schema: {
        tags: ['comments'],
        summary: 'The tree a comment body would become (nothing is written)',
        params: SiteParams,
        body: EditBody,
        response: { 200: PreviewResult, ...errorResponses(400, 403, 404, 413, 415, 429) },
      },
      bodyLimit,
      preHandler: [app.limitWritesPerIp],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { tree: markdownToTree(checkBody(request.body.body)) };
    },
  );

  app.patch(
    '/v1/sites/:site/comments/:id',
    {
      schema: {
        tags: ['comments'],
        summary: "Edits the caller's own comment (the previous text is kept as a revision)",
        security: bearerSecurity,
        params: CommentParams,
        headers: WriteHeaders,
        body: EditBody,
        response: { 200: CommentResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
        description: "403 not_your_comment, 403 author_blocked, 404 comment_not_found (unknown, another site's, or deleted). A guest's edit that adds a link holds the comment for moderation again.",
      },
      bodyLimit,
      preHandler: [app.limitWritesPerIp, requirePerson, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const body = checkBody(request.body.body);
      const authorId = request.principal!.id;
      const tree = markdownToTree(body);
      return write(request, reply, 200, async (trx) => {
        const { comment, events } = await editComment(trx, app.store.dialect, site.id, request.params.id, authorId, body, tree);
        return { body: { comment }, events };
      });
    },
  );

  app.delete(
    '/v1/sites/:site/comments/:id',
    {
      schema: {
        tags: ['comments'],
        summary: 'Deletes a comment (its author, or a moderator): it becomes a tombstone; its text and revisions are erased',
        security: bearerSecurity,
        params: CommentParams,
        headers: WriteHeaders,
        response: { 200: CommentResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      preHandler: [app.limitWritesPerIp, requirePerson, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const principal = request.principal!;
      const actor = { id: principal.id, moderator: principal.kind === 'user' && principal.moderator === true };
      return write(request, reply, 200, async (trx) => {
        const { comment, events } = await deleteComment(trx, app.store.dialect, site.id, request.params.id, actor);
        return { body: { comment }, events };
      });
    },
  );

  const vote = (value: 1 | -1 | null) => async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const site = siteOf(request);
    const principal = request.principal!;
    // Guests vote on comments where they may comment; taking a vote back is always allowed.
    if (value !== null && principal.kind === 'guest' && !site.policy.guestsMayComment) throw errors.guestsNotAllowed('this site does not allow guests to vote on comments');
    return write(request, reply, 200, async (trx) => {
      const { result, events } = await voteComment(trx, app.store.dialect, site.id, request.params.id, principal.id, value);
      return { body: result, events };
    });
  };

  app.put(
    '/v1/sites/:site/comments/:id/vote',
    {
      schema: {
        tags: ['comments'],
        summary: "Sets or changes the caller's vote on a comment (1 helpful, -1 not)",
        security: bearerSecurity,
        params: CommentParams,
        headers: WriteHeaders,
        body: VoteBody,
        response: { 200: VoteResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
        description: '403 own_comment; 404 comment_not_found for a comment that is not published.',
      },
      preHandler: [app.limitWritesPerIp, requirePerson, app.limitWritesPerPrincipal],
    },
    async (request, reply) => vote(request.body.value)(request, reply),
  );

  app.delete(
    '/v1/sites/:site/comments/:id/vote',
    {
      schema: {
        tags: ['comments'],
        summary: "Takes back the caller's vote on a comment (no-op without one)",
        security: bearerSecurity,
        params: CommentParams,
        headers: WriteHeaders,
        response: { 200: VoteResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      preHandler: [app.limitWritesPerIp, requirePerson, app.limitWritesPerPrincipal],
    },
    async (request, reply) => vote(null)(request, reply),
  );
}
