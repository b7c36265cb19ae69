import { createStore, type UseStore } from 'idb-keyval';

/** One small IndexedDB database per purpose (idb-keyval keeps one object store per database). */
export const store = (name: string): UseStore => createStore('kith-' + name, 'kv');
