/**
 * Kith's own activity as a feed (issue 11): the newest comments, ratings and tags of a site, of one subject, or of
 * one tag, newest first, as the same `FeedDocument` the proxy returns (so `<kith-feed>` renders both alike), and as
 * Atom 1.0, RSS 2.0 and JSON Feed 1.1 for any reader (`activity-formats.ts`).
 *
 * What an item shows:
 * - a comment: its author's name and its tree (only approved, visible comments; an edited one shows its edit);
 * - a rating: the stars and the subject, never who gave them (votes are anonymous everywhere in Kith);
 * - a tag: the tag and the subject, never who put it.
 * A subject is named by its ID card's name when it has one (`cards`), else by its id. Each item also carries
 * `activity`, the facts the title was made from, so a widget can word it in the reader's language.
 *
 * The same stars or the same tag given to one subject by several people in a row (nothing else between them) are
 * one item, the newest, with `activity.people` saying how many ("Acme Widget was tagged Sturdy by 3 people"):
 * anonymous, such lines would otherwise read alike, one under the other. The count is of what the feed read (its
 * limit of each kind); a run that reaches the oldest row of a read that stopped at its limit may go on past it,
 * and says so (`peopleAtLeast`: "by 3 or more people").
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { ActivityFacts, FeedDocument, FeedItem } from '../../../src/core/feed-document.ts';
import type { Dialect } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { textIn } from '../db/text-in.ts';
import type { Root } from '../markdown/tree.ts';

export const ACTIVITY_LIMIT_DEFAULT = 30;
export const ACTIVITY_LIMIT_MAX = 100;

export type ActivityScope = { subject: string } | { tag: string; tagKey: string } | { site: true };

/** What the readers below take: a scope, with subjects as a list, so that one query per kind serves a page of
 * subject feeds (`feeds/batch`). */
type ReadScope = { subjects: readonly string[] } | { tag: string; tagKey: string } | { site: true };

/** Each subject's newest rows first, numbered: a column to keep those with a rank up to the limit. */
const rankInSubject = (subject: string, order: string[]) =>
  sql<number>`row_number() over (partition by ${sql.ref(subject)} order by ${sql.join(order.map((column) => sql`${sql.ref(column)} desc`))})`.as('rank');

/** A row read, and whether it is the last of a read that stopped at its limit (older rows may follow). */
type Read<O> = O & { atLimit: boolean };

/**
 * The newest rows of `query` by the columns of `order` (each descending, the later ones breaking ties): up to
 * `limit` in all, or, for a list of subjects (the column `subject`), up to `limit` of each, in one query.
 */
async function newestRows<O>(db: Kysely<Database>, dialect: Dialect, query: SelectQueryBuilder<Database, any, O>, scope: ReadScope, subject: string, order: string[], limit: number): Promise<Array<Read<O>>> {
  if (!('subjects' in scope)) {
    const rows = await order.reduce((ordered, column) => ordered.orderBy(sql.ref(column), 'desc'), query).limit(limit).execute();
    return rows.map((row, index) => ({ ...row, atLimit: index === limit - 1 }));
  }
  const rows = (await db
    .selectFrom(query.select(rankInSubject(subject, order)).where(textIn(dialect, subject, scope.subjects)).as('ranked'))
    .selectAll()
    .where(sql<boolean>`${sql.ref('rank')} <= ${limit}`)
    .execute()) as Array<O & { rank: number | string }>;
  // PostgreSQL returns row_number() as a bigint, in text.
  return rows.map(({ rank, ...row }) => ({ ...(row as O), atLimit: Number(rank) === limit }));
}

/** A short, stable, non-reversible id part for a principal (votes and taggings are anonymous). */
function anonymous(principal: string): string {
  return createHash('sha256').update(principal).digest('base64url').slice(0, 12);
}

interface Entry {
  at: string;
  item: Omit<FeedItem, 'title'>;
  facts: ActivityFacts;
  /** The oldest row its kind's read took, which stopped at its limit: an alike run ending here may go on. */
  atLimit?: boolean;
}

/** The English title of an item (what a feed reader shows); widgets word `activity` themselves. */
export function activityTitle(facts: ActivityFacts): string {
  const what = facts.subjectName ?? facts.subject;
  const byPeople = facts.people ? ` by ${facts.people}${facts.peopleAtLeast ? ' or more' : ''} people` : '';
  switch (facts.kind) {
    case 'comment':
      return `${facts.author ?? 'Someone'} commented on ${what}`;
    case 'rating':
      return `${what} was rated ${facts.stars} of 5${byPeople}`;
    case 'tag':
      return `${what} was tagged ${facts.tag}${byPeople}`;
  }
}

