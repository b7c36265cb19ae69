// Sends the outbox's writes (outbox-queue.ts stores them): in order, one flush at a time, retried with
// backoff, on `online` and on the next page. Loaded on the first write, or when earlier pages left writes.
import { entries, setMany } from 'idb-keyval';
import { call } from './api.js';
import { registry } from './config.js';
import type { KithError } from './error.js';
import { sitePrefix } from './config.js';
import { createVisitor } from './visitors.js';
import { enqueue as store, emitOutboxChange as emit, inTurn, outboxState, outboxStore, storeEntries, type OutboxEntry } from './outbox-queue.js';

/** How Kith 0.1.0 stored entries (one-letter fields, to save bytes). */
interface StoredByKith010 {
  k: string;
  o: number;
  u: string;
  m: OutboxEntry['method'];
  p: string;
  j?: unknown;
}

/** Writes wait this long before they are sent, so that fast repeated votes send only the last one. */
export const SETTLE_MS = 300;

let backoffMs = 2e3;
let timer: ReturnType<typeof setTimeout> | undefined;
let started: Promise<void> | undefined;

const migrate = (stored: OutboxEntry | StoredByKith010): OutboxEntry =>
  'k' in stored ? { key: stored.k, order: stored.o, prefix: stored.u, method: stored.m, path: stored.p, body: stored.j } : stored;


const read = () => inTurn(async () => {
  const before = outboxState.queue;
  const stored = (await entries<number, OutboxEntry | StoredByKith010>(outboxStore)).map(([, entry]) => entry);
  const old = stored.filter((entry) => 'k' in entry);
  // Entries an older version left: rewrite them with readable fields (same IndexedDB keys).
  if (old.length) await setMany(old.map((entry) => [entry.o, migrate(entry)]), outboxStore);
  outboxState.queue = stored.map(migrate).filter((entry) => entry.prefix == sitePrefix());
  // Entries another tab sent: tell widgets to reload.
  for (const entry of before) if (!outboxState.queue.some((other) => other.key == entry.key)) emit({ entry });
  emit();
});

const run = async () => {
  await read();
  for (let entry; (entry = outboxState.queue[0]); ) {
    outboxState.sending = entry;
    try {
      const response = await call(entry.method, entry.path, { prefix: entry.prefix, json: entry.body, idempotencyKey: entry.key, createVisitor });
      await storeEntries(undefined, [entry]);
      outboxState.queue.shift();
      backoffMs = 2e3;
      outboxState.waitReason = '';
      emit({ entry, response });
    } catch (error) {
      const status = (error as KithError).status;
      // A 429 that is about the author, not the server (comment_flood: too many comments this hour) is a
      // refusal: the widget gives the text back, and the queue does not wait an hour behind it.
      if (!status || status >= 500 || (status == 429 && (error as KithError).code != 'comment_flood') || status == 408) {
        outboxState.waitReason = status ? 'retrying' : 'offline';
        emit();
        timer = setTimeout(flush, (backoffMs = Math.min(backoffMs * 2, 6e4)));
        return;
      }
      await storeEntries(undefined, [entry]);
      outboxState.queue.shift();
      emit({ entry, refusal: error as KithError });
    } finally {
      outboxState.sending = undefined;
    }
  }
};

/** The flush under way, if any; `again`: asked for once more while it ran. */
let flushing: Promise<void> | undefined;
let again = false;

/** Sends pending entries in order, one flush at a time (per tab; across tabs a Web Lock per api+site, so a
 * slow server of one site does not hold up writes to another). Resolves when the flush under way is done. */
export const flush = (): Promise<void> => {
  if (!sitePrefix()) return Promise.resolve();
  if (flushing) {
    again = true;
    return flushing;
  }
  clearTimeout(timer);
  return (flushing = (async () => {
    try {
      do {
        again = false;
        await (navigator.locks ? navigator.locks.request('kith-outbox ' + sitePrefix(), run) : run());
        // Asked again meanwhile: go on, unless this run ended waiting (offline, backoff), which has its own trigger.
      } while (again && !outboxState.waitReason);
    } finally {
      flushing = undefined;
    }
  })());
};

/** Starts the outbox once: sends what a previous page left (after SETTLE_MS, like any write) and resends on
 * `online` and on configuration changes. */
export const start = (): Promise<void> =>
  (started ??= (addEventListener('online', flush), registry().addEventListener('change', flush), flushSoon(), Promise.resolve()));

/** Sends what was stored after SETTLE_MS (later writes to the same resource replace it meanwhile). */
export const flushSoon = (): void => {
  clearTimeout(timer);
  timer = setTimeout(flush, SETTLE_MS);
};

/** Stores a write (outbox-queue.ts) and sends it after SETTLE_MS. Resolves once it is stored. */
export const enqueue = async (method: OutboxEntry['method'], path: string, body?: unknown): Promise<OutboxEntry> => {
  const entry = await store(method, path, body);
  start();
  flushSoon();
  return entry;
};
