import type { KithError } from './error.js';
import { send, type SendOptions } from './http.js';
import { token, type CreateVisitor } from './identity.js';

/** Credentials the server will not take again, which a fresh one replaces: an expired token (the page's
 * function is asked again, a visitor token renewed) and a revoked visitor token (a new visitor is made). */
const REPLACEABLE = new Set(['token_expired', 'token_revoked']);

/** A site call with the caller's credential (`createVisitor`, for writes, makes a guest token if needed); on 401
 * `token_expired` or `token_revoked` it gets a fresh token (calls the token function again, renews or
 * replaces a visitor token) and retries once. Public reads
 * need no credential: they call `send` and never wait for a token. */
export const call = async <T>(method: string, path: string, request: SendOptions & { createVisitor?: CreateVisitor } = {}): Promise<T> => {
  let used: string | undefined;
  for (let retried = false; ; retried = true) {
    try {
      used = await token(request.prefix, request.createVisitor, retried ? used : undefined);
      return await send<T>(method, path, { ...request, token: used });
    } catch (error) {
      if (retried || !REPLACEABLE.has((error as KithError).code)) throw error;
    }
  }
};
