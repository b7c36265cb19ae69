import { get, set } from 'idb-keyval';
import { store } from './idb.js';

const reads = store('cache');

/** Remembers a read result (e.g. after a write returned a fresh summary). */
export const remember = (key: string, v: unknown): Promise<void> => set(key, v, reads).catch(() => {});

/**
 * Stale-while-revalidate: shows the cached value at once (if any), then loads and shows the fresh one.
 * When loading fails the last seen value stays on screen; the error is thrown only if there was none.
 */
export const swr = async <T>(key: string, load: () => Promise<T>, show: (v: T) => void): Promise<void> => {
  let done = false;
  const fresh = load();
  fresh.then(() => (done = true), () => {});
  const old = await get<T>(key, reads).catch(() => undefined);
  if (old !== undefined && !done) show(old);
  try {
    const v = await fresh;
    show(v);
    await remember(key, v);
  } catch (e) {
    if (old === undefined) throw e;
  }
};
