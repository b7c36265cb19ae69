// Tags (issue 9): a person's own tags on a subject, and the reads that show them. Every count a read needs is
// kept exact in the transaction of the tagging it counts:
//   tags.uses          = COUNT(taggings) of the tag            tags.subjects = COUNT(subject_tags) of the tag
//   subject_tags.count = COUNT(taggings) of (subject, tag)     kind_tags.uses = SUM(subject_tags.count) of (kind, tag)
//   tag_days.uses      = COUNT(taggings) of the tag created on that UTC day (a removal takes back the use on
//                        the day the tagging was made, so the figures stay a recount of what is there)
// A row whose count reaches 0 is deleted; a tag row with 0 uses stays only with a description or restricted.
//
// Locking: a write changes one tag, so it locks that tag's row first (on PostgreSQL, SELECT … FOR UPDATE; the
// row is inserted first if new) and only then touches the rows that count it, always in the same order
// (taggings, subject_tags, kind_tags, tag_days, tags). Writers of one tag take turns, writers of different
// tags share no row: no deadlock. Stewardship that changes several tags must lock their rows in key order
// first. SQLite serializes all writes anyway.
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { textIn } from '../db/text-in.ts';
import { HttpError } from '../errors.ts';
import { invalidCursor } from './comments.ts';
import { subjectKind, tagName, type TagName } from './tag-names.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A tag with a count: uses (cloud, suggestions), people who applied it (a subject's tags), or subjects. */
export interface TagCount {
  /** The display form. */
  tag: string;
  key: string;
  count: number;
}

export interface SubjectTags {
  subject: string;
  items: TagCount[];
}

export interface SubjectTagsSummary extends SubjectTags {
  /** Distinct tags on the subject (items holds at most TAGS_BATCH_TOP). */
  total: number;
}

export interface TagWriteResult extends SubjectTags {
  /** The key applied (or removed): a synonym's target when the tag given is a synonym. */
  applied: string;
  /** The keys the caller has on the subject now. */
  mine: string[];
}

export interface SubjectsPage {
  tag: TagCount | null;
  items: { subject: string; count: number; title: string | null }[];
  nextCursor: string | null;
}

/** Tags per subject in a batch answer. */
export const TAGS_BATCH_TOP = 10;

export const tagRestricted = (display: string) =>
  new HttpError(403, 'tag_restricted', `Only a moderator may apply the tag "${display}".`);

/** Days since 1970-01-01 UTC: the `day` of tag_days. */
export const utcDay = (at: Date): number => Math.floor(at.getTime() / 86_400_000);

/** The key a new use of `key` stands for: the synonym's target, else itself (chains are resolved when a
 * synonym is stored, so one step is enough). */
export async function resolveSynonym(db: Db, siteId: string, key: string): Promise<string> {
  const row = await db.selectFrom('tag_synonyms').select('to_key').where('site_id', '=', siteId).where('from_key', '=', key).executeTakeFirst();
  return row?.to_key ?? key;
}

const tagRow = (db: Db, siteId: string, key: string) =>
  db.selectFrom('tags').select(['display', 'restricted', 'uses']).where('site_id', '=', siteId).where('key', '=', key);

