import { del, get, set } from 'idb-keyval';
import { options } from './config.js';
import { base, send } from './http.js';
import { store } from './idb.js';

const ids = store('id');
let fn: [unknown, Promise<string>] | undefined;

/**
 * The credential for calls to `u` (a site prefix): the configured token (a string, or the function's
 * result, cached), else the guest visitor token kept in IndexedDB per api+site, created with
 * `POST visitors` when `create` is set (writes). `stale` is a token the server just called expired: it is
 * replaced once, however many calls learned about it at the same time (one call of the page's function).
 */
export const token = async (u = base(), create = false, stale?: string): Promise<string | undefined> => {
  const c = options().token;
  if (typeof c == 'string') return c;
  if (c) {
    if (!fn || fn[0] !== c) fn = [c, Promise.resolve().then(c)];
    else if (stale) {
      const cur = fn[1];
      // The first caller back from the await replaces it; the others then find the new one.
      if ((await cur) == stale && fn[1] == cur) fn = [c, Promise.resolve().then(c)];
    }
    return fn[1];
  }
  if (stale && (await get(u, ids)) == stale) await del(u, ids);
  let v = await get<string>(u, ids);
  if (!v && create) {
    v = (await send<{ token: string }>('POST', 'visitors', { u, json: {} })).token;
    await set(u, v, ids);
  }
  return v;
};
