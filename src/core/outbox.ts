import { del, entries, set } from 'idb-keyval';
import { call } from './api.js';
import { registry } from './config.js';
import type { KithError } from './error.js';
import { base } from './http.js';
import { store } from './idb.js';

/** A write waiting to be sent; `k` is also its Idempotency-Key. */
export interface Entry {
  /** Idempotency-Key (crypto.randomUUID). */
  k: string;
  /** Order key (IndexedDB key). */
  o: number;
  /** Site prefix it was made for. */
  u: string;
  m: 'PUT' | 'DELETE' | 'POST';
  /** Path below the site prefix, with query; also the subject key widgets filter on. */
  p: string;
  j?: unknown;
}

/** `change` events: detail `{ e, r }` when an entry was applied (r = server response; undefined if another
 * tab sent it), `{ e, x }` when the server refused it (x = KithError), no detail on other state changes. */
export interface OutboxDetail {
  e: Entry;
  r?: unknown;
  x?: KithError;
}

const box = store('outbox');
export const outbox = new EventTarget();
/** Entries not yet applied, oldest first (mirror of IndexedDB). */
export let queue: Entry[] = [];
/** Why entries are waiting after a failed attempt: `offline` (no response at all: resent on `online`), or
 * `retrying` (the server answered 5xx/429/408: resent on the backoff timer); '' while nothing failed. */
export let waiting: '' | 'offline' | 'retrying' = '';

const emit = (d?: OutboxDetail) => outbox.dispatchEvent(new CustomEvent('change', { detail: d }));
let seq = 0;
let busy = 0;
let delay = 2e3;
let timer: ReturnType<typeof setTimeout> | undefined;
let started: Promise<void> | undefined;

const read = async () => {
  const old = queue;
  queue = (await entries<number, Entry>(box)).map(([, e]) => e).filter((e) => e.u == base());
  // Entries another tab sent: tell widgets to reload.
  for (const e of old) if (!queue.some((q) => q.k == e.k)) emit({ e });
  emit();
};

const run = async () => {
  await read();
  for (let e; (e = queue[0]); ) {
    try {
      const r = await call(e.m, e.p, { u: e.u, json: e.j, key: e.k, write: true });
      await del(e.o, box);
      queue.shift();
      delay = 2e3;
      waiting = '';
      emit({ e, r });
    } catch (x) {
      const s = (x as KithError).status;
      if (!s || s >= 500 || s == 429 || s == 408) {
        waiting = s ? 'retrying' : 'offline';
        emit();
        timer = setTimeout(flush, (delay = Math.min(delay * 2, 6e4)));
        return;
      }
      await del(e.o, box);
      queue.shift();
      emit({ e, x: x as KithError });
    }
  }
};

/** Sends pending entries in order, one flush at a time (per tab via a counter, across tabs via a Web Lock
 * per api+site, so a slow server of one site does not hold up writes to another). */
export const flush = async (): Promise<void> => {
  if (!base() || busy++) return;
  clearTimeout(timer);
  try {
    do {
      busy = 1;
      await (navigator.locks ? navigator.locks.request('kith-outbox ' + base(), run) : run());
    } while (busy > 1);
  } finally {
    busy = 0;
  }
};

/** Starts the outbox once: loads what a previous page left and sends it; resends on `online`/config change. */
export const start = (): Promise<void> =>
  (started ??= (addEventListener('online', flush), registry().addEventListener('change', flush), flush()));

/** Stores a write in IndexedDB first, then sends it. Resolves once it is stored. */
export const enqueue = async (m: Entry['m'], p: string, j?: unknown): Promise<Entry> => {
  const e: Entry = { k: crypto.randomUUID(), o: Date.now() * 1e3 + (seq++ % 1e3), u: base(), m, p, j };
  await set(e.o, e, box);
  queue.push(e);
  emit();
  flush();
  return e;
};