/** The tag's row, locked for the rest of the transaction on PostgreSQL; undefined when there is none. */
async function lockTag(trx: Transaction<Database>, dialect: Dialect, siteId: string, key: string) {
  const query = tagRow(trx, siteId, key);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

/** The row of the tag a new use of `name` applies (its synonym's target, if any), created with no uses if
 * there is none, and locked like lockTag. */
async function lockTagToApply(trx: Transaction<Database>, dialect: Dialect, siteId: string, name: TagName, now: string) {
  for (;;) {
    const key = await resolveSynonym(trx, siteId, name.key);
    // A synonym's target normally has its row; should it not, its key is the best display there is.
    const display = key === name.key ? name.display : key;
    await trx
      .insertInto('tags')
      .values({ site_id: siteId, key, display, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['site_id', 'key']).doNothing())
      .execute();
    // Waiting for the lock, the row may have gone: a concurrent removal took its last use (then it is made
    // anew), or a merge made it a synonym (then the next turn applies the target).
    const tag = await lockTag(trx, dialect, siteId, key);
    if (!tag) continue;
    // A merge that committed between reading the synonyms and the insert above left the key a synonym: the
    // row just made anew (no uses: nobody else can use it while it is locked) gives way to the target.
    if (key === (await resolveSynonym(trx, siteId, key))) return { ...tag, key };
    await trx.deleteFrom('tags').where('site_id', '=', siteId).where('key', '=', key).where('uses', '=', 0).execute();
  }
}

const findTagging = (db: Db, siteId: string, subject: string, key: string, principal: string) =>
  db
    .selectFrom('taggings')
    .select('created_at')
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .where('tag_key', '=', key)
    .where('principal', '=', principal)
    .executeTakeFirst();

/** Moves every count of one tagging of `key` on `subject` by `delta` (+1 new, −1 removed); `day` is the UTC
 * day the tagging was made. The tag's row is locked by the caller. */
async function shiftCounts(trx: Transaction<Database>, siteId: string, subject: string, key: string, day: number, delta: 1 | -1, now: string): Promise<void> {
  const kind = subjectKind(subject);
  const subjectTag = { site_id: siteId, subject, tag_key: key };
  const before = await trx.selectFrom('subject_tags').select('count').where((eb) => eb.and(subjectTag)).executeTakeFirst();
  const count = Number(before?.count ?? 0) + delta;
  if (!before) await trx.insertInto('subject_tags').values({ ...subjectTag, kind, count, updated_at: now }).execute();
  else if (count > 0) await trx.updateTable('subject_tags').set({ count, updated_at: now }).where((eb) => eb.and(subjectTag)).execute();
  else await trx.deleteFrom('subject_tags').where((eb) => eb.and(subjectTag)).execute();
  const subjectsDelta = !before ? 1 : count > 0 ? 0 : -1;

  const kindTag = { site_id: siteId, kind, tag_key: key };
  const tagDay = { site_id: siteId, tag_key: key, day };
  if (delta > 0) {
    await trx
      .insertInto('kind_tags')
      .values({ ...kindTag, uses: 1 })
      .onConflict((oc) => oc.columns(['site_id', 'kind', 'tag_key']).doUpdateSet({ uses: sql`kind_tags.uses + 1` }))
      .execute();
    await trx
      .insertInto('tag_days')
      .values({ ...tagDay, uses: 1 })
      .onConflict((oc) => oc.columns(['site_id', 'tag_key', 'day']).doUpdateSet({ uses: sql`tag_days.uses + 1` }))
      .execute();
  } else {
    await trx.updateTable('kind_tags').set({ uses: sql`uses - 1` }).where((eb) => eb.and(kindTag)).execute();
    await trx.deleteFrom('kind_tags').where((eb) => eb.and(kindTag)).where('uses', '<=', 0).execute();
    await trx.updateTable('tag_days').set({ uses: sql`uses - 1` }).where((eb) => eb.and(tagDay)).execute();
    await trx.deleteFrom('tag_days').where((eb) => eb.and(tagDay)).where('uses', '<=', 0).execute();
  }

  const tag = { site_id: siteId, key };
  await trx.updateTable('tags').set({ uses: sql`uses + ${delta}`, subjects: sql`subjects + ${subjectsDelta}`, updated_at: now }).where((eb) => eb.and(tag)).execute();
  if (delta < 0) {
    await trx.deleteFrom('tags').where((eb) => eb.and(tag)).where('uses', '<=', 0).where('description', 'is', null).where('restricted', '=', 0).execute();
  }
}

/** A write's answer, and whether it changed anything (what live streams are told about). */
export interface TagWrite {
  result: TagWriteResult;
  changed: boolean;
}

/** The answer to a write: the subject's tags and the caller's, as the transaction sees them. */
async function writeResult(trx: Transaction<Database>, siteId: string, subject: string, principal: string, applied: string, changed: boolean): Promise<TagWrite> {
  const result = { subject, applied, items: await subjectTags(trx, siteId, subject), mine: await mineKeys(trx, siteId, subject, principal) };
  return { result, changed };
}

export interface Tagger {
  principal: string;
  /** May apply restricted tags (a user token with the moderator role). */
  moderator: boolean;
}

/** Applies the tag `input` (normalized; a synonym becomes its target) to `subject` for `tagger`, inside `trx`.
 * Applying a tag one already applied changes nothing. 400 invalid_tag, 403 tag_restricted. */
export async function applyTag(trx: Transaction<Database>, dialect: Dialect, siteId: string, subject: string, input: string, tagger: Tagger): Promise<TagWrite> {
  const now = new Date();
  const stamp = now.toISOString();
  const tag = await lockTagToApply(trx, dialect, siteId, tagName(input), stamp);
  const key = tag.key;
  if (Number(tag.restricted) !== 0 && !tagger.moderator) throw tagRestricted(tag.display);
  const changed = !(await findTagging(trx, siteId, subject, key, tagger.principal));
  if (changed) {
    await trx.insertInto('taggings').values({ site_id: siteId, subject, tag_key: key, principal: tagger.principal, created_at: stamp }).execute();
    await shiftCounts(trx, siteId, subject, key, utcDay(now), 1, stamp);
  }
  return writeResult(trx, siteId, subject, tagger.principal, key, changed);
}

/** Removes the caller's tag `input` from `subject` inside `trx` (the synonym's target when the caller has
 * no tagging under the key itself). Removing a tag one did not apply changes nothing. 400 invalid_tag. */
export async function removeTag(trx: Transaction<Database>, dialect: Dialect, siteId: string, subject: string, input: string, principal: string): Promise<TagWrite> {
  const { key: given } = tagName(input);
  const key = (await findTagging(trx, siteId, subject, given, principal)) ? given : await resolveSynonym(trx, siteId, given);
  let changed = false;
  // Nothing to remove takes no lock and writes nothing.
  if (await findTagging(trx, siteId, subject, key, principal)) {
    await lockTag(trx, dialect, siteId, key);
    // Read again under the lock: a concurrent removal may have taken it meanwhile.
    const tagging = await findTagging(trx, siteId, subject, key, principal);
    if (tagging) {
      changed = true;
      await trx
        .deleteFrom('taggings')
        .where('site_id', '=', siteId)
        .where('subject', '=', subject)
        .where('tag_key', '=', key)
        .where('principal', '=', principal)
        .execute();
      await shiftCounts(trx, siteId, subject, key, utcDay(new Date(tagging.created_at)), -1, new Date().toISOString());
    }
  }
  return writeResult(trx, siteId, subject, principal, key, changed);
}

// ---------------------------------------------------------------------------------------------------------
// Reads

const toTagCount = (row: { tag: string; key: string; count: unknown }): TagCount => ({ tag: row.tag, key: row.key, count: Number(row.count) });

/** Every tag of a subject: most people first, then by key. */
export async function subjectTags(db: Db, siteId: string, subject: string): Promise<TagCount[]> {
  const rows = await db
    .selectFrom('subject_tags as st')
    .innerJoin('tags as t', (join) => join.onRef('t.site_id', '=', 'st.site_id').onRef('t.key', '=', 'st.tag_key'))
    .select(['t.display as tag', 'st.tag_key as key', 'st.count as count'])
    .where('st.site_id', '=', siteId)
    .where('st.subject', '=', subject)
    .orderBy('st.count', 'desc')
    .orderBy('st.tag_key')
    .execute();
  return rows.map(toTagCount);
}

/** The top TAGS_BATCH_TOP tags and the number of distinct tags of each subject, in one query, in the order
 * given (subjects without tags: no items, total 0). */
export async function subjectTagsBatch(db: Db, dialect: Dialect, siteId: string, subjects: readonly string[]): Promise<SubjectTagsSummary[]> {
  if (subjects.length === 0) return [];
  const { rows } = await sql<{ subject: string; tag: string; key: string; count: unknown; total: unknown }>`
    select subject, tag, key, count, total from (
      select st.subject, t.display as tag, st.tag_key as key, st.count,
        row_number() over (partition by st.subject order by st.count desc, st.tag_key) as rank_in_subject,
        count(*) over (partition by st.subject) as total
      from subject_tags st
      join tags t on t.site_id = st.site_id and t.key = st.tag_key
      where st.site_id = ${siteId} and ${textIn(dialect, 'st.subject', subjects)}
    ) ranked
    where rank_in_subject <= ${TAGS_BATCH_TOP}
    order by subject, rank_in_subject`.execute(db);
  const bySubject = new Map<string, SubjectTagsSummary>();
  for (const row of rows) {
    let summary = bySubject.get(row.subject);
    if (!summary) bySubject.set(row.subject, (summary = { subject: row.subject, items: [], total: Number(row.total) }));
    summary.items.push(toTagCount(row));
  }
  return subjects.map((subject) => bySubject.get(subject) ?? { subject, items: [], total: 0 });
}

export type CloudOrder = 'popular' | 'alpha';

const byKey = (a: TagCount, b: TagCount) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The `limit` most used tags of the site, or of one subject kind (`scope`, e.g. `product/`, counting only
 * uses on that kind's subjects); `alpha` sorts the same tags by key. */
export async function tagCloud(db: Db, siteId: string, limit: number, scope: string | null, order: CloudOrder): Promise<TagCount[]> {
  const rows =
    scope === null
      ? await db
          .selectFrom('tags')
          .select(['display as tag', 'key', 'uses as count'])
          .where('site_id', '=', siteId)
          .where('uses', '>', 0)
          .orderBy('uses', 'desc')
          .orderBy('key')
          .limit(limit)
          .execute()
      : await db
          .selectFrom('kind_tags as kt')
          .innerJoin('tags as t', (join) => join.onRef('t.site_id', '=', 'kt.site_id').onRef('t.key', '=', 'kt.tag_key'))
          .select(['t.display as tag', 'kt.tag_key as key', 'kt.uses as count'])
          .where('kt.site_id', '=', siteId)
          .where('kt.kind', '=', scope)
          .orderBy('kt.uses', 'desc')
          .orderBy('kt.tag_key')
          .limit(limit)
          .execute();
  const items = rows.map(toTagCount);
  return order === 'alpha' ? items.sort(byKey) : items;
}

/** The key a query's `tag=` names: normalized (400 invalid_tag), then its synonym's target if it has one. */
export async function queriedTagKey(db: Db, siteId: string, input: string): Promise<string> {
  return resolveSynonym(db, siteId, tagName(input).key);
}

async function tagCountOf(db: Db, siteId: string, key: string): Promise<TagCount | null> {
  const row = await tagRow(db, siteId, key).executeTakeFirst();
  return row ? { tag: row.display, key, count: Number(row.uses) } : null;
}

interface SubjectsCursor {
  count: number;
  subject: string;
}

function encodeSubjectsCursor(last: SubjectsCursor): string {
  return Buffer.from(JSON.stringify([last.count, last.subject])).toString('base64url');
}

function decodeSubjectsCursor(text: string | undefined): SubjectsCursor | undefined {
  if (text === undefined) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parts) || parts.length !== 2) throw invalidCursor();
  const [count, subject] = parts as unknown[];
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || typeof subject !== 'string' || subject === '') throw invalidCursor();
  return { count, subject };
}

