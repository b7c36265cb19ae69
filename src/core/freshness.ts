// How fresh a public read must be. The server lets caches keep summaries for 5 s and serve them stale for a
// minute while revalidating (`max-age=5, stale-while-revalidate=60`; the policy longer), so the browser's
// HTTP cache may answer a reload at once, as a CDN would. One exception: a browser that wrote to the site in
// that window revalidates every read, so a reload never shows a count older than the visitor's own vote; so does
// one whose page just heard of a change it reads again for (a feed's live event or refresh: the feeds' answers
// are kept for a minute). The time of the last change is kept in localStorage: the loader must know it before
// any async storage.

/** How long a widget waits for the server before it looks for the copy an earlier page saved (in IndexedDB),
 * and before it shows its loading skeleton. Where the server answers first, as it mostly does, no IndexedDB
 * read costs the page anything; where it is slow, the saved copy comes before the skeleton would. */
export const SAVED_COPY_DELAY_MS = 50;
export const SKELETON_DELAY_MS = 100;

const waits: Record<number, Promise<void> | undefined> = {};
/** Resolves `ms` after the end of the current task, with one timer for every caller in it (200 widgets that a
 * define() upgrades wait together). Counted from the end of the task: a define() that upgrades 200 widgets
 * takes a while itself, and the server's answer cannot be taken before it ends. */
export const afterThisTask = (ms: number): Promise<void> =>
  (waits[ms] ??= new Promise((done) =>
    setTimeout(() => {
      waits[ms] = undefined;
      setTimeout(done, ms);
    }),
  ));

/** How long after a write reads revalidate: max-age plus stale-while-revalidate of the summaries, and a margin. */
export const REVALIDATE_AFTER_WRITE_MS = 70_000;

const key = (prefix: string) => 'kith-wrote ' + prefix;

/** Notes that the site of `prefix` changed just now: this browser wrote to it, or a widget is about to read again
 * what it heard has changed. Public reads revalidate for REVALIDATE_AFTER_WRITE_MS. */
export const noteChange = (prefix: string): void => {
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
