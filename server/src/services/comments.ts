// Comments (issue 8): threads of Markdown comments per subject, with replies, edits, tombstones and votes.
//
// Visible means approved, not hidden (a blocked author's past comments) and not deleted. Two aggregates are
// kept exact in the transaction of every change of visibility, so the reads a page makes stay O(1):
// comment_counts (visible comments per subject, top level and replies) and the top-level comment's
// reply_count (visible replies in its thread). Every writer goes through `shiftVisibility`, with atomic
// increments, so concurrent writers of one subject cannot lose an update on either store.
//
// A comment that is no longer visible but still has visible replies is listed as a tombstone (no tree, no
// author name unless its author deleted it), so the thread keeps its shape; without visible replies it is not
// listed at all. Writers return the live events to publish; routes publish them after the commit.
import { randomBytes } from 'node:crypto';
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { errors, HttpError } from '../errors.ts';
import type { LiveEventType } from '../live/bus.ts';
import type { Root } from '../markdown/tree.ts';
import { rankOf } from './comment-ranking.ts';
import { bodyHash, duplicateComment, DUPLICATE_WINDOW_MS } from './comment-limits.ts';

export const COMMENT_MAX_DEPTH = 3;
export const COMMENT_BODY_MAX = 10_000;
export const GUEST_NAME_MAX = 50;
export const COMMENTS_PAGE_MAX = 100;
export const COMMENTS_PAGE_DEFAULT = 20;
/** Replies carried per thread in a list, and per page of GET comments/thread. */
export const REPLIES_PAGE = 200;
/** The caller's own comments GET comments/mine returns (newest first). */
export const OWN_MAX = 500;
export const COMMENT_ID_PATTERN = '^[0-9a-f]{24}$';

export type Db = Kysely<Database> | Transaction<Database>;
export type Sort = 'newest' | 'oldest' | 'top';
export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam';

export interface CommentAuthor {
  name: string;
  avatar?: string;
  guest?: true;
  verified?: true | string;
  moderator?: true;
}

export interface CommentJson {
  id: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  replyTo?: { id: string; name: string };
  author: CommentAuthor;
  tree: Root | null;
  status: CommentStatus;
  deleted?: true;
  createdAt: string;
  editedAt?: string;
  up: number;
  down: number;
  stars?: number;
  replyCount?: number;
  replies?: CommentJson[];
}

/** An event for the live stream, published by the route once the transaction committed. */
export interface LiveOut {
  subject: string;
  type: LiveEventType;
  data: unknown;
}

/** Who writes: what the token said about them, frozen into the comment. */
export interface Author {
  id: string;
  kind: 'user' | 'guest';
  name: string;
  avatar?: string;
  verified?: true | string;
  moderator?: true;
}

export const commentNotFound = () => new HttpError(404, 'comment_not_found', 'no such comment on this site and subject');
export const notYourComment = () => new HttpError(403, 'not_your_comment', 'only the author may change this comment');
export const ownComment = () => new HttpError(403, 'own_comment', 'you cannot vote on your own comment');
export const authorBlocked = () => new HttpError(403, 'author_blocked', "this site's moderators blocked you from commenting");

export const newCommentId = () => randomBytes(12).toString('hex');

// ---------------------------------------------------------------------------------------------------------
// Reading rows

/** Every column a Comment needs, and the author's current rating of the subject (the review join). */
export function selectComments(db: Db) {
  return db
    .selectFrom('comments as c')
    .leftJoin('rating_votes as rv', (join) =>
      join.onRef('rv.site_id', '=', 'c.site_id').onRef('rv.subject', '=', 'c.subject').onRef('rv.principal', '=', 'c.author'),
    )
    .select([
      'c.id',
      'c.site_id',
      'c.subject',
      'c.root_id',
      'c.parent_id',
      'c.reply_to_id',
      'c.reply_to_name',
      'c.depth',
      'c.author',
      'c.author_kind',
      'c.author_name',
      'c.author_avatar',
      'c.author_verified',
      'c.author_moderator',
      'c.guest_network',
      'c.body',
      'c.tree',
      'c.status',
      'c.hidden',
      'c.up',
      'c.down',
      'c.rank',
      'c.reply_count',
      'c.created_at',
      'c.edited_at',
      'c.deleted_at',
      'rv.value as stars',
    ]);
}

