// The tags bench's data (issue 9): a generated site, made deterministically (a seeded PRNG), written straight
// into the tables of migration 0004_tags with SQL, every count table computed in memory from the taggings so
// that it is exactly what the service would have kept on write (tags.uses/subjects, subject_tags, kind_tags,
// tag_days).
//
// Shape: subjects of three kinds (`contact/`, `account/`, `product/`), every subject tagged at least once and
// the rest of the taggings spread with a mild skew (a few subjects carry hundreds, most about ten); tags drawn
// from one vocabulary of 10,000 names with Zipf popularity (rank r weighs 1/r); taggers from a pool of users;
// times spread over the 60 days before generation.
import { DatabaseSync } from 'node:sqlite';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { subjectKind } from '../../server/src/services/tag-names.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { seededRandom } from '../seeded-random.ts';

export interface SiteShape {
  subjects: number;
  taggings: number;
}

export const LARGE_SITE: SiteShape = { subjects: 100_000, taggings: 1_000_000 };
/** Generated the same way: ten taggings per subject on average, the same vocabulary. */
export const SMALL_SITE: SiteShape = { subjects: 100, taggings: 1_000 };
export const VOCABULARY_SIZE = 10_000;
export const SUBJECT_KINDS = ['contact/', 'account/', 'product/'] as const;
const TAGGERS = 20_000;
const DAYS = 60;
const DAY_MS = 86_400_000;

const WORDS = [
  'lead', 'customer', 'VIP', 'renewal', 'churn-risk', 'enterprise', 'SMB', 'partner', 'reseller', 'prospect', 'urgent',
  'follow-up', 'invoice', 'billing', 'support', 'onboarding', 'trial', 'upsell', 'CRM', 'B2B', 'B2C', 'Europe', 'Asia',
  'Americas', 'retail', 'wholesale', 'hardware', 'software', 'cloud', 'security', 'analytics', 'marketing', 'sales',
  'finance', 'legal', 'HR', 'priority', 'Q1', 'Q2', 'Q3', 'Q4', 'approved', 'draft', 'archived', 'featured', 'bestseller',
  'clearance', 'new', 'refurbished', 'eco', 'premium', 'budget', 'wireless', 'bluetooth', 'USB-C', 'laptop', 'monitor',
  'keyboard', 'mouse', 'headset', 'camera', 'printer', 'storage', 'network', 'battery', 'charger', 'cable', 'accessory',
  'gift', 'bundle', 'discount', 'seasonal', 'summer', 'winter', 'spring', 'autumn', 'holiday', 'black friday', 'import',
  'export', 'logistics', 'shipping', 'returns', 'warranty', 'repair', 'feedback', 'complaint', 'review', 'press', 'event',
  'webinar', 'conference', 'newsletter', 'referral', 'inbound', 'outbound', 'cold', 'warm', 'hot', 'key account',
  'strategic', 'at-risk', 'expansion', 'pilot', 'PoC', 'contract', 'NDA', 'RFP', 'tender', 'government', 'education',
  'healthcare', 'nonprofit', 'startup', 'manufacturing', 'energy', 'telecom', 'media', 'travel', 'banking', 'insurance',
  'Straße', 'café', 'Zürich', 'München', 'São Paulo', 'Malmö',
];

/** The vocabulary in popularity rank order: the single words first (the most used), then two-word tags in a
 * shuffled order. Display forms; the keys are their case-folded forms. */
export function vocabulary(size = VOCABULARY_SIZE): string[] {
  const random = seededRandom(9);
  const pairs: string[] = [];
  for (const a of WORDS) for (const b of WORDS) if (a !== b) pairs.push(`${a} ${b}`);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return [...WORDS, ...pairs].slice(0, size);
}

/** The generated taggings, one entry per index in parallel arrays (1,000,000 objects would cost ten times
 * the memory). Subjects are numbered in their sorted name order, so the rows go in primary-key order. */
export interface GeneratedSite {
  subjects: string[];
  tags: string[];
  tagKeys: string[];
  taggingSubject: Int32Array;
  taggingTag: Int32Array;
  taggingTagger: Int32Array;
  /** ms since the epoch. */
  taggingTime: Float64Array;
}

