// Stewardship of a site's tags by its moderators (issue 9): rename, merge, synonyms, delete, restricted
// tags, descriptions, and the audit log every action writes in its own transaction.
//
// Merge is backward and irreversible: every tagging of `from` becomes one of `into` (a person who had both
// keeps one), the counts of `into` are recomputed from its taggings, `from` goes, and `from → into` stays as
// a synonym. A synonym is forward and reversible: it only sends new uses of `from` to `to`.
//
// Counts after every change: tags.uses = its taggings, tags.subjects = its subject_tags rows, subject_tags.count
// = taggings of the tag on the subject, kind_tags.uses = the sum of its subject_tags.count within the kind,
// tag_days.uses = its taggings made that UTC day.
//
// Locks (PostgreSQL; SQLite serializes writers): a tag's `tags` row is the lock for everything of that tag.
// A steward locks the rows of every tag it changes first, sorted by key, and only then touches taggings,
// subject_tags, kind_tags and tag_days, in that order. It waits at most STEWARD_LOCK_TIMEOUT for any lock,
// less than PostgreSQL's deadlock_timeout (1 s), so if a tagging write takes its locks in another order it
// is the steward that gives up (and tries again, `withLockRetry`), never the person tagging.
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Dialect } from '../db/index.ts';
import type { Database, TagLogTable } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { logPage, newCommentId, type Db } from './comments.ts';
import { findTag, tagNotFound } from './tag-pages.ts';
import { resolveSynonym } from './tags.ts';
import type { TagName } from './tag-names.ts';

export const TAG_LOG_ACTIONS = ['rename', 'merge', 'synonym_add', 'synonym_remove', 'delete', 'restrict', 'unrestrict', 'describe'] as const;
export type TagLogAction = (typeof TAG_LOG_ACTIONS)[number];
/** What a log entry records: the keys (and displays) involved, and counts moved. */
export type TagLogDetail = Record<string, string | number | boolean | null>;

export const TAG_DESCRIPTION_MAX = 500;
export const STEWARD_LOCK_TIMEOUT = '500ms';
export const STEWARD_LOCK_ATTEMPTS = 5;

type Trx = Transaction<Database>;

export const tagExists = (key: string) =>
  new HttpError(409, 'tag_exists', `a tag ${JSON.stringify(key)} already exists: merge into it instead of renaming`);
const tagInUse = (key: string, uses: number) =>
  new HttpError(409, 'tag_in_use', `the tag ${JSON.stringify(key)} is on ${uses} tagging${uses === 1 ? '' : 's'}: merge it instead, which moves them`);
const isSynonym = (key: string, target: string) =>
  new HttpError(409, 'synonym_exists', `${JSON.stringify(key)} is a synonym of ${JSON.stringify(target)}: remove that synonym first, or use ${JSON.stringify(target)}`);
const synonymLoop = (from: string, to: string) =>
  new HttpError(409, 'synonym_loop', from === to ? `a tag cannot be a synonym of itself (${JSON.stringify(from)})` : `${JSON.stringify(to)} already leads to ${JSON.stringify(from)}: a synonym cannot go in a circle`);
const synonymNotFound = (key: string) => new HttpError(404, 'synonym_not_found', `${JSON.stringify(key)} is not a synonym on this site`);
const stewardsBusy = () => new HttpError(503, 'tags_busy', 'other writes held these tags for too long; try again in a moment', { headers: { 'retry-after': '1' } });

/** PostgreSQL's lock_not_available (our lock timeout) and deadlock_detected. */
const isLockFailure = (error: unknown) => ['55P03', '40P01'].includes((error as { code?: unknown })?.code as string);

/** Runs a whole stewardship transaction again when it gave up waiting for a lock (see the top of this file). */
export async function withLockRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isLockFailure(error)) throw error;
      if (tries >= STEWARD_LOCK_ATTEMPTS) throw stewardsBusy();
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** tries * Math.random()));
    }
  }
}

/** Locks the tags rows of `keys` (those that exist), sorted by key: the first locks a steward takes. */
async function lockTags(trx: Trx, dialect: Dialect, siteId: string, keys: string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`set local lock_timeout = ${sql.lit(STEWARD_LOCK_TIMEOUT)}`.execute(trx);
  const sorted = [...new Set(keys)].sort();
  await trx.selectFrom('tags').select('key').where('site_id', '=', siteId).where('key', 'in', sorted).orderBy('key').forUpdate().execute();
}

/** Creates the tag with no uses when it does not exist yet. */
async function ensureTag(trx: Trx, siteId: string, name: TagName): Promise<void> {
  const now = new Date().toISOString();
  await trx
    .insertInto('tags')
    .values({ site_id: siteId, key: name.key, display: name.display, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['site_id', 'key']).doNothing())
    .execute();
}

