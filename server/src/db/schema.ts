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
}
