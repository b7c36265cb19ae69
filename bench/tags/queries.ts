// The reads the tags bench times (issue 9), each as its public route and as the SQL the contract's indexes
// serve (/work/tags-contract.md; measured alone, and instead of the route while the route is not there yet).
// Each read is asked about many different things in turn (popular tags, prefixes, subjects), the same for
// both sites wherever the site has it, so that one lucky answer does not decide the figure.
import { sql, type RawBuilder } from 'kysely';
import { seededRandom } from '../seeded-random.ts';
import { SUBJECT_KINDS } from './data.ts';

/** What a site offers the reads: its id, its most used tag keys, and the subjects to ask about. */
export interface SiteSample {
  siteId: string;
  popularKeys: string[];
  subjects: string[];
}

export interface TagRead {
  label: string;
  /** The route's path and query for the i-th request. */
  url(site: SiteSample, i: number): string;
  /** The same read in SQL, for the i-th request (none for trending: its SQL is the service's own). */
  query?(site: SiteSample, i: number): RawBuilder<unknown>;
}

const SCOPE = SUBJECT_KINDS[2]; // 'product/'
/** Two-letter prefixes of common tags, asked in turn. */
export const PREFIXES = ['le', 'cu', 're', 'pr', 'en', 'su', 'ca', 'ma', 'se', 'co', 'sa', 'in', 'ba', 'st', 'wa', 'ho'];
/** Prefixes no tag has (someone typing a new word): a read that walks the tags in order of use until ten
 * match walks them all. */
export const UNUSED_PREFIXES = ['xy', 'qz', 'jx', 'vq', 'zz', 'kx', 'wq', 'yy'];
const at = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!;
const q = encodeURIComponent;
/** The keys from a prefix up to (not including) the next prefix: a range the primary key serves. */
const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

export const TAG_READS: TagRead[] = [
  {
    label: 'cloud, top 50',
    url: (s) => `/v1/sites/${s.siteId}/tags/cloud?limit=50`,
    query: (s) => sql`SELECT key, display, uses FROM tags WHERE site_id = ${s.siteId} ORDER BY uses DESC, key LIMIT 50`,
  },
  {
    label: `cloud within ${SCOPE}, top 50`,
    url: (s) => `/v1/sites/${s.siteId}/tags/cloud?limit=50&scope=${q(SCOPE)}`,
    query: (s) =>
      sql`SELECT k.tag_key, t.display, k.uses FROM kind_tags k JOIN tags t ON t.site_id = k.site_id AND t.key = k.tag_key
          WHERE k.site_id = ${s.siteId} AND k.kind = ${SCOPE} ORDER BY k.uses DESC, k.tag_key LIMIT 50`,
  },
  {
    label: 'subjects carrying a top-10 tag, 20',
    url: (s, i) => `/v1/sites/${s.siteId}/tags/subjects?tag=${q(at(s.popularKeys, i))}&limit=20`,
    query: (s, i) =>
      sql`SELECT subject, count FROM subject_tags WHERE site_id = ${s.siteId} AND tag_key = ${at(s.popularKeys, i)}
          ORDER BY count DESC, subject LIMIT 21`,
  },
  {
    label: 'suggestions for a 2-letter prefix',
    url: (s, i) => `/v1/sites/${s.siteId}/tags/suggest?prefix=${at(PREFIXES, i)}&limit=10`,
    query: (s, i) =>
      sql`SELECT key, display, uses FROM tags WHERE site_id = ${s.siteId} AND key >= ${at(PREFIXES, i)} AND key < ${prefixEnd(at(PREFIXES, i))}
          ORDER BY uses DESC, key LIMIT 10`,
  },
  {
    label: 'suggestions, a prefix no tag has',
    url: (s, i) => `/v1/sites/${s.siteId}/tags/suggest?prefix=${at(UNUSED_PREFIXES, i)}&limit=10`,
    query: (s, i) =>
      sql`SELECT key, display, uses FROM tags WHERE site_id = ${s.siteId} AND key >= ${at(UNUSED_PREFIXES, i)} AND key < ${prefixEnd(at(UNUSED_PREFIXES, i))}
          ORDER BY uses DESC, key LIMIT 10`,
  },
  {
    label: "a subject's tags",
    url: (s, i) => `/v1/sites/${s.siteId}/tags?subject=${q(at(s.subjects, i))}`,
    query: (s, i) =>
      sql`SELECT s.tag_key, t.display, s.count FROM subject_tags s JOIN tags t ON t.site_id = s.site_id AND t.key = s.tag_key
          WHERE s.site_id = ${s.siteId} AND s.subject = ${at(s.subjects, i)} ORDER BY s.count DESC, s.tag_key`,
  },
  {
    // Not among the ratios; timed for the record: it sums tag_days over the window and the 28 days
    // before it, so it grows with the tags used in those five weeks.
    label: 'trending, 7 days, 20',
    url: (s) => `/v1/sites/${s.siteId}/tags/trending?days=7&limit=20`,
  },
];

/** 50 subjects of the site, drawn with a fixed seed (typical ones: most carry about ten taggings). */
export function sampleSubjects(subjects: readonly string[], count = 50): string[] {
  const random = seededRandom(90);
  return Array.from({ length: Math.min(count, subjects.length) }, () => subjects[Math.floor(random() * subjects.length)]!);
}