async function mustFindTag(db: Db, siteId: string, key: string) {
  const tag = await findTag(db, siteId, key);
  if (tag) return tag;
  const target = await resolveSynonym(db, siteId, key);
  if (target !== key) throw new HttpError(404, 'tag_not_found', `${JSON.stringify(key)} is not a tag but a synonym of ${JSON.stringify(target)}`);
  throw tagNotFound(key);
}

async function log(trx: Trx, siteId: string, actor: string, action: TagLogAction, detail: TagLogDetail): Promise<void> {
  await trx
    .insertInto('tag_log')
    .values({ id: newCommentId(), site_id: siteId, actor, action, detail: JSON.stringify(detail), created_at: new Date().toISOString() })
    .execute();
}

/** UTC day number (days since 1970-01-01) of an ISO timestamp column, in each dialect. */
const dayOfColumn = (dialect: Dialect) =>
  dialect === 'postgres' ? sql`(cast(substr(created_at, 1, 10) as date) - date '1970-01-01')` : sql`cast(julianday(substr(created_at, 1, 10)) - 2440587.5 as integer)`;

/** Recomputes every count of tag `key` from its taggings: subject_tags (of the subjects it already has a row
 * for), kind_tags, tag_days and the tags row. */
async function recountTag(trx: Trx, dialect: Dialect, siteId: string, key: string): Promise<void> {
  const now = new Date().toISOString();
  await sql`update subject_tags set count = (select count(*) from taggings t where t.site_id = subject_tags.site_id and t.subject = subject_tags.subject and t.tag_key = subject_tags.tag_key), updated_at = ${now}
            where site_id = ${siteId} and tag_key = ${key}`.execute(trx);
  await trx.deleteFrom('subject_tags').where('site_id', '=', siteId).where('tag_key', '=', key).where('count', '<=', 0).execute();
  await trx.deleteFrom('kind_tags').where('site_id', '=', siteId).where('tag_key', '=', key).execute();
  await sql`insert into kind_tags (site_id, kind, tag_key, uses)
            select site_id, kind, tag_key, sum(count) from subject_tags where site_id = ${siteId} and tag_key = ${key} group by site_id, kind, tag_key`.execute(trx);
  await trx.deleteFrom('tag_days').where('site_id', '=', siteId).where('tag_key', '=', key).execute();
  const day = dayOfColumn(dialect);
  await sql`insert into tag_days (site_id, tag_key, day, uses)
            select site_id, tag_key, ${day}, count(*) from taggings where site_id = ${siteId} and tag_key = ${key} group by site_id, tag_key, ${day}`.execute(trx);
  await sql`update tags set uses = (select count(*) from taggings where site_id = ${siteId} and tag_key = ${key}),
                            subjects = (select count(*) from subject_tags where site_id = ${siteId} and tag_key = ${key}),
                            updated_at = ${now}
            where site_id = ${siteId} and key = ${key}`.execute(trx);
}

/** Removes every row of tag `key`: taggings, counts, synonyms to it, the tag. Returns how many taggings went. */
async function dropTag(trx: Trx, siteId: string, key: string): Promise<number> {
  const gone = await trx.deleteFrom('taggings').where('site_id', '=', siteId).where('tag_key', '=', key).executeTakeFirst();
  for (const table of ['subject_tags', 'kind_tags', 'tag_days'] as const) {
    await trx.deleteFrom(table).where('site_id', '=', siteId).where('tag_key', '=', key).execute();
  }
  await trx.deleteFrom('tag_synonyms').where('site_id', '=', siteId).where('to_key', '=', key).execute();
  await trx.deleteFrom('tags').where('site_id', '=', siteId).where('key', '=', key).execute();
  return Number(gone.numDeletedRows);
}

/** Points every synonym of `from` at `to` (chains stay one step long). */
async function repointSynonyms(trx: Trx, siteId: string, from: string, to: string): Promise<void> {
  await trx.updateTable('tag_synonyms').set({ to_key: to }).where('site_id', '=', siteId).where('to_key', '=', from).execute();
}

/** Renames a tag: its display and key become `to`'s. A new key that is another tag is 409 tag_exists (merge
 * instead); one that is a synonym of another tag is 409 synonym_exists. Returns the tag's key now. */
