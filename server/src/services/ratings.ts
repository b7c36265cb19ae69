// Ratings: one vote per principal and subject, with per-subject aggregates kept exact on every write.
// The vote and the aggregate change in the caller's transaction. On PostgreSQL the aggregate row is
// locked first (SELECT … FOR UPDATE), which serializes writers of one subject; the deltas are applied
// as atomic increments. SQLite serializes all writes anyway.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dialect, Store } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../errors.ts';

export interface Summary {
  subject: string;
  average: number;
  count: number;
  histogram: [number, number, number, number, number];
}

export interface MineResult {
  subject: string;
  value: number | null;
}

export interface WriteResult extends MineResult {
  summary: Summary;
}

type Db = Kysely<Database> | Transaction<Database>;
const BUCKETS = ['h1', 'h2', 'h3', 'h4', 'h5'] as const;

const summaryQuery = (db: Db, siteId: string, subject: string) =>
  db
    .selectFrom('rating_aggregates')
    .select(['count', 'sum', 'h1', 'h2', 'h3', 'h4', 'h5'])
    .where('site_id', '=', siteId)
    .where('subject', '=', subject);

type AggregateRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirst']>>;

/** The summary as seen inside `db` (a transaction sees its own writes). */
export async function getSummary(db: Db, siteId: string, subject: string): Promise<Summary> {
  return toSummary(subject, await summaryQuery(db, siteId, subject).executeTakeFirst());
}

/** The public summary of committed data, for the hot GET: on SQLite straight from the store's read-only
 * connection (the same SQL, compiled by Kysely), elsewhere through Kysely. */
export async function readSummary(store: Store, siteId: string, subject: string): Promise<Summary> {
  if (!store.read) return getSummary(store.db, siteId, subject);
  const { sql: text, parameters } = summaryQuery(store.db, siteId, subject).compile();
  return toSummary(subject, store.read(text, parameters)[0] as AggregateRow);
}

/** `column in (…subjects)` with the whole list in ONE bound parameter, so the SQL text does not change with
 * the number of subjects: one prepared statement (SQLite's statement cache, PostgreSQL's plan) serves every
 * batch size, instead of up to RATINGS_BATCH_MAX_SUBJECTS variants crowding out the others. */
function subjectIn(dialect: Dialect, column: 'rating_aggregates.subject' | 'rating_votes.subject', subjects: readonly string[]) {
  return dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} = any(${[...subjects]}::text[])`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(subjects)}))`;
}

const summariesQuery = (db: Db, dialect: Dialect, siteId: string, subjects: readonly string[]) =>
  db
    .selectFrom('rating_aggregates')
    .select(['subject', 'count', 'sum', 'h1', 'h2', 'h3', 'h4', 'h5'])
    .where('site_id', '=', siteId)
    .where(subjectIn(dialect, 'rating_aggregates.subject', subjects));

type AggregateRowWithSubject = Awaited<ReturnType<ReturnType<typeof summariesQuery>['execute']>>[number];

/** The public summaries of several subjects in one query (the batch GET), in the order given; subjects
 * without votes get the zero summary. Like readSummary, on SQLite through the read-only connection. */
export async function readSummaries(store: Store, siteId: string, subjects: readonly string[]): Promise<Summary[]> {
  if (subjects.length === 0) return [];
  const query = summariesQuery(store.db, store.dialect, siteId, subjects);
  let rows: AggregateRowWithSubject[];
  if (store.read) {
    const { sql: text, parameters } = query.compile();
    rows = store.read(text, parameters) as AggregateRowWithSubject[];
  } else {
    rows = await query.execute();
  }
  const bySubject = new Map(rows.map((row) => [row.subject, row]));
  return subjects.map((subject) => toSummary(subject, bySubject.get(subject)));
}

function toSummary(subject: string, row: AggregateRow): Summary {
  if (!row || Number(row.count) === 0) return { subject, average: 0, count: 0, histogram: [0, 0, 0, 0, 0] };
  const count = Number(row.count);
  return {
    subject,
    count,
    average: Math.round((Number(row.sum) / count) * 100) / 100,
    histogram: [Number(row.h1), Number(row.h2), Number(row.h3), Number(row.h4), Number(row.h5)],
  };
}

