// How fresh a public read must be. The server lets caches keep summaries for 5 s and serve them stale for a
// minute while revalidating (`max-age=5, stale-while-revalidate=60`; the policy longer), so the browser's
// HTTP cache may answer a reload at once, as a CDN would. One exception: a browser that wrote to the site in
// that window revalidates every read, so a reload never shows a count older than the visitor's own vote.
// The time of the last write is kept in localStorage: the loader must know it before any async storage.

/** How long after a write reads revalidate: max-age plus stale-while-revalidate of the summaries, and a margin. */
export const REVALIDATE_AFTER_WRITE_MS = 70_000;

const key = (prefix: string) => 'kith-wrote ' + prefix;

/** Notes that this browser wrote to the site of `prefix` just now. */
export const noteWrite = (prefix: string): void => {
  try {
    localStorage.setItem(key(prefix), String(Date.now()));
  } catch {
    // No localStorage (blocked, sandboxed): reads revalidate anyway, see below.
  }
};

/** The cache mode of a public read: the server's caching, or revalidation after a recent write (and when
 * localStorage cannot say). */
export const readCacheMode = (prefix: string): RequestCache => {
  try {
    return Date.now() - Number(localStorage.getItem(key(prefix))) < REVALIDATE_AFTER_WRITE_MS ? 'no-cache' : 'default';
  } catch {
    return 'no-cache';
  }
};
