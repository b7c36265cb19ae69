// The way into the outbox for widgets. The outbox (outbox.ts, a chunk of its own) loads on the first
// write, or at start when an earlier page left writes in IndexedDB; a page that only reads never loads it.
import { keys } from 'idb-keyval';
import type { OutboxEntry } from './outbox-state.js';
import { outboxStore } from './outbox-state.js';

const loadOutbox = () => import('./outbox.js');
let resumed: Promise<unknown> | undefined;

/** Once per page: sends what earlier pages left (and keeps sending it on `online`). */
export const resumeWrites = (): Promise<unknown> =>
  (resumed ??= keys(outboxStore).then(
    async (left) => {
      if (left.length) await (await loadOutbox()).start();
    },
    () => {},
  ));

/** Stores a write in the outbox, then sends it (see outbox.ts `enqueue`). */
export const write = async (method: OutboxEntry['method'], path: string, body?: unknown): Promise<OutboxEntry> => {
  const outbox = await loadOutbox();
  outbox.start();
  return outbox.enqueue(method, path, body);
};
