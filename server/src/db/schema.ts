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

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** Comments and replies (issue 8). The body is the author's Markdown; `tree` the allow-listed tree (JSON) made
 * from it, null once deleted (a tombstone keeps the thread's shape). */
export interface CommentsTable {
  id: string;
  site_id: string;
  subject: string;
  /** The top-level comment of the thread (its own id for a top-level comment). */
  root_id: string;
  /** The comment this one is shown under; null at the top. */
  parent_id: Nullable<string>;
  /** When the comment answered one deeper than the display depth: the one it answered, and its author's name. */
  reply_to_id: Nullable<string>;
  reply_to_name: Nullable<string>;
  /** 0 at the top, at most the display depth. */
  depth: Defaulted<number>;
  /** The principal id (`user:…`, `guest:…`). */
  author: string;
  author_kind: 'user' | 'guest';
  author_name: string;
  author_avatar: Nullable<string>;
  /** The token's `verified` claim: '1' for true, or the site's own wording. */
  author_verified: Nullable<string>;
  author_moderator: Defaulted<number>;
  /** Guests: HMAC of their network (services/networks.ts), for the flood limit and moderation; never the IP. */
  guest_network: Nullable<string>;
  body: string;
  /** sha256 of the normalised body: the duplicate check. */
  body_hash: string;
  tree: Nullable<string>;
  status: 'pending' | 'approved' | 'rejected' | 'spam';
  /** 1 when a moderator blocked the author and hid their past comments. */
  hidden: Defaulted<number>;
  up: Defaulted<number>;
  down: Defaulted<number>;
  /** Lower confidence bound of the helpful share (Wilson, 95 %), times 1e6: the "top" order. */
  rank: Defaulted<number>;
  /** Visible replies in the thread (top-level comments only). */
  reply_count: Defaulted<number>;
  created_at: string;
  edited_at: Nullable<string>;
  deleted_at: Nullable<string>;
}

/** Earlier bodies of edited comments, 1, 2, … in order. */
export interface CommentRevisionsTable {
  comment_id: string;
  revision: number;
  body: string;
  created_at: string;
}

export interface CommentVotesTable {
  comment_id: string;
  principal: string;
  value: -1 | 1;
  updated_at: string;
}

/** Visible comments per subject (approved, not deleted, not hidden), kept exact on write: the O(1) count read. */
export interface CommentCountsTable {
  site_id: string;
  subject: string;
  count: Defaulted<number>;
}

export interface BlockedAuthorsTable {
  site_id: string;
  author: string;
  author_name: Nullable<string>;
  hide_past: Defaulted<number>;
  reason: Nullable<string>;
  /** Who blocked: an API key id or a moderator's principal id. */
  blocked_by: string;
  blocked_at: string;
}

/** Every moderation action, kept: who did what to which comment or author, and why. */
export interface ModerationLogTable {
  id: string;
  site_id: string;
  actor: string;
  action: string;
  comment_id: Nullable<string>;
  author: Nullable<string>;
  from_status: Nullable<string>;
  to_status: Nullable<string>;
  reason: Nullable<string>;
  created_at: string;
}

/** Events of the live stream, kept for the retention window so a reconnect (Last-Event-ID) misses nothing. */
export interface LiveEventsTable {
  id: ColumnType<number, never, never>;
  site_id: string;
  subject: string;
  type: string;
  /** JSON text. */
  data: string;
  created_at: string;
}

/** A site's tags (issue 9), by key (the case-folded form); `display` is how it is shown. `uses` counts its
 * taggings and `subjects` the subjects carrying it, both kept exact on write. */
export interface TagsTable {
  site_id: string;
  key: string;
  display: string;
  description: Nullable<string>;
  restricted: Defaulted<number>;
  uses: Defaulted<number>;
  subjects: Defaulted<number>;
  created_at: string;
  updated_at: string;
}

/** One person's tag on one subject. */
export interface TaggingsTable {
  site_id: string;
  subject: string;
  tag_key: string;
  principal: string;
  created_at: string;
}

/** How many people put a tag on a subject (kept on write). `kind` is the subject up to and including its
 * first `/` (`''` without one): the scope a cloud can be narrowed to. */
export interface SubjectTagsTable {
  site_id: string;
  subject: string;
  tag_key: string;
  kind: string;
  count: Defaulted<number>;
  updated_at: string;
}

/** A tag's uses within one subject kind (kept on write): the scoped cloud. */
export interface KindTagsTable {
  site_id: string;
  kind: string;
  tag_key: string;
  uses: Defaulted<number>;
}

/** A tag's new uses per UTC day (days since 1970-01-01), kept on write: trending. */
export interface TagDaysTable {
  site_id: string;
  tag_key: string;
  day: number;
  uses: Defaulted<number>;
}

/** A new use of `from_key` becomes `to_key` (reversible). */
export interface TagSynonymsTable {
  site_id: string;
  from_key: string;
  to_key: string;
  created_at: string;
}

/** Every stewardship action (rename, merge, synonyms, delete, restrict, describe): who, what, when. */
export interface TagLogTable {
  id: string;
  site_id: string;
  actor: string;
  action: string;
  /** JSON text. */
  detail: string;
  created_at: string;
}

/** A subject's ID card (issue 10): its profile as JSON text (services/cards.ts's CardProfile), and its kind
 * (subject up to and including its first `/`), which picks the compact layout. */
export interface CardsTable {
  site_id: string;
  subject: string;
  kind: string;
  /** JSON text. */
  profile: string;
  updated_at: string;
}

/** Which card fields a kind of subject shows, in order (the first is the card's title). */
export interface CardLayoutsTable {
  site_id: string;
  kind: string;
  /** JSON text: an array of field names. */
  fields: string;
  updated_at: string;
}

/** The feed proxy's last good copy of a feed (issue 11), by normalized URL. */
export interface FeedCacheTable {
  url: string;
  /** JSON text: the FeedDocument. */
  document: string;
  etag: string | null;
  last_modified: string | null;
  /** When this copy was fetched (ISO 8601). */
  fetched_at: string;
  /** When the upstream was last asked, with or without a new copy (ISO 8601). */
  checked_at: string;
}

/** A site's feeds, imported from OPML (issue 11). */
export interface SiteFeedsTable {
  site_id: string;
  url: string;
  title: string;
  added_at: string;
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
  comments: CommentsTable;
  comment_revisions: CommentRevisionsTable;
  comment_votes: CommentVotesTable;
  comment_counts: CommentCountsTable;
  blocked_authors: BlockedAuthorsTable;
  moderation_log: ModerationLogTable;
  live_events: LiveEventsTable;
  tags: TagsTable;
  taggings: TaggingsTable;
  subject_tags: SubjectTagsTable;
  kind_tags: KindTagsTable;
  tag_days: TagDaysTable;
  tag_synonyms: TagSynonymsTable;
  tag_log: TagLogTable;
  cards: CardsTable;
  card_layouts: CardLayoutsTable;
  feed_cache: FeedCacheTable;
  site_feeds: SiteFeedsTable;
}