export type CommentRow = Awaited<ReturnType<ReturnType<typeof selectComments>['executeTakeFirstOrThrow']>>;

type C = ExpressionBuilder<Database & { c: Database['comments'] }, 'c'>;

/** `c` is visible: approved, not hidden, not deleted. */
function visible(eb: C) {
  return eb.and([eb('c.status', '=', 'approved'), eb('c.hidden', '=', 0), eb('c.deleted_at', 'is', null)]);
}

/** `c` is listed publicly: visible, or a tombstone over visible replies. */
function listed(eb: C) {
  return eb.or([
    visible(eb),
    eb.and([eb('c.parent_id', 'is', null), eb('c.reply_count', '>', 0)]),
    eb.and([
      eb('c.parent_id', 'is not', null),
      eb.exists(
        eb
          .selectFrom('comments as ch')
          .select(sql`1`.as('one'))
          .whereRef('ch.root_id', '=', 'c.root_id')
          .whereRef('ch.parent_id', '=', 'c.id')
          .where('ch.status', '=', 'approved')
          .where('ch.hidden', '=', 0)
          .where('ch.deleted_at', 'is', null),
      ),
    ]),
  ]);
}

export const isVisible = (row: Pick<CommentRow, 'status' | 'hidden' | 'deleted_at'>) =>
  row.status === 'approved' && Number(row.hidden) === 0 && row.deleted_at === null;

/** Who sees the comment: the public (tombstone unless visible), its author (their own pending comments), or a
 * moderator (everything but what a deletion erased). */
export type View = 'public' | 'owner' | 'moderator';

export function toComment(row: CommentRow, view: View): CommentJson {
  const tombstone = row.deleted_at !== null || (view === 'public' && !isVisible(row));
  const author: CommentAuthor = { name: row.author_name };
  if (tombstone && row.deleted_at === null) author.name = ''; // removed by a moderator: say nothing about whose
  if (!tombstone) {
    if (row.author_avatar) author.avatar = row.author_avatar;
    if (row.author_kind === 'guest') author.guest = true;
    if (row.author_verified) author.verified = row.author_verified === '1' ? true : row.author_verified;
    if (Number(row.author_moderator)) author.moderator = true;
  }
  const comment: CommentJson = {
    id: row.id,
    parentId: row.parent_id,
    rootId: row.root_id,
    depth: Number(row.depth),
    ...(row.reply_to_id ? { replyTo: { id: row.reply_to_id, name: row.reply_to_name ?? '' } } : {}),
    author,
    tree: tombstone || row.tree === null ? null : (JSON.parse(row.tree) as Root),
    status: view === 'public' ? 'approved' : row.status,
    ...(tombstone ? { deleted: true as const } : {}),
    createdAt: row.created_at,
    ...(row.edited_at && !tombstone ? { editedAt: row.edited_at } : {}),
    up: Number(row.up),
    down: Number(row.down),
    ...(row.stars !== null && row.stars !== undefined && !tombstone ? { stars: Number(row.stars) } : {}),
  };
  if (row.parent_id === null) comment.replyCount = Number(row.reply_count);
  return comment;
}

export async function findComment(db: Db, siteId: string, id: string): Promise<CommentRow | undefined> {
  return selectComments(db).where('c.site_id', '=', siteId).where('c.id', '=', id).executeTakeFirst();
}

/** The row of `id` on the site, locked for the rest of the transaction on PostgreSQL (SQLite serializes
 * writers anyway), so votes and moderation of one comment apply one after the other. */
async function lockComment(trx: Transaction<Database>, dialect: Dialect, siteId: string, id: string): Promise<CommentRow | undefined> {
  if (dialect === 'postgres') {
    const locked = await trx.selectFrom('comments').select('id').where('site_id', '=', siteId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) return undefined;
  }
  return findComment(trx, siteId, id);
}

/** One page of an audit log (the moderators' `moderation_log`, the stewards' `tag_log`), newest first, with
 * the cursor of the next page ('l' cursors: created_at and id of the last row). */