export async function renameTag(trx: Trx, dialect: Dialect, siteId: string, actor: string, from: TagName, to: TagName): Promise<string> {
  await lockTags(trx, dialect, siteId, [from.key, to.key]);
  const tag = await mustFindTag(trx, siteId, from.key);
  const now = new Date().toISOString();
  if (to.key !== tag.key) {
    if (await findTag(trx, siteId, to.key)) throw tagExists(to.key);
    const target = await resolveSynonym(trx, siteId, to.key);
    if (target !== to.key && target !== tag.key) throw isSynonym(to.key, target);
    // A synonym of this very tag under its new name would lead to itself.
    await trx.deleteFrom('tag_synonyms').where('site_id', '=', siteId).where('from_key', '=', to.key).execute();
    await trx.updateTable('tags').set({ key: to.key }).where('site_id', '=', siteId).where('key', '=', tag.key).execute();
    for (const table of ['taggings', 'subject_tags', 'kind_tags', 'tag_days'] as const) {
      await trx.updateTable(table).set({ tag_key: to.key }).where('site_id', '=', siteId).where('tag_key', '=', tag.key).execute();
    }
    await repointSynonyms(trx, siteId, tag.key, to.key);
  }
  await trx.updateTable('tags').set({ display: to.display, updated_at: now }).where('site_id', '=', siteId).where('key', '=', to.key).execute();
  await log(trx, siteId, actor, 'rename', { from: tag.key, fromDisplay: tag.display, to: to.key, toDisplay: to.display });
  return to.key;
}

export interface MergeResult {
  /** The tag everything went to. */
  key: string;
  /** Taggings of `from` that became taggings of `into`. */
  moved: number;
  /** Taggings of `from` dropped because the same person had `into` on the subject too. */
  merged: number;
}

/** Merges `from` into `into` (through its synonym, if `into` is one; created if it does not exist). */
export async function mergeTags(trx: Trx, dialect: Dialect, siteId: string, actor: string, from: TagName, into: TagName): Promise<MergeResult> {
  const target = await resolveSynonym(trx, siteId, into.key);
  if (target === from.key) throw synonymLoop(from.key, target);
  await lockTags(trx, dialect, siteId, [from.key, target]);
  const tag = await mustFindTag(trx, siteId, from.key);
  await ensureTag(trx, siteId, target === into.key ? into : { key: target, display: target });
  const now = new Date().toISOString();

  const merged = await trx
    .deleteFrom('taggings')
    .where('site_id', '=', siteId)
    .where('tag_key', '=', tag.key)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('taggings as kept')
          .select('kept.principal')
          .whereRef('kept.site_id', '=', 'taggings.site_id')
          .whereRef('kept.subject', '=', 'taggings.subject')
          .whereRef('kept.principal', '=', 'taggings.principal')
          .where('kept.tag_key', '=', target),
      ),
    )
    .executeTakeFirst();
  const moved = await trx.updateTable('taggings').set({ tag_key: target }).where('site_id', '=', siteId).where('tag_key', '=', tag.key).executeTakeFirst();
  // Subjects that carried only `from` get a row of `into` (same subject, so the same kind), then every row of
  // `into` on those subjects is counted again.
  await sql`insert into subject_tags (site_id, subject, tag_key, kind, count, updated_at)
            select f.site_id, f.subject, cast(${target} as text), f.kind, 0, cast(${now} as text) from subject_tags f
            where f.site_id = ${siteId} and f.tag_key = ${tag.key}
              and not exists (select 1 from subject_tags i where i.site_id = f.site_id and i.subject = f.subject and i.tag_key = ${target})`.execute(trx);
  await repointSynonyms(trx, siteId, tag.key, target);
  await dropTag(trx, siteId, tag.key);
  await recountTag(trx, dialect, siteId, target);
  await trx
    .insertInto('tag_synonyms')
    .values({ site_id: siteId, from_key: tag.key, to_key: target, created_at: now })
    .onConflict((oc) => oc.columns(['site_id', 'from_key']).doUpdateSet({ to_key: target, created_at: now }))
    .execute();
  const result = { key: target, moved: Number(moved.numUpdatedRows), merged: Number(merged.numDeletedRows) };
  await log(trx, siteId, actor, 'merge', { from: tag.key, fromDisplay: tag.display, into: target, moved: result.moved, merged: result.merged });
  return result;
}

/** Makes new uses of `from` become `to` (resolved through `to`'s own synonym; `to` is created if need be).
 * `from` must not be a tag in use (409 tag_in_use: merge it); an unused tag row of `from` gives way. Returns
 * the target's key. */
export async function addSynonym(trx: Trx, dialect: Dialect, siteId: string, actor: string, from: TagName, to: TagName): Promise<string> {
  const target = await resolveSynonym(trx, siteId, to.key);
  if (target === from.key) throw synonymLoop(from.key, to.key);
  await lockTags(trx, dialect, siteId, [from.key, target]);
  const existing = await findTag(trx, siteId, from.key);
  if (existing && Number(existing.uses) > 0) throw tagInUse(from.key, Number(existing.uses));
  await ensureTag(trx, siteId, target === to.key ? to : { key: target, display: target });
  await repointSynonyms(trx, siteId, from.key, target);
  if (existing) await dropTag(trx, siteId, from.key);
  const now = new Date().toISOString();
  await trx
    .insertInto('tag_synonyms')
    .values({ site_id: siteId, from_key: from.key, to_key: target, created_at: now })
    .onConflict((oc) => oc.columns(['site_id', 'from_key']).doUpdateSet({ to_key: target, created_at: now }))
    .execute();
  await log(trx, siteId, actor, 'synonym_add', { from: from.key, to: target });
  return target;
}