export function generateSite(shape: SiteShape, seed = 9): GeneratedSite {
  const random = seededRandom(seed);
  const tags = vocabulary();
  const tagKeys = tags.map((display) => display.toUpperCase().toLowerCase().normalize('NFC'));
  // Zipf: P(rank r) ∝ 1/r, sampled by binary search in the cumulative weights.
  const cumulative = new Float64Array(tags.length);
  let total = 0;
  for (let r = 0; r < tags.length; r++) cumulative[r] = total += 1 / (r + 1);
  const zipfTag = () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const names = Array.from({ length: shape.subjects }, (_, i) => `${SUBJECT_KINDS[i % SUBJECT_KINDS.length]}${i + 1}`).sort();
  // Every subject at least once, the rest skewed towards the first numbers drawn (u^1.5: the busiest subject of
  // the large site carries about 400 taggings, the median about 9).
  const perSubject = new Int32Array(shape.subjects).fill(1);
  const order = Array.from({ length: shape.subjects }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let n = shape.subjects; n < shape.taggings; n++) perSubject[order[Math.floor(shape.subjects * random() ** 1.5)]!]!++;

  const taggingSubject = new Int32Array(shape.taggings);
  const taggingTag = new Int32Array(shape.taggings);
  const taggingTagger = new Int32Array(shape.taggings);
  const taggingTime = new Float64Array(shape.taggings);
  const end = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  let n = 0;
  for (let s = 0; s < shape.subjects; s++) {
    // One tagger puts a tag on a subject once (the primary key): draw again on a repeat.
    const seen = new Set<number>();
    for (let k = 0; k < perSubject[s]!; k++) {
      let tag: number;
      let tagger: number;
      do {
        tag = zipfTag();
        tagger = Math.floor(random() * TAGGERS);
      } while (seen.has(tag * TAGGERS + tagger));
      seen.add(tag * TAGGERS + tagger);
      taggingSubject[n] = s;
      taggingTag[n] = tag;
      taggingTagger[n] = tagger;
      taggingTime[n] = end - Math.floor(random() * DAYS * DAY_MS);
      n++;
    }
  }
  return { subjects: names, tags, tagKeys, taggingSubject, taggingTag, taggingTagger, taggingTime };
}

/** A table's rows as column arrays, the shape both loaders take. */
export interface Rows {
  table: 'tags' | 'taggings' | 'subject_tags' | 'kind_tags' | 'tag_days';
  columns: string[];
  values: Array<Array<string | number | null>>;
}