export async function logPage<Row extends { created_at: string; id: string }>(
  table: 'moderation_log' | 'tag_log',
  db: Db,
  siteId: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const key = decodeCursor('l', cursor);
  let rows = (db as Kysely<any>).selectFrom(table).selectAll().where('site_id', '=', siteId);
  if (key) rows = rows.where((eb) => eb.or([eb('created_at', '<', key.createdAt), eb.and([eb('created_at', '=', key.createdAt), eb('id', '<', key.id)])]));
  const found = (await rows.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()) as Row[];
  const more = found.length > limit;
  const page = more ? found.slice(0, limit) : found;
  const last = page.at(-1);
  return { rows: page, nextCursor: more && last ? encodeCursor('l', { createdAt: last.created_at, id: last.id }) : null };
}

// ---------------------------------------------------------------------------------------------------------
// Cursors: opaque base64url of the sort key of the last item. Anything else is a 400, never a 500.

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = new RegExp(COMMENT_ID_PATTERN);
const LOG_ID = /^[0-9a-f]{24}$/;

type CursorKind = 'n' | 'o' | 't' | 'r' | 'm' | 'l';
export type CursorKey = { rank?: number; createdAt: string; id: string };

export function encodeCursor(kind: CursorKind, key: CursorKey): string {
  const parts = kind === 't' ? [kind, key.rank, key.createdAt, key.id] : [kind, key.createdAt, key.id];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export const invalidCursor = () =>
  errors.validation('querystring/cursor is not a cursor this list gave (start again without it)', [
    { path: 'querystring/cursor', message: 'is not a cursor this list gave' },
  ]);

export function decodeCursor(kind: CursorKind, text: string | undefined): CursorKey | undefined {
  if (text === undefined) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parts) || parts[0] !== kind) throw invalidCursor();
  const rest = kind === 't' ? parts.slice(2) : parts.slice(1);
  const [createdAt, id] = rest as unknown[];
  const idPattern = kind === 'l' ? LOG_ID : ID;
  if (rest.length !== 2 || typeof createdAt !== 'string' || !ISO.test(createdAt) || typeof id !== 'string' || !idPattern.test(id)) throw invalidCursor();
  if (kind !== 't') return { createdAt, id };
  const rank = parts[1];
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0 || rank > 1_000_000) throw invalidCursor();
  return { rank, createdAt, id };
}

/** Rows strictly after `key` in the order `desc` (newest first) or ascending, ties broken by id. */
function after(eb: C, key: CursorKey, desc: boolean) {
  const op = desc ? '<' : '>';
  return eb.or([eb('c.created_at', op, key.createdAt), eb.and([eb('c.created_at', '=', key.createdAt), eb('c.id', op, key.id)])]);
}

// ---------------------------------------------------------------------------------------------------------
// Reads

export interface ListQuery {
  sort: Sort;
  stars?: number;
  cursor?: string;
  limit: number;
}

export interface ListPage {
  subject: string;
  count: number;
  items: CommentJson[];
  nextCursor: string | null;
}

export async function readCount(db: Db, siteId: string, subject: string): Promise<number> {
  const row = await db.selectFrom('comment_counts').select('count').where('site_id', '=', siteId).where('subject', '=', subject).executeTakeFirst();
  return row ? Number(row.count) : 0;
}

/** `subject in (…)` with the list in one bound parameter (one statement for every batch size). */
function subjectIn(dialect: Dialect, subjects: readonly string[]) {
  return dialect === 'postgres'
    ? sql<boolean>`subject = any(${[...subjects]}::text[])`
    : sql<boolean>`subject in (select value from json_each(${JSON.stringify(subjects)}))`;
}

/** The visible-comment counts of several subjects, in the order given (0 where none). */
export async function readCounts(db: Db, dialect: Dialect, siteId: string, subjects: readonly string[]): Promise<{ subject: string; count: number }[]> {
  if (subjects.length === 0) return [];
  const rows = await db.selectFrom('comment_counts').select(['subject', 'count']).where('site_id', '=', siteId).where(subjectIn(dialect, subjects)).execute();
  const bySubject = new Map(rows.map((row) => [row.subject, Number(row.count)]));
  return subjects.map((subject) => ({ subject, count: bySubject.get(subject) ?? 0 }));
}

/** One page of top-level comments of a subject, each with up to REPLIES_PAGE replies (oldest first). Two
 * queries whatever the page size: the threads, then all their replies (a window function keeps the first
 * REPLIES_PAGE of each). */
