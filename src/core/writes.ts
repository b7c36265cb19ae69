// The way into the outbox for widgets: a write is stored at once (outbox-queue.ts, in the core chunk), and
// the code that sends it (outbox.ts, a chunk of its own) is loaded then, or at start when earlier pages
// left writes. A page that only reads never loads it; a page that cannot load it (offline) keeps the write
// and sends it when it can.
import { keys } from 'idb-keyval';
import { emitOutboxChange, enqueue, outboxState, outboxStore, type OutboxEntry } from './outbox-queue.js';

let sender: Promise<typeof import('./outbox.js')> | undefined;

/** Loads and starts the sender once; when loading fails (offline), says so and tries again when back online. */
const startSending = (): Promise<typeof import('./outbox.js')> =>
  (sender ??= import('./outbox.js').then(
    (outbox) => (outbox.start(), outbox),
    (error) => {
      sender = undefined;
      outboxState.waitReason = 'offline';
      emitOutboxChange();
      addEventListener('online', startSending, { once: true });
      throw error;
    },
  ));

let resumed: Promise<unknown> | undefined;

/** Once per page, when it has loaded and is idle: sends what earlier pages left. */
export const resumeWrites = (): Promise<unknown> =>
  (resumed ??= new Promise((idle) => ('requestIdleCallback' in globalThis ? requestIdleCallback(idle, { timeout: 2e3 }) : setTimeout(idle, 500)))
    .then(() => keys(outboxStore))
    .then(async (left) => {
      if (left.length) await startSending();
    })
    .catch(() => {}));

/** Stores a write in the outbox, then sends it. Resolves once it is stored. */
export const write = async (method: OutboxEntry['method'], path: string, body?: unknown): Promise<OutboxEntry> => {
  const entry = await enqueue(method, path, body);
  startSending().then((outbox) => outbox.flushSoon(), () => {});
  return entry;
};
