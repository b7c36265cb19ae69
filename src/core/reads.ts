// Batched reads through the batch routes (`GET …/<path>?subject=a&subject=b…` answering `{ items }`), for
// every widget: public data (summaries, counts) is cached in IndexedDB and shown at once on the next page
// (stale-while-revalidate); private data (the caller's own vote or tags) needs the caller's credential.
import { getMany, set, setMany } from 'idb-keyval';
import { call } from './api.js';
import { coalesce, subjectQuery } from './batch.js';
import { KithError } from './error.js';
import { afterThisTask, SAVED_COPY_DELAY_MS } from './freshness.js';
import { send } from './http.js';
import { store } from './idb.js';

const cacheStore = store('cache');

/** Runs `work` when the page is idle (at the latest after a second). */
const whenIdle = (work: () => void) => ('requestIdleCallback' in globalThis ? requestIdleCallback(work, { timeout: 1e3 }) : setTimeout(work, 200));

interface BatchAnswer<T> {
  items: T[];
}

type PerSubject = { subject: string };

const bySubject = <T extends PerSubject>(answer: BatchAnswer<T>) => new Map(answer.items.map((item) => [item.subject, item]));

const present = <T>(value: T | undefined): T => {
  if (value === undefined) throw new KithError(0, 'bad_response', 'The server answered without this subject');
  return value;
};

export interface PublicReads<T extends PerSubject> {
  /**
   * The server's value for `subject`. If a value saved by an earlier page is found before the server
   * answers (or the server cannot be reached), `showCached` gets it first. Both the network request and
   * the IndexedDB read are shared with every other read made in the same task.
   */
  read(prefix: string, subject: string, showCached: (value: T) => void): Promise<T>;
  /** Saves a value the server returned elsewhere (a write's answer) for the next page. */
  remember(prefix: string, value: T): void;
}

export const publicReads = <T extends PerSubject>(path: string): PublicReads<T> => {
  const cacheKey = (prefix: string, subject: string) => `${path} ${prefix}${subject}`;
  const fromServer = coalesce<T>(async (prefix, subjects) => {
    const found = bySubject(await send<BatchAnswer<T>>('GET', path + subjectQuery(subjects), { prefix }));
    // Saved for the next page once this one is idle: never in the way of drawing it.
    whenIdle(() => setMany([...found].map(([subject, value]) => [cacheKey(prefix, subject), value]), cacheStore).catch(() => {}));
    return found;
  });
  const fromCache = coalesce<T>(async (prefix, subjects) => {
    const values = await getMany<T>(subjects.map((subject) => cacheKey(prefix, subject)), cacheStore);
    return new Map(subjects.flatMap((subject, i) => (values[i] === undefined ? [] : [[subject, values[i]!] as const])));
  });
  return {
    async read(prefix, subject, showCached) {
      let shown = false;
      let settled = false;
      const show = (value: T | undefined) => {
        if (value && !shown && !settled) (shown = true), showCached(value);
      };
      // The saved copy is looked up only if the server has not answered within SAVED_COPY_DELAY_MS (the
      // loader's head start mostly has): reading 200 copies that would never be shown costs a page more than
      // it saves, and their answers would queue beside the server's.
      const cached = afterThisTask(SAVED_COPY_DELAY_MS)
        .then(() => (settled ? undefined : fromCache(prefix, subject)))
        .catch(() => undefined);
      cached.then(show);
      try {
        const value = present(await fromServer(prefix, subject));
        settled = true;
        return value;
      } catch (error) {
        // Offline: what an earlier page saw is better than nothing (the widget says it is not fresh).
        show(await cached);
        settled = true;
        throw error;
      }
    },
    remember(prefix, value) {
      set(cacheKey(prefix, value.subject), value, cacheStore).catch(() => {});
    },
  };
};

/** The caller's own data for a subject, batched like public reads, with the caller's credential. */
export const privateReads = <T extends PerSubject>(path: string) => {
  const fromServer = coalesce<T>(async (prefix, subjects) => bySubject(await call<BatchAnswer<T>>('GET', path + subjectQuery(subjects), { prefix })));
  return async (prefix: string, subject: string): Promise<T> => present(await fromServer(prefix, subject));
};
