// What widgets read of the outbox on every render: the writes still waiting and why. The code that stores
// and sends them (outbox.ts) is loaded only on a page that writes, or that finds writes an earlier page
// left (writes.ts), so read-only pages do not download it.
import type { KithError } from './error.js';
import { store } from './idb.js';

/** A write waiting to be sent. */
export interface OutboxEntry {
  /** Also its Idempotency-Key (crypto.randomUUID). */
  key: string;
  /** Place in the queue, and the IndexedDB key. */
  order: number;
  /** Site prefix it was made for (api + /v1/sites/:site/). */
  prefix: string;
  method: 'PUT' | 'DELETE' | 'POST';
  /** Path below the prefix, with query: the resource. A later PUT or DELETE of the same resource replaces
   * one still waiting (only the last value is sent). */
  path: string;
  body?: unknown;
}

/** `change` events: `{ entry, response }` when the server applied an entry (no response when another tab
 * sent it), `{ entry, refusal }` when the server refused it and it was dropped; no detail on other changes
 * (an entry queued, replaced, or waiting for a new reason). */
export interface OutboxChange {
  entry: OutboxEntry;
  response?: unknown;
  refusal?: KithError;
}

export const outboxStore = store('outbox');
export const outbox = new EventTarget();

export const outboxState = {
  /** Entries not yet applied, oldest first (mirror of IndexedDB, this site only). */
  queue: [] as OutboxEntry[],
  /** Why entries are waiting after a failed attempt: `offline` (no response at all: resent on `online`),
   * or `retrying` (the server answered 5xx/429/408: resent on the backoff timer); '' while nothing failed. */
  waitReason: '' as '' | 'offline' | 'retrying',
};

export const emitOutboxChange = (change?: OutboxChange): boolean => outbox.dispatchEvent(new CustomEvent('change', { detail: change }));

/** Whether an entry's resource has a later write waiting. */
export const superseded = (entry: OutboxEntry): boolean =>
  outboxState.queue.some((other) => other.order > entry.order && other.prefix == entry.prefix && other.path == entry.path);
