import { entries, promisifyRequest, setMany } from 'idb-keyval';
import { call } from './api.js';
import { registry } from './config.js';
import type { KithError } from './error.js';
import { base } from './http.js';
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

/** How Kith 0.1.0 stored entries (one-letter fields, to save bytes). */
interface StoredByKith010 {
  k: string;
  o: number;
  u: string;
  m: OutboxEntry['method'];
  p: string;
  j?: unknown;
}

/** `change` events: `{ entry, response }` when the server applied an entry (no response when another tab
 * sent it), `{ entry, refusal }` when the server refused it and it was dropped; no detail on other changes
 * (an entry queued, replaced, or waiting for a new reason). */
export interface OutboxChange {
  entry: OutboxEntry;
  response?: unknown;
  refusal?: KithError;
}

/** Writes wait this long before they are sent, so that fast repeated votes send only the last one. */
export const SETTLE_MS = 300;

const outboxStore = store('outbox');
export const outbox = new EventTarget();
/** Entries not yet applied, oldest first (mirror of IndexedDB, this site only). */
export let queue: OutboxEntry[] = [];
/** Why entries are waiting after a failed attempt: `offline` (no response at all: resent on `online`), or
 * `retrying` (the server answered 5xx/429/408: resent on the backoff timer); '' while nothing failed. */
export let waitReason: '' | 'offline' | 'retrying' = '';

const emit = (change?: OutboxChange) => outbox.dispatchEvent(new CustomEvent('change', { detail: change }));
let sequence = 0;
/** Flushes asked for: 0 idle, 1 running, more: run again when done. */
let flushes = 0;
let backoffMs = 2e3;
let timer: ReturnType<typeof setTimeout> | undefined;
let started: Promise<void> | undefined;
/** The entry being sent: it cannot be replaced any more. */
let sending: OutboxEntry | undefined;
/** Queue changes that touch IndexedDB run one after another, so a read never misses a write. */
let changes: Promise<unknown> = Promise.resolve();
const inTurn = <T>(change: () => Promise<T>): Promise<T> => {
  const result = changes.then(change);
  changes = result.catch(() => {});
  return result;
};

/** Whether an entry's resource has a later write waiting. */
export const superseded = (entry: OutboxEntry): boolean =>
  queue.some((other) => other.order > entry.order && other.prefix == entry.prefix && other.path == entry.path);

const migrate = (stored: OutboxEntry | StoredByKith010): OutboxEntry =>
  'k' in stored ? { key: stored.k, order: stored.o, prefix: stored.u, method: stored.m, path: stored.p, body: stored.j } : stored;

/** One IndexedDB transaction: puts `put` (if any) and deletes `remove`. */
const write = (put: OutboxEntry | undefined, remove: OutboxEntry[]) =>
  outboxStore('readwrite', (objects) => {
    if (put) objects.put(put, put.order);
    for (const entry of remove) objects.delete(entry.order);
    return promisifyRequest(objects.transaction);
  });

const read = () => inTurn(async () => {
  const before = queue;
  const stored = (await entries<number, OutboxEntry | StoredByKith010>(outboxStore)).map(([, entry]) => entry);
  const old = stored.filter((entry) => 'k' in entry);
  // Entries an older version left: rewrite them with readable fields (same IndexedDB keys).
  if (old.length) await setMany(old.map((entry) => [entry.o, migrate(entry)]), outboxStore);
  queue = stored.map(migrate).filter((entry) => entry.prefix == base());
  // Entries another tab sent: tell widgets to reload.
  for (const entry of before) if (!queue.some((other) => other.key == entry.key)) emit({ entry });
  emit();
});

const run = async () => {
  await read();
  for (let entry; (entry = queue[0]); ) {
    sending = entry;
    try {
      const response = await call(entry.method, entry.path, { prefix: entry.prefix, json: entry.body, idempotencyKey: entry.key, write: true });
      await write(undefined, [entry]);
      queue.shift();
      backoffMs = 2e3;
      waitReason = '';
      emit({ entry, response });
    } catch (error) {
      const status = (error as KithError).status;
      if (!status || status >= 500 || status == 429 || status == 408) {
        waitReason = status ? 'retrying' : 'offline';
        emit();
        timer = setTimeout(flush, (backoffMs = Math.min(backoffMs * 2, 6e4)));
        return;
      }
      await write(undefined, [entry]);
      queue.shift();
      emit({ entry, refusal: error as KithError });
    } finally {
      sending = undefined;
    }
  }
};

/** Sends pending entries in order, one flush at a time (per tab via a counter, across tabs via a Web Lock
 * per api+site, so a slow server of one site does not hold up writes to another). */
export const flush = async (): Promise<void> => {
  if (!base() || flushes++) return;
  clearTimeout(timer);
  try {
    do {
      flushes = 1;
      await (navigator.locks ? navigator.locks.request('kith-outbox ' + base(), run) : run());
    } while (flushes > 1);
  } finally {
    flushes = 0;
  }
};

/** Starts the outbox once: loads what a previous page left and sends it; resends on `online`/config change. */
export const start = (): Promise<void> =>
  (started ??= (addEventListener('online', flush), registry().addEventListener('change', flush), flush()));

/** Stores a write in IndexedDB first (replacing a PUT or DELETE of the same resource that is still
 * waiting, in the same transaction), then sends it after SETTLE_MS. Resolves once it is stored. */
export const enqueue = async (method: OutboxEntry['method'], path: string, body?: unknown): Promise<OutboxEntry> => {
  const entry: OutboxEntry = { key: crypto.randomUUID(), order: Date.now() * 1e3 + (sequence++ % 1e3), prefix: base(), method, path, body };
  await inTurn(async () => {
    const replaced =
      method == 'POST' ? [] : queue.filter((other) => other != sending && other.method != 'POST' && other.prefix == entry.prefix && other.path == path);
    await write(entry, replaced);
    queue = [...queue.filter((other) => !replaced.includes(other)), entry];
  });
  emit();
  clearTimeout(timer);
  timer = setTimeout(flush, SETTLE_MS);
  return entry;
};