/** Removes the synonym `from` (404 synonym_not_found when there is none); returns the key it led to. */
export async function removeSynonym(trx: Trx, siteId: string, actor: string, from: TagName): Promise<string> {
  const removed = await trx.deleteFrom('tag_synonyms').where('site_id', '=', siteId).where('from_key', '=', from.key).returning('to_key').executeTakeFirst();
  if (!removed) throw synonymNotFound(from.key);
  await log(trx, siteId, actor, 'synonym_remove', { from: from.key, to: removed.to_key });
  return removed.to_key;
}

/** Deletes a tag, its taggings, its counts and the synonyms leading to it. */
export async function deleteTag(trx: Trx, dialect: Dialect, siteId: string, actor: string, name: TagName): Promise<string> {
  await lockTags(trx, dialect, siteId, [name.key]);
  const tag = await mustFindTag(trx, siteId, name.key);
  const taggings = await dropTag(trx, siteId, tag.key);
  await log(trx, siteId, actor, 'delete', { tag: tag.key, display: tag.display, taggings, subjects: Number(tag.subjects) });
  return tag.key;
}

/** Marks a tag (through its synonym; created if need be) as one only moderators may apply, or lifts that. */
export async function setRestricted(trx: Trx, dialect: Dialect, siteId: string, actor: string, name: TagName, restricted: boolean): Promise<string> {
  const key = await resolveSynonym(trx, siteId, name.key);
  await lockTags(trx, dialect, siteId, [key]);
  await ensureTag(trx, siteId, key === name.key ? name : { key, display: key });
  await trx.updateTable('tags').set({ restricted: restricted ? 1 : 0, updated_at: new Date().toISOString() }).where('site_id', '=', siteId).where('key', '=', key).execute();
  await log(trx, siteId, actor, restricted ? 'restrict' : 'unrestrict', { tag: key });
  return key;
}

/** Sets a tag's description (through its synonym; created if need be); an empty one clears it. */
export async function describeTag(trx: Trx, dialect: Dialect, siteId: string, actor: string, name: TagName, text: string): Promise<string> {
  const key = await resolveSynonym(trx, siteId, name.key);
  const description = text.trim() || null;
  await lockTags(trx, dialect, siteId, [key]);
  await ensureTag(trx, siteId, key === name.key ? name : { key, display: key });
  await trx.updateTable('tags').set({ description, updated_at: new Date().toISOString() }).where('site_id', '=', siteId).where('key', '=', key).execute();
  await log(trx, siteId, actor, 'describe', { tag: key, description });
  return key;
}

export interface StewardTag {
  key: string;
  display: string;
  uses: number;
  subjects: number;
  restricted: boolean;
  description: string | null;
  /** Keys whose new uses become this tag. */
  synonyms: string[];
}

/** The site's tags for a steward: most used first, then by key, with those nobody uses yet (described or
 * restricted in advance) and the synonyms leading to each. */
export async function listTags(db: Db, siteId: string, limit: number): Promise<StewardTag[]> {
  const rows = await db.selectFrom('tags').selectAll().where('site_id', '=', siteId).orderBy('uses', 'desc').orderBy('key').limit(limit).execute();
  if (rows.length === 0) return [];
  const synonyms = await db
    .selectFrom('tag_synonyms')
    .select(['from_key', 'to_key'])
    .where('site_id', '=', siteId)
    .where('to_key', 'in', rows.map((row) => row.key))
    .orderBy('from_key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    display: row.display,
    uses: Number(row.uses),
    subjects: Number(row.subjects),
    restricted: Number(row.restricted) === 1,
    description: row.description,
    synonyms: synonyms.filter((synonym) => synonym.to_key === row.key).map((synonym) => synonym.from_key),
  }));
}

export interface TagLogItem {
  id: string;
  actor: string;
  action: TagLogAction;
  detail: TagLogDetail;
  createdAt: string;
}

export const TAG_LOG_PAGE_DEFAULT = 50;

/** The stewardship log, newest first, in pages. */
export async function listTagLog(db: Db, siteId: string, cursor: string | undefined, limit: number): Promise<{ items: TagLogItem[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await logPage<Selectable<TagLogTable>>('tag_log', db, siteId, cursor, limit);
  return {
    items: rows.map((row) => ({ id: row.id, actor: row.actor, action: row.action as TagLogAction, detail: JSON.parse(row.detail) as TagLogDetail, createdAt: row.created_at })),
    nextCursor,
  };
}