/** Whether two entries say the same thing of the same subject: a rating of the same stars, or the same tag. */
const alike = (a: ActivityFacts, b: ActivityFacts) =>
  a.kind !== 'comment' && a.kind === b.kind && a.subject === b.subject && a.stars === b.stars && a.tag === b.tag;

/** Newest-first entries with each run of alike ones made one, the newest, counting its people: at least that many
 * where the run reaches the oldest row of a read that stopped at its limit. */
function groupAlike(entries: Entry[]): Entry[] {
  const grouped: Entry[] = [];
  for (const entry of entries) {
    const last = grouped.at(-1);
    if (last && alike(last.facts, entry.facts))
      last.facts = { ...last.facts, people: (last.facts.people ?? 1) + 1, ...(entry.atLimit ? { peopleAtLeast: true } : {}) };
    else grouped.push(entry);
  }
  return grouped;
}

async function comments(db: Kysely<Database>, dialect: Dialect, siteId: string, scope: ReadScope, limit: number): Promise<Entry[]> {
  if ('tag' in scope) return [];
  const query = db
    .selectFrom('comments')
    .select(['id', 'subject', 'author_name', 'tree', 'created_at', 'edited_at'])
    .where('site_id', '=', siteId)
    .where('status', '=', 'approved')
    .where('hidden', '=', 0)
    .where('deleted_at', 'is', null);
  const rows = await newestRows(db, dialect, query, scope, 'subject', ['created_at', 'id'], limit);
  return rows.map((row) => {
    const tree = row.tree === null ? undefined : (JSON.parse(row.tree) as Root);
    return {
      at: row.created_at,
      facts: { kind: 'comment', subject: row.subject, author: row.author_name },
      item: {
        id: `comment:${row.id}`,
        published: row.created_at,
        ...(row.edited_at ? { updated: row.edited_at } : {}),
        author: { name: row.author_name },
        ...(tree && tree.children.length > 0 ? { content: tree } : {}),
        enclosures: [],
        categories: [],
      },
    };
  });
}

async function ratings(db: Kysely<Database>, dialect: Dialect, siteId: string, scope: ReadScope, limit: number): Promise<Entry[]> {
  if ('tag' in scope) return [];
  const query = db.selectFrom('rating_votes').select(['subject', 'principal', 'value', 'updated_at']).where('site_id', '=', siteId);
  const rows = await newestRows(db, dialect, query, scope, 'subject', ['updated_at'], limit);
  return rows.map((row) => ({
    at: row.updated_at,
    atLimit: row.atLimit,
    facts: { kind: 'rating', subject: row.subject, stars: row.value },
    item: { id: `rating:${row.subject}:${anonymous(row.principal)}:${row.updated_at}`, published: row.updated_at, enclosures: [], categories: [] },
  }));
}

async function taggings(db: Kysely<Database>, dialect: Dialect, siteId: string, scope: ReadScope, limit: number): Promise<Entry[]> {
  let query = db
    .selectFrom('taggings')
    .innerJoin('tags', (join) => join.onRef('tags.site_id', '=', 'taggings.site_id').onRef('tags.key', '=', 'taggings.tag_key'))
    .select(['taggings.subject', 'taggings.principal', 'taggings.created_at', 'taggings.tag_key', 'tags.display'])
    .where('taggings.site_id', '=', siteId);
  if ('tag' in scope) query = query.where('taggings.tag_key', '=', scope.tagKey);
  const rows = await newestRows(db, dialect, query, scope, 'taggings.subject', ['taggings.created_at', 'taggings.tag_key', 'taggings.principal'], limit);
  return rows.map((row) => ({
    at: row.created_at,
    atLimit: row.atLimit,
    facts: { kind: 'tag', subject: row.subject, tag: row.display },
    item: {
      id: `tag:${row.subject}:${row.tag_key}:${anonymous(row.principal)}`,
      published: row.created_at,
      enclosures: [],
      categories: [row.display],
    },
  }));
}