/** Every row the generated site puts in the five tables, counts computed here from the taggings. */
export function siteRows(siteId: string, site: GeneratedSite): Rows[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const count = site.taggingTag.length;
  const taggings: Rows = { table: 'taggings', columns: ['site_id', 'subject', 'tag_key', 'principal', 'created_at'], values: [] };
  const tagUses = new Int32Array(site.tags.length);
  const tagSubjects = new Int32Array(site.tags.length);
  const tagFirst = new Float64Array(site.tags.length).fill(Infinity);
  const tagLast = new Float64Array(site.tags.length);
  const subjectTags = new Map<number, { count: number; last: number }>();
  const kindTags = new Map<string, number>();
  const tagDays = new Map<string, number>();
  const subjectTagRows: Rows = { table: 'subject_tags', columns: ['site_id', 'subject', 'tag_key', 'kind', 'count', 'updated_at'], values: [] };
  const flushSubject = (subject: number) => {
    for (const [tag, { count, last }] of [...subjectTags].sort((a, b) => (site.tagKeys[a[0]]! < site.tagKeys[b[0]]! ? -1 : 1))) {
      tagSubjects[tag]!++;
      subjectTagRows.values.push([siteId, site.subjects[subject]!, site.tagKeys[tag]!, subjectKind(site.subjects[subject]!), count, iso(last)]);
    }
    subjectTags.clear();
  };
  for (let i = 0; i < count; i++) {
    const subject = site.taggingSubject[i]!;
    if (i > 0 && subject !== site.taggingSubject[i - 1]) flushSubject(site.taggingSubject[i - 1]!);
    const tag = site.taggingTag[i]!;
    const time = site.taggingTime[i]!;
    taggings.values.push([siteId, site.subjects[subject]!, site.tagKeys[tag]!, `user:bench-${site.taggingTagger[i]}`, iso(time)]);
    tagUses[tag]!++;
    tagFirst[tag] = Math.min(tagFirst[tag]!, time);
    tagLast[tag] = Math.max(tagLast[tag]!, time);
    const pair = subjectTags.get(tag);
    if (pair) (pair.count++, (pair.last = Math.max(pair.last, time)));
    else subjectTags.set(tag, { count: 1, last: time });
    const kindKey = `${subjectKind(site.subjects[subject]!)}\n${tag}`;
    kindTags.set(kindKey, (kindTags.get(kindKey) ?? 0) + 1);
    const dayKey = `${tag}\n${Math.floor(time / DAY_MS)}`;
    tagDays.set(dayKey, (tagDays.get(dayKey) ?? 0) + 1);
  }
  if (count > 0) flushSubject(site.taggingSubject[count - 1]!);
  const tags: Rows = { table: 'tags', columns: ['site_id', 'key', 'display', 'description', 'restricted', 'uses', 'subjects', 'created_at', 'updated_at'], values: [] };
  for (let t = 0; t < site.tags.length; t++) {
    if (tagUses[t] === 0) continue; // a tag exists once someone used it
    tags.values.push([siteId, site.tagKeys[t]!, site.tags[t]!, null, 0, tagUses[t]!, tagSubjects[t]!, iso(tagFirst[t]!), iso(tagLast[t]!)]);
  }
  const split = (key: string) => key.split('\n') as [string, string];
  const kinds: Rows = { table: 'kind_tags', columns: ['site_id', 'kind', 'tag_key', 'uses'], values: [] };
  for (const [key, uses] of kindTags) {
    const [kind, tag] = split(key);
    kinds.values.push([siteId, kind, site.tagKeys[Number(tag)]!, uses]);
  }
  const days: Rows = { table: 'tag_days', columns: ['site_id', 'tag_key', 'day', 'uses'], values: [] };
  for (const [key, uses] of tagDays) {
    const [tag, day] = split(key);
    days.values.push([siteId, site.tagKeys[Number(tag)]!, Number(day), uses]);
  }
  return [tags, taggings, subjectTagRows, kinds, days];
}

/** SQLite: prepared multi-row INSERTs (200 rows a statement), 50,000 rows a transaction, on a connection of
 * its own with syncing off while it loads (the file is a cache the bench can always rebuild). The schema is
 * already there (createDb ran the migrations). */
export function loadSqlite(path: string, tables: Rows[]): void {
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = OFF');
    const ROWS_PER_STATEMENT = 200;
    const ROWS_PER_TRANSACTION = 50_000;
    for (const { table, columns, values } of tables) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const insert = (rows: number) => db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}`);
      const full = insert(ROWS_PER_STATEMENT);
      for (let start = 0; start < values.length; start += ROWS_PER_TRANSACTION) {
        db.exec('BEGIN');
        const end = Math.min(values.length, start + ROWS_PER_TRANSACTION);
        for (let at = start; at < end; at += ROWS_PER_STATEMENT) {
          const batch = values.slice(at, Math.min(end, at + ROWS_PER_STATEMENT));
          (batch.length === ROWS_PER_STATEMENT ? full : insert(batch.length)).run(...batch.flat());
        }
        db.exec('COMMIT');
      }
    }
    // No ANALYZE: the server never runs it, so its queries here get the plans a real site's would.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

const PG_TYPES: Record<string, string> = { uses: 'int', subjects: 'int', restricted: 'int', count: 'int', day: 'int' };

/** PostgreSQL: one INSERT … SELECT FROM unnest(column arrays) per 20,000 rows, each in its own transaction. */
export async function loadPostgres(db: Kysely<Database>, tables: Rows[]): Promise<void> {
  const ROWS_PER_STATEMENT = 20_000;
  for (const { table, columns, values } of tables) {
    for (let start = 0; start < values.length; start += ROWS_PER_STATEMENT) {
      const batch = values.slice(start, start + ROWS_PER_STATEMENT);
      const arrays = columns.map((column, c) => sql`${batch.map((row) => row[c])}::${sql.raw(PG_TYPES[column] ?? 'text')}[]`);
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(db);
    }
  }
  // Autovacuum analyzes a table this size soon after a load; do it now so the plans are the steady state's.
  await sql`ANALYZE`.execute(db);
}
