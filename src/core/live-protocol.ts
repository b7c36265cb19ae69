// The live stream's vocabulary, written once for both ends: the server sends it (server/src/routes/v1/sites/live.ts,
// server/src/lib/live-position.ts) and the page's live chunk listens for it (core/live.ts). Constants only: the
// minifier inlines what the live chunk uses.

/** The events that carry a subject's new state (or an activity item): the server records and replays them. */
export const LIVE_DATA_TYPES = ['comment', 'comment-vote', 'comment-count', 'rating', 'tags', 'activity'] as const;
export type LiveDataType = (typeof LIVE_DATA_TYPES)[number];

/** Every event a stream sends: the data events, `reset` (too far behind to replay: read everything again) and
 * `position` (how far the stream is, for the page's next stream; it goes to no widget). */
export const LIVE_TYPES = [...LIVE_DATA_TYPES, 'reset', 'position'] as const;
export type LiveType = (typeof LIVE_TYPES)[number];

/** The Server-Timing metric in which a read's answer says which live events its data already has
 * (`kith-live;desc=<id>`). */
export const LIVE_POSITION_METRIC = 'kith-live';
