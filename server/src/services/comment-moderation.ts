// Moderation of comments (issue 8): the queue, approve / reject / spam, blocking an author (optionally hiding
// their past comments) and unblocking (restoring what the block hid), and the audit log. Every action writes
// its moderation_log row in the same transaction as the change, and every change of visibility goes through
// shiftVisibility, so the per-subject counts and the threads' reply counts stay exact.
// Used by the API (routes/v1/sites/comment-moderation.ts) and the admin CLI.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Dialect } from '../db/index.ts';
import type { Database, ModerationLogTable } from '../db/schema.ts';
import {
  commentNotFound,
  decodeCursor,
  encodeCursor,
  findComment,
  isVisible,
  logAction,
  logPage,
  selectComments,
  shiftVisibility,
  toComment,
  visibilityEvents,
  type CommentJson,
  type CommentRow,
  type CommentStatus,
  type Db,
  type LiveOut,
} from './comments.ts';

export type ModerationAction = 'approve' | 'reject' | 'spam';
const TO_STATUS: Record<ModerationAction, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };

/** What a moderator sees: the comment as its author would, with the subject, its Markdown, who wrote it (the
 * principal id), the guest's network hash, and whether a block hides it. */
export interface ModComment extends CommentJson {
  subject: string;
  body: string;
  authorRef: string;
  network?: string;
  hidden?: true;
}

export function toModComment(row: CommentRow): ModComment {
  const comment = toComment(row, 'moderator');
  return {
    ...comment,
    subject: row.subject,
    body: row.body,
    authorRef: row.author,
    ...(row.guest_network ? { network: row.guest_network } : {}),
    ...(Number(row.hidden) ? { hidden: true as const } : {}),
  };
}

export const MODERATION_PAGE_DEFAULT = 50;

export interface QueueQuery {
  status: CommentStatus;
  subject?: string;
  cursor?: string;
  limit: number;
}

/** Comments of one status (newest first), on one subject or all; deleted ones are gone from the queue. */
export async function listQueue(db: Db, siteId: string, query: QueueQuery): Promise<{ items: ModComment[]; nextCursor: string | null }> {
  const key = decodeCursor('m', query.cursor);
  let rows = selectComments(db).where('c.site_id', '=', siteId).where('c.status', '=', query.status).where('c.deleted_at', 'is', null);
  if (query.subject !== undefined) rows = rows.where('c.subject', '=', query.subject);
  if (key) rows = rows.where((eb) => eb.or([eb('c.created_at', '<', key.createdAt), eb.and([eb('c.created_at', '=', key.createdAt), eb('c.id', '<', key.id)])]));
  const found = await rows.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(query.limit + 1).execute();
  const more = found.length > query.limit;
  const page = more ? found.slice(0, query.limit) : found;
  const last = page.at(-1);
  return { items: page.map(toModComment), nextCursor: more && last ? encodeCursor('m', { createdAt: last.created_at, id: last.id }) : null };
}

/** Approves, rejects or marks a comment as spam; the counts, the log and the live events follow. */
export async function moderateComment(
  trx: Transaction<Database>,
  dialect: Dialect,
  siteId: string,
  actor: string,
  id: string,
  action: ModerationAction,
  reason?: string,
): Promise<{ comment: ModComment; events: LiveOut[] }> {
  if (dialect === 'postgres') await trx.selectFrom('comments').select('id').where('site_id', '=', siteId).where('id', '=', id).forUpdate().execute();
  const before = await findComment(trx, siteId, id);
  if (!before || before.deleted_at !== null) throw commentNotFound();
  const status = TO_STATUS[action];
  if (status !== before.status) {
    await trx.updateTable('comments').set({ status }).where('id', '=', id).execute();
    const after = { ...before, status };
    if (isVisible(before) !== isVisible(after)) await shiftVisibility(trx, before, isVisible(after) ? 1 : -1);
  }
  await logAction(trx, { siteId, actor, action, commentId: id, author: before.author, fromStatus: before.status, toStatus: status, reason });
  const after = (await findComment(trx, siteId, id))!;
  return { comment: toModComment(after), events: await visibilityEvents(trx, before, after, null) };
}

export interface BlockInput {
  commentId?: string;
  author?: string;
  hidePast: boolean;
  reason?: string;
}

/** Changes `hidden` on every not-deleted comment of the author; returns how many changed and the events of
 * those whose visibility did. Locks in the order every writer takes them (the comments themselves, then
 * their threads' top-level rows, then the subjects' count rows, each sorted), so a block never waits in a
 * circle with a deletion or a reply on PostgreSQL; the counts move by one summed increment per row. */