/** The names of subjects with an ID card. */
async function subjectNames(db: Kysely<Database>, dialect: Dialect, siteId: string, subjects: string[]): Promise<Map<string, string>> {
  if (subjects.length === 0) return new Map();
  const rows = await db.selectFrom('cards').select(['subject', 'profile']).where('site_id', '=', siteId).where(textIn(dialect, 'subject', subjects)).execute();
  return new Map(rows.map((row) => [row.subject, (JSON.parse(row.profile) as { name: string }).name]));
}

export interface ActivityOptions {
  siteName: string;
  limit: number;
  /** The feed's own page, for its link (absolute). */
  link?: string | undefined;
}

/** Newest first; ties (the same instant) in a stable order. */
const newestFirst = (a: Entry, b: Entry) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.item.id < b.item.id ? 1 : -1);

/** The entries of a scope: each kind's newest, for every subject of a list at once. */
async function entriesOf(db: Kysely<Database>, dialect: Dialect, siteId: string, scope: ReadScope, limit: number): Promise<Entry[]> {
  return [...(await comments(db, dialect, siteId, scope, limit)), ...(await ratings(db, dialect, siteId, scope, limit)), ...(await taggings(db, dialect, siteId, scope, limit))];
}

/** A scope's newest entries (newest first, at most the limit) as a FeedDocument, its subjects named by `names`. */
function activityDocument(entries: Entry[], scope: ActivityScope, names: Map<string, string>, options: ActivityOptions): FeedDocument {
  const items: FeedItem[] = entries.map(({ item, facts }) => {
    const subjectName = names.get(facts.subject);
    const full: ActivityFacts = subjectName === undefined ? facts : { ...facts, subjectName };
    return { ...item, title: activityTitle(full), activity: full };
  });
  const about = 'subject' in scope ? ` on ${names.get(scope.subject) ?? scope.subject}` : 'tag' in scope ? ` tagged ${scope.tag}` : '';
  const document: FeedDocument = {
    format: 'kith',
    title: `${options.siteName}: activity${about}`,
    description: 'New comments, ratings and tags',
    items,
  };
  if (options.link) document.link = options.link;
  if (items[0]) document.updated = items.reduce((latest, item) => ((item.updated ?? item.published ?? '') > latest ? (item.updated ?? item.published ?? '') : latest), '');
  return document;
}

/** The activity of a scope as a FeedDocument, newest first. */
export async function readActivity(db: Kysely<Database>, dialect: Dialect, siteId: string, scope: ActivityScope, options: ActivityOptions): Promise<FeedDocument> {
  return (await readScopes(db, dialect, siteId, [scope], options))[0]!;
}

/**
 * The activity of each subject of a list (a page of `<kith-feed subject>`, read by `feeds/batch`), with one query
 * per kind for them all (each subject's newest rows, ranked by a window function) and one for their names.
 */
export async function readSubjectsActivity(db: Kysely<Database>, dialect: Dialect, siteId: string, subjects: readonly string[], options: ActivityOptions): Promise<Map<string, FeedDocument>> {
  const unique = [...new Set(subjects)];
  const documents = await readScopes(db, dialect, siteId, unique.map((subject) => ({ subject })), options);
  return new Map(unique.map((subject, index) => [subject, documents[index]!]));
}

/** The documents of several scopes: the subject scopes read together, the others (a tag, the site) one by one. */
async function readScopes(db: Kysely<Database>, dialect: Dialect, siteId: string, scopes: ActivityScope[], options: ActivityOptions): Promise<FeedDocument[]> {
  const subjects = scopes.flatMap((scope) => ('subject' in scope ? [scope.subject] : []));
  const ofSubjects = subjects.length ? await entriesOf(db, dialect, siteId, { subjects }, options.limit) : [];
  const bySubject = new Map<string, Entry[]>();
  for (const entry of ofSubjects) {
    const list = bySubject.get(entry.facts.subject);
    if (list) list.push(entry);
    else bySubject.set(entry.facts.subject, [entry]);
  }
  const read = await Promise.all(scopes.map(async (scope) => ('subject' in scope ? (bySubject.get(scope.subject) ?? []) : await entriesOf(db, dialect, siteId, scope, options.limit))));
  // Each scope's newest of all kinds, chosen before naming: only the subjects of the items shown are looked up.
  const entries = read.map((list) => groupAlike(list.sort(newestFirst)).slice(0, options.limit));
  const named = new Set([...subjects, ...entries.flatMap((list) => list.map((entry) => entry.facts.subject))]);
  const names = await subjectNames(db, dialect, siteId, [...named]);
  return scopes.map((scope, index) => activityDocument(entries[index]!, scope, names, options));
}