export async function getMine(db: Db, siteId: string, subject: string, principal: string): Promise<MineResult> {
  const row = await db
    .selectFrom('rating_votes')
    .select('value')
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .where('principal', '=', principal)
    .executeTakeFirst();
  return { subject, value: row ? Number(row.value) : null };
}

/** The principal's votes on several subjects in one query, in the order given (null where none). */
export async function getMines(store: Store, siteId: string, subjects: readonly string[], principal: string): Promise<MineResult[]> {
  if (subjects.length === 0) return [];
  const rows = await store.db
    .selectFrom('rating_votes')
    .select(['subject', 'value'])
    .where('site_id', '=', siteId)
    .where('principal', '=', principal)
    .where(subjectIn(store.dialect, 'rating_votes.subject', subjects))
    .execute();
  const bySubject = new Map(rows.map((row) => [row.subject, Number(row.value)]));
  return subjects.map((subject) => ({ subject, value: bySubject.get(subject) ?? null }));
}

/** Creates the aggregate row if needed and, on PostgreSQL, locks it for the rest of the transaction. */
async function lockAggregate(trx: Transaction<Database>, dialect: Dialect, siteId: string, subject: string): Promise<void> {
  await trx
    .insertInto('rating_aggregates')
    .values({ site_id: siteId, subject })
    .onConflict((oc) => oc.columns(['site_id', 'subject']).doNothing())
    .execute();
  if (dialect === 'postgres') {
    await trx
      .selectFrom('rating_aggregates')
      .select('count')
      .where('site_id', '=', siteId)
      .where('subject', '=', subject)
      .forUpdate()
      .execute();
  }
}

export const isGuestPrincipal = (principal: string) => principal.startsWith('guest:');

async function applyDelta(
  trx: Transaction<Database>,
  siteId: string,
  subject: string,
  principal: string,
  oldValue: number | null,
  newValue: number | null,
) {
  const countDelta = (newValue === null ? 0 : 1) - (oldValue === null ? 0 : 1);
  const sumDelta = (newValue ?? 0) - (oldValue ?? 0);
  const set: Record<string, unknown> = {
    count: sql`count + ${countDelta}`,
    sum: sql`sum + ${sumDelta}`,
  };
  if (countDelta !== 0 && isGuestPrincipal(principal)) set.guest_count = sql`guest_count + ${countDelta}`;
  if (oldValue !== null) set[BUCKETS[oldValue - 1]!] = sql.raw(`${BUCKETS[oldValue - 1]} - 1`);
  if (newValue !== null) set[BUCKETS[newValue - 1]!] = sql.raw(`${BUCKETS[newValue - 1]} + 1`);
  await trx
    .updateTable('rating_aggregates')
    .set(set as never)
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .execute();
}

/** Sets the subject's aggregate row to a recount of its vote rows, under the same lock writers take. For bulk
 * loads that write vote rows directly (the demo seed); ordinary writes keep it exact with deltas. */
export async function recountAggregate(trx: Transaction<Database>, dialect: Dialect, siteId: string, subject: string): Promise<void> {
  await lockAggregate(trx, dialect, siteId, subject);
  const bucket = (stars: number) => sql<number>`coalesce(sum(case when value = ${stars} then 1 else 0 end), 0)`;
  const totals = await trx
    .selectFrom('rating_votes')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      sql<number>`coalesce(sum(value), 0)`.as('sum'),
      bucket(1).as('h1'),
      bucket(2).as('h2'),
      bucket(3).as('h3'),
      bucket(4).as('h4'),
      bucket(5).as('h5'),
      sql<number>`coalesce(sum(case when principal like 'guest:%' then 1 else 0 end), 0)`.as('guest_count'),
    ])
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .executeTakeFirstOrThrow();
  const n = (value: unknown) => Number(value); // PostgreSQL returns bigint sums as strings
  await trx
    .updateTable('rating_aggregates')
    .set({ count: n(totals.count), sum: n(totals.sum), h1: n(totals.h1), h2: n(totals.h2), h3: n(totals.h3), h4: n(totals.h4), h5: n(totals.h5), guest_count: n(totals.guest_count) })
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .execute();
}

