import { del, get, set } from 'idb-keyval';
import { options } from './config.js';
import { base, send } from './http.js';
import { store } from './idb.js';

const visitorTokenStore = store('id');
/** The page's token function and its current result (asked once, however many calls need it). */
let userToken: [unknown, Promise<string>] | undefined;
/** Visitor tokens per site prefix, read from IndexedDB once per page (then kept in step with it). */
const visitorTokens = new Map<string, Promise<string | undefined>>();
/** Visitor tokens being created (`POST visitors`), per site prefix. */
const visitorCreations = new Map<string, Promise<string>>();

/** Whether the page signs its user in (a token or token function is configured). */
export const signedIn = (): boolean => !!options().token;

/** The stored visitor token of a site prefix, if any (one IndexedDB read per page). */
export const visitorToken = (prefix = base()): Promise<string | undefined> => {
  let stored = visitorTokens.get(prefix);
  if (!stored) visitorTokens.set(prefix, (stored = get<string>(prefix, visitorTokenStore).catch(() => undefined)));
  return stored;
};

/**
 * The credential for calls to `prefix`: the configured token (a string, or the function's result, cached),
 * else the guest visitor token kept in IndexedDB per api+site, created with `POST visitors` when `create`
 * is set (writes). `stale` is a token the server just called expired: it is replaced once, however many
 * calls learned about it at the same time (one call of the page's function).
 */
export const token = async (prefix = base(), create = false, stale?: string): Promise<string | undefined> => {
  const configured = options().token;
  if (typeof configured == 'string') return configured;
  if (configured) {
    if (!userToken || userToken[0] !== configured) userToken = [configured, Promise.resolve().then(configured)];
    else if (stale) {
      const current = userToken[1];
      // The first caller back from the await replaces it; the others then find the new one.
      if ((await current) == stale && userToken[1] == current) userToken = [configured, Promise.resolve().then(configured)];
    }
    return userToken[1];
  }
  if (stale && (await visitorToken(prefix)) == stale) {
    visitorTokens.set(prefix, Promise.resolve(undefined));
    await del(prefix, visitorTokenStore).catch(() => {});
  }
  const existing = await visitorToken(prefix);
  if (existing || !create) return existing;
  // Concurrent first writes share one POST.
  let creating = visitorCreations.get(prefix);
  if (!creating) {
    creating = send<{ token: string }>('POST', 'visitors', { prefix, json: {} }).then(async ({ token }) => {
      visitorTokens.set(prefix, Promise.resolve(token));
      await set(prefix, token, visitorTokenStore).catch(() => {});
      return token;
    });
    visitorCreations.set(prefix, creating);
    creating.then(
      () => visitorCreations.delete(prefix),
      () => visitorCreations.delete(prefix),
    );
  }
  return creating;
};