export async function listComments(db: Db, siteId: string, subject: string, query: ListQuery): Promise<ListPage> {
  const kind: CursorKind = query.sort === 'newest' ? 'n' : query.sort === 'oldest' ? 'o' : 't';
  const key = decodeCursor(kind, query.cursor);
  let threads = selectComments(db)
    .where('c.site_id', '=', siteId)
    .where('c.subject', '=', subject)
    .where('c.parent_id', 'is', null)
    .where((eb) => listed(eb as C));
  if (query.stars !== undefined) threads = threads.where('rv.value', '=', query.stars);
  if (query.sort === 'top') {
    if (key) {
      const rank = key.rank!;
      threads = threads.where((eb) => eb.or([eb('c.rank', '<', rank), eb.and([eb('c.rank', '=', rank), after(eb as C, key, true)])]));
    }
    threads = threads.orderBy('c.rank', 'desc').orderBy('c.created_at', 'desc').orderBy('c.id', 'desc');
  } else {
    const desc = query.sort === 'newest';
    if (key) threads = threads.where((eb) => after(eb as C, key, desc));
    threads = threads.orderBy('c.created_at', desc ? 'desc' : 'asc').orderBy('c.id', desc ? 'desc' : 'asc');
  }
  const rows = await threads.limit(query.limit + 1).execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const items = page.map((row) => ({ ...toComment(row, 'public'), replies: [] as CommentJson[] }));
  if (items.length > 0) {
    const ranked = selectComments(db)
      .select(sql<number>`row_number() over (partition by c.root_id order by c.created_at, c.id)`.as('n'))
      .where('c.site_id', '=', siteId)
      .where(
        'c.root_id',
        'in',
        items.map((item) => item.id),
      )
      .where('c.parent_id', 'is not', null)
      .where((eb) => listed(eb as C));
    const replies = await db.selectFrom(ranked.as('r')).selectAll().where('r.n', '<=', REPLIES_PAGE).orderBy('r.created_at').orderBy('r.id').execute();
    const byRoot = new Map(items.map((item) => [item.id, item]));
    for (const reply of replies) byRoot.get(reply.root_id)?.replies.push(toComment(reply as unknown as CommentRow, 'public'));
  }
  const last = page.at(-1);
  return {
    subject,
    count: await readCount(db, siteId, subject),
    items,
    nextCursor: more && last ? encodeCursor(kind, { rank: Number(last.rank), createdAt: last.created_at, id: last.id }) : null,
  };
}

/** Replies of one thread, oldest first, REPLIES_PAGE per page. */
export async function listThread(db: Db, siteId: string, subject: string, rootId: string, cursor: string | undefined): Promise<{ items: CommentJson[]; nextCursor: string | null }> {
  const key = decodeCursor('r', cursor);
  const root = await db
    .selectFrom('comments')
    .select('id')
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .where('id', '=', rootId)
    .where('parent_id', 'is', null)
    .executeTakeFirst();
  if (!root) throw commentNotFound();
  let replies = selectComments(db)
    .where('c.root_id', '=', rootId)
    .where('c.site_id', '=', siteId)
    .where('c.parent_id', 'is not', null)
    .where((eb) => listed(eb as C));
  if (key) replies = replies.where((eb) => after(eb as C, key, false));
  const rows = await replies.orderBy('c.created_at').orderBy('c.id').limit(REPLIES_PAGE + 1).execute();
  const more = rows.length > REPLIES_PAGE;
  const page = more ? rows.slice(0, REPLIES_PAGE) : rows;
  const last = page.at(-1);
  return { items: page.map((row) => toComment(row, 'public')), nextCursor: more && last ? encodeCursor('r', { createdAt: last.created_at, id: last.id }) : null };
}

export interface Mine {
  subject: string;
  own: { id: string; body: string; status: CommentStatus }[];
  pending: CommentJson[];
  votes: Record<string, 1 | -1>;
  blocked: boolean;
}

export async function isBlocked(db: Db, siteId: string, author: string): Promise<boolean> {
  const row = await db.selectFrom('blocked_authors').select('author').where('site_id', '=', siteId).where('author', '=', author).executeTakeFirst();
  return row !== undefined;
}

/** The caller's own comments on a subject (with their Markdown, for editing), those not published, their
 * votes on the subject's comments, and whether they are blocked. */
