import { del, get, set } from 'idb-keyval';
import { options } from './config.js';
import { base, send } from './http.js';
import { store } from './idb.js';

const ids = store('id');
let fn: [unknown, Promise<string>] | undefined;

/**
 * The credential for calls to `u` (a site prefix): the configured token (a string, or the function's
 * result, cached until `fresh`), else the guest visitor token kept in IndexedDB per api+site, created with
 * `POST visitors` when `create` is set (writes). `fresh` means the server said the token expired.
 */
export const token = async (u = base(), create = false, fresh = false): Promise<string | undefined> => {
  const c = options().token;
  if (typeof c == 'string') return c;
  if (c) {
    if (fresh || !fn || fn[0] !== c) fn = [c, Promise.resolve().then(c)];
    return fn[1];
  }
  if (fresh) await del(u, ids);
  let v = fresh ? undefined : await get<string>(u, ids);
  if (!v && create) {
    v = (await send<{ token: string }>('POST', 'visitors', { u, json: {} })).token;
    await set(u, v, ids);
  }
  return v;
};
