// The public reads of one tag and of what is rising (issue 9): a tag's page (description, synonyms, count,
// the tags that share its subjects) and trending tags, a spike against each tag's own usual rate. Both read
// only the counts kept on write (tags, subject_tags, tag_days) and the synonyms.
import { sql } from 'kysely';
import { HttpError } from '../errors.ts';
import type { Db } from './comments.ts';
import { resolveSynonym, utcDay, type TagCount } from './tags.ts';

export interface TagPage {
  tag: string;
  key: string;
  description: string | null;
  restricted: boolean;
  /** Taggings (uses). */
  count: number;
  /** Subjects carrying it. */
  subjects: number;
  /** The tags that map to it (their keys: a synonym keeps no display form of its own). */
  synonyms: string[];
  /** The tags sharing most subjects with it (count = shared subjects), over its most-tagged subjects. */
  related: TagCount[];
}

/** Related tags are counted over at most this many of the tag's most-tagged subjects. */
export const RELATED_SUBJECTS_MAX = 500;
export const RELATED_MAX = 10;

export const tagNotFound = (key: string) => new HttpError(404, 'tag_not_found', `there is no tag ${JSON.stringify(key)} on this site`);

export async function findTag(db: Db, siteId: string, key: string) {
  return db.selectFrom('tags').selectAll().where('site_id', '=', siteId).where('key', '=', key).executeTakeFirst();
}

/** The page of the tag `key` names (through its synonym when it is one); 404 tag_not_found when none. */
export async function readTagPage(db: Db, siteId: string, key: string): Promise<TagPage> {
  const tag = await findTag(db, siteId, await resolveSynonym(db, siteId, key));
  if (!tag) throw tagNotFound(key);
  const [synonyms, related] = await Promise.all([
    db.selectFrom('tag_synonyms').select('from_key').where('site_id', '=', siteId).where('to_key', '=', tag.key).orderBy('from_key').execute(),
    relatedTags(db, siteId, tag.key),
  ]);
  return {
    tag: tag.display,
    key: tag.key,
    description: tag.description,
    restricted: Number(tag.restricted) === 1,
    count: Number(tag.uses),
    subjects: Number(tag.subjects),
    synonyms: synonyms.map((row) => row.from_key),
    related,
  };
}

/** The tags on most of the same subjects, among the tag's RELATED_SUBJECTS_MAX most-tagged subjects (so
 * the cost is bounded however widely the tag is used). */
async function relatedTags(db: Db, siteId: string, key: string): Promise<TagCount[]> {
  const rows = await db
    .selectFrom('subject_tags as st')
    .innerJoin('tags as t', (join) => join.onRef('t.site_id', '=', 'st.site_id').onRef('t.key', '=', 'st.tag_key'))
    .select(['st.tag_key', 't.display', (eb) => eb.fn.countAll<number | string>().as('shared')])
    .where('st.site_id', '=', siteId)
    .where('st.tag_key', '<>', key)
    .where('st.subject', 'in', (eb) =>
      eb
        .selectFrom('subject_tags')
        .select('subject')
        .where('site_id', '=', siteId)
        .where('tag_key', '=', key)
        .orderBy('count', 'desc')
        .orderBy('subject')
        .limit(RELATED_SUBJECTS_MAX),
    )
    .groupBy(['st.tag_key', 't.display'])
    .orderBy('shared', 'desc')
    .orderBy('st.tag_key')
    .limit(RELATED_MAX)
    .execute();
  return rows.map((row) => ({ tag: row.display, key: row.tag_key, count: Number(row.shared) }));
}

// ---------------------------------------------------------------------------------------------------------
// Trending

export const TRENDING_DAYS_DEFAULT = 7;
export const TRENDING_DAYS_MAX = 30;
export const TRENDING_LIMIT_DEFAULT = 20;
/** The usual rate is read over this many days before the window. */
export const TRENDING_BASELINE_DAYS = 28;
/** A tag trends with at least this many uses in the window… */
export const TRENDING_MIN_USES = 3;
/** …and a score above this. */
export const TRENDING_MIN_SCORE = 1.5;

export interface TrendingTag extends TagCount {
  /** Uses per day over the TRENDING_BASELINE_DAYS days before the window. */
  baseline: number;
  /** (uses in the window / days + 1) / (baseline + 1): how many times its usual daily rate (both smoothed by
   * one use a day, so a tag new this week does not score infinity). */
  score: number;
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;

/** The tags whose use in the last `days` days (today included) rose most against their own usual rate:
 * highest score first, then by key. Not plain popularity: a tag used 20 times a day every day scores 1. */
export async function trendingTags(db: Db, siteId: string, days: number, limit: number, today = utcDay(new Date())): Promise<TrendingTag[]> {
  const windowStart = today - days + 1;
  const baselineStart = windowStart - TRENDING_BASELINE_DAYS;
  const recent = sql<number>`sum(case when d.day >= ${windowStart} then d.uses else 0 end)`;
  const before = sql<number>`sum(case when d.day < ${windowStart} then d.uses else 0 end)`;
  // The score as SQL orders by it (so only `limit` rows come back); 1.0 makes both dialects divide in floats.
  const score = sql<number>`(${recent} * 1.0 / ${days} + 1) / (${before} * 1.0 / ${TRENDING_BASELINE_DAYS} + 1)`;
  const rows = await db
    .selectFrom('tag_days as d')
    .innerJoin('tags as t', (join) => join.onRef('t.site_id', '=', 'd.site_id').onRef('t.key', '=', 'd.tag_key'))
    .select(['d.tag_key', 't.display', recent.as('recent'), before.as('before')])
    .where('d.site_id', '=', siteId)
    .where('d.day', '>=', baselineStart)
    .where('d.day', '<=', today)
    .groupBy(['d.tag_key', 't.display'])
    .having(recent, '>=', TRENDING_MIN_USES)
    .having(score, '>', TRENDING_MIN_SCORE)
    .orderBy(score, 'desc')
    .orderBy('d.tag_key')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const count = Number(row.recent);
    const baseline = Number(row.before) / TRENDING_BASELINE_DAYS;
    return { tag: row.display, key: row.tag_key, count, baseline: rounded(baseline), score: rounded((count / days + 1) / (baseline + 1)) };
  });
}
