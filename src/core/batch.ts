// Many widgets on one page (a CRM list of 200 rows) must cost O(1) requests: the keys they ask for in the
// same task are gathered and loaded together, one load per group (a site prefix), split only past limits.

/** Server limits of the batch routes (docs/rest-api.md): 200 subjects, and a request line well under
 * Node's 16 KB header limit. */
export const BATCH_MAX_KEYS = 200;
export const BATCH_MAX_QUERY_CHARS = 6000;

/** Loads many keys of one group; the result holds a value for each key it knows. */
export type LoadMany<T> = (group: string, keys: string[]) => Promise<Map<string, T>>;

interface Waiter<T> {
  resolve(value: T | undefined): void;
  reject(error: unknown): void;
}

/** `subject=a&subject=b…` chunks, sorted (the same page makes the same, cacheable URLs), each within the
 * limits. */
export const subjectQueries = (keys: string[]): string[][] => {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let chars = 0;
  for (const key of [...keys].sort()) {
    const length = encodeURIComponent(key).length + 9;
    if (chunk.length && (chunk.length == BATCH_MAX_KEYS || chars + length > BATCH_MAX_QUERY_CHARS)) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(key);
    chars += length;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
};

export const subjectQuery = (keys: string[]): string => '?' + keys.map((key) => 'subject=' + encodeURIComponent(key)).join('&');

/** The batches waiting to go out; `flushReads` sends them now instead of at the end of the task. */
const waiting = new Set<() => void>();

/** Sends every waiting batch now (a widget class was just defined: all its tags on the page asked). */
export const flushReads = (): void => {
  for (const run of [...waiting]) run();
};

/**
 * Coalesces reads: `read(group, key)` resolves with the value `loadMany` found for `key` (undefined if
 * none). Reads made before the current task ends (or before `flushReads`) go out together, one
 * `loadMany` per group and chunk.
 */
export const coalesce = <T>(loadMany: LoadMany<T>, chunks: (keys: string[]) => string[][] = subjectQueries) => {
  let queued = new Map<string, Map<string, Waiter<T>[]>>();
  const run = () => {
    waiting.delete(run);
    const work = queued;
    queued = new Map();
    for (const [group, waitersByKey] of work)
      for (const keys of chunks([...waitersByKey.keys()]))
        loadMany(group, keys).then(
          (found) => keys.forEach((key) => waitersByKey.get(key)!.forEach((waiter) => waiter.resolve(found.get(key)))),
          (error) => keys.forEach((key) => waitersByKey.get(key)!.forEach((waiter) => waiter.reject(error))),
        );
  };
  return (group: string, key: string): Promise<T | undefined> =>
    new Promise((resolve, reject) => {
      if (!waiting.has(run)) waiting.add(run), setTimeout(run);
      let waitersByKey = queued.get(group);
      if (!waitersByKey) queued.set(group, (waitersByKey = new Map()));
      let waiters = waitersByKey.get(key);
      if (!waiters) waitersByKey.set(key, (waiters = []));
      waiters.push({ resolve, reject });
    });
};
