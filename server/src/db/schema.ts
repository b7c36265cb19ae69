// Table types for Kysely. Timestamps are ISO-8601 text, booleans are integers, JSON is text: portable
// across SQLite and PostgreSQL.
import type { ColumnType } from 'kysely';

export interface SitesTable {
  id: string;
  name: string;
  secret: string;
  /** Signs visitor tokens; separate from `secret` so rotating the host secret keeps guests' identities. */
  guest_secret: string;
  /** JSON array of origins. */
  origins: string;
  /** JSON object, see services/sites.ts Policy. */
  policy: string;
  created_at: string;
  /** Visitor tokens issued before this instant (ISO, ms) are revoked; null: none revoked wholesale. */
  guest_tokens_valid_after: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApiKeysTable {
  id: string;
  site_id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

export interface RatingVotesTable {
  site_id: string;
  subject: string;
  principal: string;
  value: number;
  updated_at: string;
  /** Guest votes: HMAC of the voter's network (services/networks.ts), never the IP; null for signed-in users. */
  guest_network: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RatingAggregatesTable {
  site_id: string;
  subject: string;
  count: ColumnType<number, number | undefined, number>;
  sum: ColumnType<number, number | undefined, number>;
  h1: ColumnType<number, number | undefined, number>;
  h2: ColumnType<number, number | undefined, number>;
  h3: ColumnType<number, number | undefined, number>;
  h4: ColumnType<number, number | undefined, number>;
  h5: ColumnType<number, number | undefined, number>;
  /** How many of `count` are guest votes. */
  guest_count: ColumnType<number, number | undefined, number>;
}

/** New guest votes per subject, network (hash) and UTC day: what the per-site cap counts. */
export interface GuestVoteQuotaTable {
  site_id: string;
  subject: string;
  network: string;
  day: string;
  count: number;
}

/** Server-wide secrets generated on first use and shared by every instance on the database. */
export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface RevokedVisitorsTable {
  site_id: string;
  sub: string;
  revoked_at: string;
}

/** Proof-of-work challenges already redeemed, kept until they expire so a solution works once. */
export interface UsedChallengesTable {
  signature: string;
  expires_at: string;
}

export interface IdempotencyKeysTable {
  site_id: string;
  principal: string;
  key: string;
  fingerprint: string;
  /** HTTP status of the stored response; 0 while the write is in flight (never visible outside its transaction). */
  status: number;
  /** JSON text of the stored response body. */
  body: string;
  created_at: string;
}

export interface Database {
  sites: SitesTable;
  api_keys: ApiKeysTable;
  rating_votes: RatingVotesTable;
  rating_aggregates: RatingAggregatesTable;
  idempotency_keys: IdempotencyKeysTable;
  guest_vote_quota: GuestVoteQuotaTable;
  server_secrets: ServerSecretsTable;
  revoked_visitors: RevokedVisitorsTable;
  used_challenges: UsedChallengesTable;
}
