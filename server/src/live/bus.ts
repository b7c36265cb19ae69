// The live event bus: what the SSE stream (/v1/sites/:site/live) sends. Every event is written to the
// live_events table first, so its id orders it across instances and a reconnect resumes from Last-Event-ID.
// Writers publish after their transaction commits; listeners on this instance hear it at once.
// (Skeleton: routes/v1/sites/live.ts and the PostgreSQL LISTEN/NOTIFY fan-out build on this interface.)

import type { LiveDataType } from '../../../src/core/live-protocol.ts';

/** What an event says happened (the page's live chunk listens for the same names: src/core/live-protocol.ts). */
export type LiveEventType = LiveDataType;

/** The event types that are activity (activity feeds list them): each also sends an `activity` event to ACTIVITY_SUBJECT. */
export const ACTIVITY_TYPES: ReadonlySet<LiveEventType> = new Set(['comment', 'rating', 'tags']);

export interface LiveEvent {
  id: number;
  siteId: string;
  subject: string;
  type: LiveEventType;
  /** Already public data (never a pending comment, never an identity). */
  data: unknown;
  createdAt: string;
}

export interface LiveBus {
  /** Records the event and tells every listener on every instance. Never throws to the caller's write: a
   * failed publish is logged, the write stands. */
  publish(siteId: string, subject: string, type: LiveEventType, data: unknown): Promise<void>;
  /** Calls `listener` for every event published from now on (any instance); returns the unsubscribe. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** The stream position a read made from now on reflects: every event up to it was published after its write
   * committed, so data read after this call includes it. A read's answer carries it (lib/live-position.ts),
   * and a page's first stream resumes from it, so nothing published in between is missed. It may lag the newest
   * event (another instance's, not heard yet): a resume from it then replays a little more, never less. */
  position(): Promise<number>;
  /** Events of these subjects after `afterId`, oldest first; 'too-old' when `afterId` is before the retention window. */
  since(siteId: string, subjects: readonly string[], afterId: number): Promise<LiveEvent[] | 'too-old'>;
  close(): Promise<void>;
}
