// The outbox's queue: the writes still waiting (stored in IndexedDB before anything is sent) and why they
// wait, which widgets read on every render. Storing a write needs nothing else, so no write is lost even
// when the code that sends them (outbox.ts, loaded on the first write or when earlier pages left writes)
// cannot be loaded, offline: it is sent when that code arrives, on this page or the next.
import { promisifyRequest } from 'idb-keyval';
import { sitePrefix } from './config.js';
import type { KithError } from './error.js';
import { noteChange } from './freshness.js';
import { store } from './idb.js';

/** A write waiting to be sent. */
export interface OutboxEntry {
  /** Also its Idempotency-Key (128 random bits, hex). */
  key: string;
  /** Place in the queue, and the IndexedDB key. */
  order: number;
  /** Site prefix it was made for (api + /v1/sites/:site/). */
  prefix: string;
  method: 'PUT' | 'DELETE' | 'POST' | 'PATCH';
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
  /** The entry on the wire: it cannot be replaced any more. */
  sending: undefined as OutboxEntry | undefined,
};

export const emitOutboxChange = (change?: OutboxChange): boolean => outbox.dispatchEvent(new CustomEvent('change', { detail: change }));

/** Whether an entry's resource has a later write waiting. */
export const superseded = (entry: OutboxEntry): boolean =>
  outboxState.queue.some((other) => other.order > entry.order && other.prefix == entry.prefix && other.path == entry.path);

/** Queue changes that touch IndexedDB run one after another, so a read never misses a write. */
let changes: Promise<unknown> = Promise.resolve();
export const inTurn = <T>(change: () => Promise<T>): Promise<T> => {
  const result = changes.then(change);
  changes = result.catch(() => {});
  return result;
};

/** One IndexedDB transaction: puts `put` (if any) and deletes `remove`. */
export const storeEntries = (put: OutboxEntry | undefined, remove: OutboxEntry[]): Promise<void> =>
  outboxStore('readwrite', (objects) => {
    if (put) objects.put(put, put.order);
    for (const entry of remove) objects.delete(entry.order);
    return promisifyRequest(objects.transaction);
  });

let sequence = 0;

/** 128 random bits as hex. Not crypto.randomUUID: it exists only in secure contexts, and intranet CRMs still
 * serve pages over plain http from names other than localhost. */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Stores a write in IndexedDB, replacing a PUT or DELETE of the same resource that is still waiting (in
 * the same transaction; never the one on the wire), and queues it. */
export const enqueue = async (method: OutboxEntry['method'], path: string, body?: unknown): Promise<OutboxEntry> => {
  const entry: OutboxEntry = { key: newKey(), order: Date.now() * 1e3 + (sequence++ % 1e3), prefix: sitePrefix(), method, path, body };
  noteChange(entry.prefix);
  await inTurn(async () => {
    const replaced =
      method == 'POST'
        ? []
        : outboxState.queue.filter((other) => other != outboxState.sending && other.method != 'POST' && other.prefix == entry.prefix && other.path == path);
    await storeEntries(entry, replaced);
    outboxState.queue = [...outboxState.queue.filter((other) => !replaced.includes(other)), entry];
  });
  emitOutboxChange();
  return entry;
};