export async function getMine(db: Db, siteId: string, subject: string, author: string): Promise<Mine> {
  const [own, pending, votes, blocked] = await Promise.all([
    db
      .selectFrom('comments')
      .select(['id', 'body', 'status'])
      .where('site_id', '=', siteId)
      .where('author', '=', author)
      .where('subject', '=', subject)
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(OWN_MAX)
      .execute(),
    selectComments(db)
      .where('c.site_id', '=', siteId)
      .where('c.author', '=', author)
      .where('c.subject', '=', subject)
      .where('c.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('c.status', '!=', 'approved'), eb('c.hidden', '=', 1)]))
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(OWN_MAX)
      .execute(),
    db
      .selectFrom('comment_votes as v')
      .innerJoin('comments as c', 'c.id', 'v.comment_id')
      .select(['v.comment_id', 'v.value'])
      .where('v.principal', '=', author)
      .where('c.site_id', '=', siteId)
      .where('c.subject', '=', subject)
      .execute(),
    isBlocked(db, siteId, author),
  ]);
  return {
    subject,
    own: own.map((row) => ({ id: row.id, body: row.body, status: row.status })),
    pending: pending.map((row) => toComment(row, 'owner')),
    votes: Object.fromEntries(votes.map((row) => [row.comment_id, Number(row.value) as 1 | -1])),
    blocked,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Writes

/** Moves one comment in or out of the visible set: the subject's count and its thread's reply count follow,
 * by atomic increments in the caller's transaction. */
export async function shiftVisibility(trx: Transaction<Database>, row: Pick<CommentRow, 'site_id' | 'subject' | 'parent_id' | 'root_id'>, delta: 1 | -1): Promise<void> {
  // Comment rows first, the subject's count row last, in every writer: a deletion of a top-level comment
  // (which holds its row) and a new reply to it (which needs that row) then never wait for each other in
  // opposite orders on PostgreSQL.
  if (row.parent_id !== null) {
    await trx.updateTable('comments').set({ reply_count: sql`reply_count + ${delta}` }).where('id', '=', row.root_id).execute();
  }
  await trx
    .insertInto('comment_counts')
    .values({ site_id: row.site_id, subject: row.subject, count: Math.max(delta, 0) })
    .onConflict((oc) => oc.columns(['site_id', 'subject']).doUpdateSet({ count: sql`comment_counts.count + ${delta}` }))
    .execute();
}

/** The events that say a comment changed visibility, or changed while visible (`before` null: it is new). */
export async function visibilityEvents(
  trx: Transaction<Database>,
  before: CommentRow | null,
  after: CommentRow,
  whileVisible: 'created' | 'edited' | 'deleted' | null,
): Promise<LiveOut[]> {
  const was = before !== null && isVisible(before);
  const is = isVisible(after);
  const subject = after.subject;
  const comment = (action: string) => ({ subject, type: 'comment' as const, data: { subject, action, comment: toComment(after, 'public') } });
  const count = async () => ({ subject, type: 'comment-count' as const, data: { subject, count: await readCount(trx, after.site_id, subject) } });
  if (!was && is) return [comment(whileVisible === 'created' ? 'created' : 'approved'), await count()];
  if (was && !is) return [comment(whileVisible === 'deleted' ? 'deleted' : 'removed'), await count()];
  if (was && is && whileVisible === 'edited') return [comment('edited')];
  return [];
}

/** True when the tree holds a link anywhere (what holds a guest's comment for moderation). */
export function hasLink(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if ((node as { type?: unknown }).type === 'link') return true;
  const children = (node as { children?: unknown }).children;
  return Array.isArray(children) && children.some(hasLink);
}

export interface NewComment {
  siteId: string;
  subject: string;
  author: Author;
  /** Guests: their network's keyed hash (null when the address is not an IP). */
  guestNetwork: string | null;
  /** Trimmed Markdown source and its tree. */
  body: string;
  tree: Root;
  parentId?: string;
  moderation: 'pre' | 'post';
  /** Counts the comment against the flood limits (throws 429 comment_flood); called once nothing else refuses. */
  takeFlood: () => Promise<void>;
}

/** The status a new comment starts in: held under pre-moderation, or when a guest's comment holds a link;
 * a moderator's own comment never waits for a moderator. */
function initialStatus(input: Pick<NewComment, 'author' | 'tree' | 'moderation'>): CommentStatus {
  if (input.author.moderator) return 'approved';
  if (input.moderation === 'pre') return 'pending';
  if (input.author.kind === 'guest' && hasLink(input.tree)) return 'pending';
  return 'approved';
}

export async function createComment(trx: Transaction<Database>, input: NewComment): Promise<{ comment: CommentJson; events: LiveOut[] }> {
  const { siteId, subject, author } = input;
  if (await isBlocked(trx, siteId, author.id)) throw authorBlocked();
  let placement = { root_id: '', parent_id: null as string | null, depth: 0, reply_to_id: null as string | null, reply_to_name: null as string | null };
  const id = newCommentId();
  if (input.parentId !== undefined) {
    const parent = await findComment(trx, siteId, input.parentId);
    // A tombstone may be answered (the thread goes on); a held, refused or hidden comment may not be.
    if (!parent || parent.subject !== subject || parent.status !== 'approved' || Number(parent.hidden) !== 0) throw commentNotFound();
    const depth = Number(parent.depth);
    placement =
      depth >= COMMENT_MAX_DEPTH
        ? { root_id: parent.root_id, parent_id: parent.parent_id, depth: COMMENT_MAX_DEPTH, reply_to_id: parent.id, reply_to_name: parent.deleted_at ? '' : parent.author_name }
        : { root_id: parent.root_id, parent_id: parent.id, depth: depth + 1, reply_to_id: null, reply_to_name: null };
  } else {
    placement.root_id = id;
  }
  const hash = bodyHash(input.body);
  const now = new Date();
  const duplicate = await trx
    .selectFrom('comments')
    .select('id')
    .where('site_id', '=', siteId)
    .where('author', '=', author.id)
    .where('created_at', '>=', new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString())
    .where('subject', '=', subject)
    .where('body_hash', '=', hash)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (duplicate) throw duplicateComment();
  await input.takeFlood();
  await trx
    .insertInto('comments')
    .values({
      id,
      site_id: siteId,
      subject,
      ...placement,
      author: author.id,
      author_kind: author.kind,
      author_name: author.name,
      author_avatar: author.avatar ?? null,
      author_verified: author.verified === undefined ? null : author.verified === true ? '1' : author.verified,
      author_moderator: author.moderator ? 1 : 0,
      guest_network: input.guestNetwork,
      body: input.body,
      body_hash: hash,
      tree: JSON.stringify(input.tree),
      status: initialStatus(input),
      created_at: now.toISOString(),
    })
    .execute();
  const row = (await findComment(trx, siteId, id))!;
  if (isVisible(row)) await shiftVisibility(trx, row, 1);
  const fresh = (await findComment(trx, siteId, id))!;
  const events = await visibilityEvents(trx, null, fresh, 'created');
  return { comment: toComment(fresh, 'owner'), events };
}

/** Replaces the body of the caller's own comment; the previous body becomes a revision. A guest's edit that
 * adds a link holds an approved comment for moderation again. */
export async function editComment(
  trx: Transaction<Database>,
  dialect: Dialect,
  siteId: string,
  id: string,
  authorId: string,
  body: string,
  tree: Root,
): Promise<{ comment: CommentJson; events: LiveOut[] }> {
  const before = await lockComment(trx, dialect, siteId, id);
  if (!before || before.deleted_at !== null) throw commentNotFound();
  if (before.author !== authorId) throw notYourComment();
  if (await isBlocked(trx, siteId, authorId)) throw authorBlocked();
  if (before.body === body) return { comment: toComment(before, 'owner'), events: [] };
  const last = await trx
    .selectFrom('comment_revisions')
    .select((eb) => eb.fn.max('revision').as('n'))
    .where('comment_id', '=', id)
    .executeTakeFirst();
  const now = new Date().toISOString();
  await trx.insertInto('comment_revisions').values({ comment_id: id, revision: Number(last?.n ?? 0) + 1, body: before.body, created_at: now }).execute();
  const addsLink = before.author_kind === 'guest' && hasLink(tree) && !hasLink(before.tree === null ? null : JSON.parse(before.tree));
  const status = addsLink && before.status === 'approved' ? 'pending' : before.status;
  await trx
    .updateTable('comments')
    .set({ body, body_hash: bodyHash(body), tree: JSON.stringify(tree), status, edited_at: now })
    .where('id', '=', id)
    .execute();
  if (isVisible(before) && status !== before.status) await shiftVisibility(trx, before, -1);
  const after = (await findComment(trx, siteId, id))!;
  return { comment: toComment(after, 'owner'), events: await visibilityEvents(trx, before, after, 'edited') };
}

/** Deletes a comment (its author, or a moderator): it becomes a tombstone, its body and revisions are erased. */
export async function deleteComment(
  trx: Transaction<Database>,
  dialect: Dialect,
  siteId: string,
  id: string,
  actor: { id: string; moderator: boolean },
): Promise<{ comment: CommentJson; events: LiveOut[] }> {
  const before = await lockComment(trx, dialect, siteId, id);
  if (!before) throw commentNotFound();
  const own = before.author === actor.id;
  if (!own && !actor.moderator) throw before.deleted_at !== null ? commentNotFound() : notYourComment();
  // Deleting again answers the tombstone and changes nothing: a retry whose first answer was lost succeeds.
  if (before.deleted_at !== null) return { comment: toComment(before, 'owner'), events: [] };
  const now = new Date().toISOString();
  await trx.updateTable('comments').set({ deleted_at: now, body: '', body_hash: '', tree: null }).where('id', '=', id).execute();
  await trx.deleteFrom('comment_revisions').where('comment_id', '=', id).execute();
  if (isVisible(before)) await shiftVisibility(trx, before, -1);
  if (!own) {
    await logAction(trx, { siteId, actor: actor.id, action: 'delete', commentId: id, author: before.author, fromStatus: before.status, toStatus: before.status });
  }
  const after = (await findComment(trx, siteId, id))!;
  return { comment: toComment(after, 'owner'), events: await visibilityEvents(trx, before, after, 'deleted') };
}

export interface VoteResult {
  id: string;
  up: number;
  down: number;
  mine: 1 | -1 | null;
}

/** Sets (1, −1) or takes back (null) the caller's vote on a comment; up, down and rank change with it. */
export async function voteComment(
  trx: Transaction<Database>,
  dialect: Dialect,
  siteId: string,
  id: string,
  principal: string,
  value: 1 | -1 | null,
): Promise<{ result: VoteResult; events: LiveOut[] }> {
  const row = await lockComment(trx, dialect, siteId, id);
  if (!row || (value !== null && !isVisible(row))) throw commentNotFound();
  if (value !== null && row.author === principal) throw ownComment();
  const old = await trx.selectFrom('comment_votes').select('value').where('comment_id', '=', id).where('principal', '=', principal).executeTakeFirst();
  const oldValue = old ? (Number(old.value) as 1 | -1) : null;
  let up = Number(row.up);
  let down = Number(row.down);
  if (oldValue !== value) {
    const now = new Date().toISOString();
    if (value === null) {
      await trx.deleteFrom('comment_votes').where('comment_id', '=', id).where('principal', '=', principal).execute();
    } else {
      await trx
        .insertInto('comment_votes')
        .values({ comment_id: id, principal, value, updated_at: now })
        .onConflict((oc) => oc.columns(['comment_id', 'principal']).doUpdateSet({ value, updated_at: now }))
        .execute();
    }
    up += (value === 1 ? 1 : 0) - (oldValue === 1 ? 1 : 0);
    down += (value === -1 ? 1 : 0) - (oldValue === -1 ? 1 : 0);
    // The row is locked (or SQLite serializes writers), so the counts read above are current.
    await trx.updateTable('comments').set({ up, down, rank: rankOf(up, down) }).where('id', '=', id).execute();
  }
  const events: LiveOut[] = oldValue !== value && isVisible(row) ? [{ subject: row.subject, type: 'comment-vote', data: { subject: row.subject, id, up, down } }] : [];
  return { result: { id, up, down, mine: value }, events };
}

// ---------------------------------------------------------------------------------------------------------
// The audit log (written here so deletions by moderators are logged in the same transaction)

export interface LogEntry {
  siteId: string;
  actor: string;
  action: string;
  commentId?: string;
  author?: string;
  fromStatus?: string;
  toStatus?: string;
  reason?: string;
}

export async function logAction(trx: Transaction<Database>, entry: LogEntry): Promise<void> {
  await trx
    .insertInto('moderation_log')
    .values({
      id: newCommentId(),
      site_id: entry.siteId,
      actor: entry.actor,
      action: entry.action,
      comment_id: entry.commentId ?? null,
      author: entry.author ?? null,
      from_status: entry.fromStatus ?? null,
      to_status: entry.toStatus ?? null,
      reason: entry.reason ?? null,
      created_at: new Date().toISOString(),
    })
    .execute();
}