/** One page of the subjects carrying tag `key`, most-tagged first (count desc, subject asc). `title` is null
 * until cards exist (issue 10). 400 for a cursor this list did not give. */
export async function subjectsTagged(db: Db, siteId: string, key: string, limit: number, cursor: string | undefined): Promise<SubjectsPage> {
  const after = decodeSubjectsCursor(cursor);
  let query = db
    .selectFrom('subject_tags')
    .select(['subject', 'count'])
    .where('site_id', '=', siteId)
    .where('tag_key', '=', key)
    .orderBy('count', 'desc')
    .orderBy('subject')
    .limit(limit + 1);
  if (after) {
    query = query.where((eb) => eb.or([eb('count', '<', after.count), eb.and([eb('count', '=', after.count), eb('subject', '>', after.subject)])]));
  }
  const [rows, tag] = await Promise.all([query.execute(), tagCountOf(db, siteId, key)]);
  const page = rows.slice(0, limit).map((row) => ({ subject: row.subject, count: Number(row.count), title: null }));
  const last = page.at(-1);
  return { tag, items: page, nextCursor: rows.length > limit && last ? encodeSubjectsCursor(last) : null };
}

/** At most this many synonyms whose name starts with the prefix lead suggestions to their targets. */
const SUGGEST_SYNONYMS_MAX = 50;

