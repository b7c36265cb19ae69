import { entries, promisifyRequest, setMany } from 'idb-keyval';
import { call } from './api.js';
import { registry } from './config.js';
import type { KithError } from './error.js';
import { sitePrefix } from './config.js';
import { createVisitor } from './visitors.js';
import { emitOutboxChange as emit, outboxState, outboxStore, type OutboxEntry } from './outbox-state.js';

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
    sending = entry;
    try {
      const response = await call(entry.method, entry.path, { prefix: entry.prefix, json: entry.body, idempotencyKey: entry.key, createVisitor });
      await write(undefined, [entry]);
      outboxState.queue.shift();
      backoffMs = 2e3;
      outboxState.waitReason = '';
      emit({ entry, response });
    } catch (error) {
      const status = (error as KithError).status;
      if (!status || status >= 500 || status == 429 || status == 408) {
        outboxState.waitReason = status ? 'retrying' : 'offline';
        emit();
        timer = setTimeout(flush, (backoffMs = Math.min(backoffMs * 2, 6e4)));
        return;
      }
      await write(undefined, [entry]);
      outboxState.queue.shift();
      emit({ entry, refusal: error as KithError });
    } finally {
      sending = undefined;
    }
  }
};

/** Sends pending entries in order, one flush at a time (per tab via a counter, across tabs via a Web Lock
 * per api+site, so a slow server of one site does not hold up writes to another). */
export const flush = async (): Promise<void> => {
  if (!sitePrefix() || flushes++) return;
  clearTimeout(timer);
  try {
    do {
      flushes = 1;
      await (navigator.locks ? navigator.locks.request('kith-outbox ' + sitePrefix(), run) : run());
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
  const entry: OutboxEntry = { key: crypto.randomUUID(), order: Date.now() * 1e3 + (sequence++ % 1e3), prefix: sitePrefix(), method, path, body };
  await inTurn(async () => {
    const replaced =
      method == 'POST' ? [] : outboxState.queue.filter((other) => other != sending && other.method != 'POST' && other.prefix == entry.prefix && other.path == path);
    await write(entry, replaced);
    outboxState.queue = [...outboxState.queue.filter((other) => !replaced.includes(other)), entry];
  });
  emit();
  clearTimeout(timer);
  timer = setTimeout(flush, SETTLE_MS);
  return entry;
};
