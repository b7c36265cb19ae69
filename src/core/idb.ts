import { createStore, type UseStore } from 'idb-keyval';

/** One small IndexedDB database per purpose (idb-keyval keeps one object store per database), opened on
 * first use: a page that never needs one never opens it, and none is opened while the page is loading. */
export const store = (name: string): UseStore => {
  let opened: UseStore | undefined;
  return (mode, callback) => (opened ??= createStore('kith-' + name, 'kv'))(mode, callback);
};