/** Tags whose key starts with the key form of `prefix` (empty: every tag), most used first, then by key; a
 * synonym that starts with it suggests its target (once). Restricted tags are included. */
export async function suggestTags(db: Db, dialect: Dialect, siteId: string, prefix: string, limit: number): Promise<TagCount[]> {
  const start = prefix.trim() === '' ? '' : tagName(prefix).key;
  // Keys that start with `start` are the range [start, the next string of its length): keys compare by code
  // point in both stores (migration 0004), so the primary key finds them, however many tags a site has.
  const end = keyAfterPrefix(start);
  const startsWith = (column: 'key' | 'from_key') => (eb: ExpressionBuilder<any, any>) =>
    end === undefined
      ? sql<boolean>`substr(${sql.ref(column)}, 1, ${[...start].length}) = ${start}` // a prefix ending in U+10FFFF
      : eb.and([eb(column, '>=', start), eb(column, '<', end)]);
  let direct = db.selectFrom('tags').select(['display as tag', 'key', 'uses as count']).where('site_id', '=', siteId);
  let synonyms = db.selectFrom('tag_synonyms').select('to_key').where('site_id', '=', siteId);
  if (start !== '') {
    direct = direct.where(startsWith('key'));
    synonyms = synonyms.where(startsWith('from_key'));
  }
  const [rows, targets] = await Promise.all([
    direct.orderBy('uses', 'desc').orderBy('key').limit(limit).execute(),
    start === '' ? Promise.resolve([]) : synonyms.orderBy('from_key').limit(SUGGEST_SYNONYMS_MAX).execute(),
  ]);
  const found = new Map(rows.map((row) => [row.key, toTagCount(row)]));
  const missing = [...new Set(targets.map((row) => row.to_key))].filter((key) => !found.has(key));
  if (missing.length > 0) {
    const more = await db.selectFrom('tags').select(['display as tag', 'key', 'uses as count']).where('site_id', '=', siteId).where(textIn(dialect, 'key', missing)).execute();
    for (const row of more) found.set(row.key, toTagCount(row));
  }
  return [...found.values()].sort((a, b) => b.count - a.count || byKey(a, b)).slice(0, limit);
}

/** The least string greater than every string that starts with `prefix` (its last code point plus one, past
 * the surrogates), or undefined when there is none (a prefix ending in U+10FFFF). */
export function keyAfterPrefix(prefix: string): string | undefined {
  const points = [...prefix];
  const last = points.pop()?.codePointAt(0);
  if (last === undefined || last === 0x10ffff) return undefined;
  return points.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
}

/** The keys `principal` applied to `subject`, by key. */
export async function mineKeys(db: Db, siteId: string, subject: string, principal: string): Promise<string[]> {
  const rows = await db
    .selectFrom('taggings')
    .select('tag_key')
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .where('principal', '=', principal)
    .orderBy('tag_key')
    .execute();
  return rows.map((row) => row.tag_key);
}
