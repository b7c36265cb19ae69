// Moderation of guest votes: list and purge every guest vote cast from one network (the keyed hash guest
// votes store) or by one visitor. A purge retracts each vote the way the voter would (services/ratings.ts
// setVote), so the aggregates change in the same transaction as the vote rows.
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { getSummary, setVote, type Summary } from './ratings.ts';

/** Which guest votes: those of one network hash, or of one visitor sub. */
export type GuestVoteFilter = { network: string } | { visitor: string };

export interface GuestVoteRow {
  subject: string;
  visitor: string;
  value: number;
  network: string | null;
  updatedAt: string;
}

export const GUEST_VOTES_LIST_MAX = 1000;

function matching(db: Kysely<Database> | Transaction<Database>, siteId: string, filter: GuestVoteFilter) {
  const query = db.selectFrom('rating_votes').where('site_id', '=', siteId).where('principal', 'like', 'guest:%');
  return 'network' in filter ? query.where('guest_network', '=', filter.network) : query.where('principal', '=', filter.visitor);
}

export async function listGuestVotes(db: Kysely<Database>, siteId: string, filter: GuestVoteFilter, limit = 100): Promise<{ total: number; items: GuestVoteRow[] }> {
  const [rows, total] = await Promise.all([
    matching(db, siteId, filter)
      .select(['subject', 'principal', 'value', 'guest_network', 'updated_at'])
      .orderBy('updated_at', 'desc')
      .orderBy('subject')
      .limit(Math.min(limit, GUEST_VOTES_LIST_MAX))
      .execute(),
    matching(db, siteId, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((row) => ({ subject: row.subject, visitor: row.principal, value: Number(row.value), network: row.guest_network, updatedAt: row.updated_at })),
  };
}

/** Retracts every matching guest vote inside `trx`; returns how many, and the new summary of each subject. */
export async function purgeGuestVotes(trx: Transaction<Database>, dialect: Dialect, siteId: string, filter: GuestVoteFilter): Promise<{ purged: number; summaries: Summary[] }> {
  // In subject order, so two purges lock aggregate rows in the same order.
  const rows = await matching(trx, siteId, filter).select(['subject', 'principal']).orderBy('subject').orderBy('principal').execute();
  const subjects = new Set<string>();
  for (const row of rows) {
    await setVote(trx, dialect, siteId, row.subject, row.principal, null);
    subjects.add(row.subject);
  }
  const summaries: Summary[] = [];
  for (const subject of subjects) summaries.push(await getSummary(trx, siteId, subject));
  return { purged: rows.length, summaries };
}