/** A guest's vote: the keyed hash of its network (null when the address is not an IP) and the site's cap. */
export interface GuestVote {
  network: string | null;
  /** New votes per subject, network and UTC day; 0: no cap. */
  capPerDay: number;
}

export const guestVoteLimit = (cap: number) =>
  new HttpError(403, 'guest_vote_limit', `guests on this network have cast ${cap} votes on this subject today, the most this site allows; sign in to vote`);

/** When this instance last dropped the counts of earlier days (each instance does it at most hourly). */
let quotaSweptAt = 0;
const QUOTA_SWEEP_MS = 3_600_000;

/** Makes the next capped guest vote drop earlier days' counts, whenever this instance last did (tests). */
export const sweepGuestQuotaOnNextVote = (): void => void (quotaSweptAt = 0);

/** Counts a new guest vote against the cap (the aggregate lock is held, so concurrent votes count in turn).
 * The cap is per UTC day, so earlier days' counts are dropped, at most once an hour per instance, in the
 * transaction of the vote that notices (like used challenges and idempotency keys). */
async function takeGuestQuota(trx: Transaction<Database>, siteId: string, subject: string, guest: GuestVote, now: Date): Promise<void> {
  if (guest.network === null || guest.capPerDay === 0) return;
  const day = now.toISOString().slice(0, 10);
  if (now.getTime() - quotaSweptAt >= QUOTA_SWEEP_MS) {
    quotaSweptAt = now.getTime();
    await trx.deleteFrom('guest_vote_quota').where('day', '<', day).execute();
  }
  const key = { site_id: siteId, subject, network: guest.network, day };
  const row = await trx
    .selectFrom('guest_vote_quota')
    .select('count')
    .where('site_id', '=', siteId)
    .where('subject', '=', subject)
    .where('network', '=', guest.network)
    .where('day', '=', day)
    .executeTakeFirst();
  if (row && Number(row.count) >= guest.capPerDay) throw guestVoteLimit(guest.capPerDay);
  await trx
    .insertInto('guest_vote_quota')
    .values({ ...key, count: 1 })
    .onConflict((oc) => oc.columns(['site_id', 'subject', 'network', 'day']).doUpdateSet({ count: sql`guest_vote_quota.count + 1` }))
    .execute();
}

/** Sets (or with value null, retracts) a principal's vote inside `trx`. A guest's vote (`guest`) stores its
 * network hash, and a new one counts against the site's cap (403 guest_vote_limit beyond it); changing or
 * retracting a vote is never capped. */
export async function setVote(
  trx: Transaction<Database>,
  dialect: Dialect,
  siteId: string,
  subject: string,
  principal: string,
  value: number | null,
  guest?: GuestVote,
): Promise<WriteResult> {
  // Retracting a vote that does not exist writes nothing, not even the aggregate row: otherwise every DELETE
  // of a new subject would store a row. Racing a PUT of the same principal, this reads as "DELETE first".
  if (value === null && (await getMine(trx, siteId, subject, principal)).value === null) {
    return { subject, value, summary: await getSummary(trx, siteId, subject) };
  }
  await lockAggregate(trx, dialect, siteId, subject);
  const old = (await getMine(trx, siteId, subject, principal)).value;
  if (old === null && value !== null && guest) await takeGuestQuota(trx, siteId, subject, guest, new Date());
  if (old !== value) {
    if (value === null) {
      await trx
        .deleteFrom('rating_votes')
        .where('site_id', '=', siteId)
        .where('subject', '=', subject)
        .where('principal', '=', principal)
        .execute();
    } else {
      const now = new Date().toISOString();
      const network = guest ? { guest_network: guest.network } : {};
      await trx
        .insertInto('rating_votes')
        .values({ site_id: siteId, subject, principal, value, updated_at: now, ...network })
        .onConflict((oc) => oc.columns(['site_id', 'subject', 'principal']).doUpdateSet({ value, updated_at: now, ...network }))
        .execute();
    }
    await applyDelta(trx, siteId, subject, principal, old, value);
  }
  return { subject, value, summary: await getSummary(trx, siteId, subject) };
}
