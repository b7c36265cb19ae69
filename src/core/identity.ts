import { get } from 'idb-keyval';
import { options } from './config.js';
import { sitePrefix } from './config.js';
import { KithError } from './error.js';
import { store } from './idb.js';

export const visitorTokenStore = store('id');
/** The page's token function and its current result (asked once, however many calls need it). */
let userToken: [unknown, Promise<string>] | undefined;
/** Visitor tokens per site prefix, read from IndexedDB once per page (then kept in step with it). */
const visitorTokens = new Map<string, Promise<string | undefined>>();

/** Whether the page signs its user in (a token or token function is configured). */
export const signedIn = (): boolean => !!options().token;

/** The stored visitor token of a site prefix, if any (one IndexedDB read per page). */
export const visitorToken = (prefix = sitePrefix()): Promise<string | undefined> => {
  let stored = visitorTokens.get(prefix);
  if (!stored) visitorTokens.set(prefix, (stored = get<string>(prefix, visitorTokenStore).catch(() => undefined)));
  return stored;
};

/** Keeps a visitor token just created (visitors.ts) for the rest of the page. */
export const keepVisitorToken = (prefix: string, token: Promise<string | undefined>): void => void visitorTokens.set(prefix, token);

/**
 * Calls the page's token function. A signed-in page whose function fails (or returns no token) never
 * falls back to a guest: the call fails with 401 `token_unavailable` ("sign in again"), or `network` when
 * the browser is offline. A failure is not kept: the next call asks the page again.
 */
const askPage = (tokenFunction: () => string | Promise<string>): Promise<string> => {
  const asked = Promise.resolve()
    .then(tokenFunction)
    .then((value) => {
      if (!value || typeof value != 'string') throw new Error(`it returned ${JSON.stringify(value)}`);
      return value;
    })
    .catch((error) => {
      if (userToken?.[1] == asked) userToken = undefined;
      throw navigator.onLine === false
        ? new KithError(0, 'network', 'Offline: the page could not get a sign-in token')
        : new KithError(401, 'token_unavailable', `The page's token function failed: ${error?.message ?? error}`);
    });
  return asked;
};

/** Makes a visitor token where a write needs one (visitors.ts, loaded with the outbox). */
export type CreateVisitor = (prefix: string) => Promise<string>;

/**
 * The credential for calls to `prefix`: the configured token (a string, or the function's result, cached),
 * else the guest visitor token kept in IndexedDB per api+site, made with `create` if there is none
 * (writes). `stale` is a token the server just called expired: it is replaced once, however many calls
 * learned about it at the same time (one call of the page's function, or one renewal of a visitor token).
 */
export const token = async (prefix = sitePrefix(), create?: CreateVisitor, stale?: string): Promise<string | undefined> => {
  const configured = options().token;
  if (typeof configured == 'string') return configured;
  if (configured) {
    if (!userToken || userToken[0] !== configured) userToken = [configured, askPage(configured)];
    else if (stale) {
      const current = userToken[1];
      // The first caller back from the await replaces it; the others then find the new one.
      if ((await current.catch(() => '')) == stale && userToken[1] == current) userToken = [configured, askPage(configured)];
    }
    return userToken[1];
  }
  const current = stale && visitorToken(prefix);
  // The first caller back from the await renews it; the others then find the renewal (as for user tokens).
  if (current && (await current) == stale && visitorTokens.get(prefix) == current) {
    // Visitor tokens live days: an expired one is renewed for the same visitor (their votes stay theirs),
    // once, however many calls learned about it. The renewal code loads with the write path.
    const renewed = import('./visitors.js').then(({ renewVisitor }) => renewVisitor(prefix, stale));
    visitorTokens.set(prefix, renewed);
    // Not renewed for now (offline): the old token is kept, and this call fails to be tried again later.
    renewed.catch(() => visitorTokens.get(prefix) == renewed && visitorTokens.set(prefix, Promise.resolve(stale)));
  }
  const existing = await visitorToken(prefix);
  return existing || !create ? existing : create(prefix);
};