async function setHidden(trx: Transaction<Database>, siteId: string, author: string, hidden: 0 | 1): Promise<{ changed: number; events: LiveOut[] }> {
  const rows = await selectComments(trx)
    .where('c.site_id', '=', siteId)
    .where('c.author', '=', author)
    .where('c.hidden', '=', hidden ? 0 : 1)
    .where('c.deleted_at', 'is', null)
    .orderBy('c.subject')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  if (rows.length === 0) return { changed: 0, events: [] };
  await trx.updateTable('comments').set({ hidden }).where('site_id', '=', siteId).where('id', 'in', rows.map((row) => row.id)).execute();
  const events: LiveOut[] = [];
  const byRoot = new Map<string, number>();
  const bySubject = new Map<string, number>();
  for (const before of rows) {
    const after = { ...before, hidden };
    if (isVisible(before) === isVisible(after)) continue;
    const delta = isVisible(after) ? 1 : -1;
    if (before.parent_id !== null) byRoot.set(before.root_id, (byRoot.get(before.root_id) ?? 0) + delta);
    bySubject.set(before.subject, (bySubject.get(before.subject) ?? 0) + delta);
    events.push({ subject: before.subject, type: 'comment', data: { subject: before.subject, action: hidden ? 'removed' : 'approved', comment: toComment(after, 'public') } });
  }
  for (const [root, delta] of [...byRoot].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (delta !== 0) await trx.updateTable('comments').set({ reply_count: sql`reply_count + ${delta}` }).where('id', '=', root).execute();
  }
  for (const [subject, delta] of [...bySubject].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const row = await trx
      .insertInto('comment_counts')
      .values({ site_id: siteId, subject, count: Math.max(delta, 0) })
      .onConflict((oc) => oc.columns(['site_id', 'subject']).doUpdateSet({ count: sql`comment_counts.count + ${delta}` }))
      .returning('count')
      .executeTakeFirstOrThrow();
    // One count event per subject, with the count after all of them.
    events.push({ subject, type: 'comment-count', data: { subject, count: Number(row.count) } });
  }
  return { changed: rows.length, events };
}

/** Blocks an author (named, or the author of a comment): no new comments, edits or votes from them. With
 * hidePast, their comments are hidden too (the counts drop at once); unblocking restores them. */
export async function blockAuthor(
  trx: Transaction<Database>,
  siteId: string,
  actor: string,
  input: BlockInput,
): Promise<{ author: string; hidden: number; events: LiveOut[] }> {
  let author = input.author;
  let name: string | null = null;
  if (input.commentId !== undefined) {
    const comment = await findComment(trx, siteId, input.commentId);
    if (!comment) throw commentNotFound();
    author = comment.author;
    name = comment.author_name;
  } else {
    const latest = await trx
      .selectFrom('comments')
      .select('author_name')
      .where('site_id', '=', siteId)
      .where('author', '=', author!)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    name = latest?.author_name ?? null;
  }
  const now = new Date().toISOString();
  const row = { author_name: name, hide_past: input.hidePast ? 1 : 0, reason: input.reason ?? null, blocked_by: actor, blocked_at: now };
  await trx
    .insertInto('blocked_authors')
    .values({ site_id: siteId, author: author!, ...row })
    .onConflict((oc) => oc.columns(['site_id', 'author']).doUpdateSet(row))
    .execute();
  const { changed, events } = input.hidePast ? await setHidden(trx, siteId, author!, 1) : { changed: 0, events: [] };
  await logAction(trx, { siteId, actor, action: input.hidePast ? 'block-hide-past' : 'block', commentId: input.commentId, author, reason: input.reason });
  return { author: author!, hidden: changed, events };
}

/** Lifts a block and shows again what it hid. Unblocking someone who is not blocked changes nothing (but is
 * logged, like every action). */
export async function unblockAuthor(
  trx: Transaction<Database>,
  siteId: string,
  actor: string,
  author: string,
  reason?: string,
): Promise<{ author: string; restored: number; events: LiveOut[] }> {
  await trx.deleteFrom('blocked_authors').where('site_id', '=', siteId).where('author', '=', author).execute();
  const { changed, events } = await setHidden(trx, siteId, author, 0);
  await logAction(trx, { siteId, actor, action: 'unblock', author, reason });
  return { author, restored: changed, events };
}

export interface BlockedAuthor {
  author: string;
  name?: string;
  hidePast: boolean;
  reason?: string;
  blockedBy: string;
  blockedAt: string;
}

export const BLOCKED_LIST_MAX = 1000;

export async function listBlocked(db: Kysely<Database>, siteId: string): Promise<BlockedAuthor[]> {
  const rows = await db.selectFrom('blocked_authors').selectAll().where('site_id', '=', siteId).orderBy('blocked_at', 'desc').orderBy('author').limit(BLOCKED_LIST_MAX).execute();
  return rows.map((row) => ({
    author: row.author,
    ...(row.author_name !== null ? { name: row.author_name } : {}),
    hidePast: Number(row.hide_past) === 1,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    blockedBy: row.blocked_by,
    blockedAt: row.blocked_at,
  }));
}

export interface LogItem {
  id: string;
  actor: string;
  action: string;
  commentId?: string;
  author?: string;
  fromStatus?: string;
  toStatus?: string;
  reason?: string;
  createdAt: string;
}

/** The audit log, newest first. */
export async function listLog(db: Db, siteId: string, cursor: string | undefined, limit: number): Promise<{ items: LogItem[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await logPage<Selectable<ModerationLogTable>>('moderation_log', db, siteId, cursor, limit);
  return {
    items: rows.map((row) => ({
      id: row.id,
      actor: row.actor,
      action: row.action,
      ...(row.comment_id !== null ? { commentId: row.comment_id } : {}),
      ...(row.author !== null ? { author: row.author } : {}),
      ...(row.from_status !== null ? { fromStatus: row.from_status } : {}),
      ...(row.to_status !== null ? { toStatus: row.to_status } : {}),
      ...(row.reason !== null ? { reason: row.reason } : {}),
      createdAt: row.created_at,
    })),
    nextCursor,
  };
}
