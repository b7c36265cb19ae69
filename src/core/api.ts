import { KithError } from './error.js';
import { send, type SendOptions } from './http.js';
import { token } from './identity.js';

/** A site call with the caller's credential (`write` creates a guest token if needed); on 401
 * `token_expired` it gets a fresh token (calls the token function again) and retries once. */
export const call = async <T>(method: string, path: string, o: SendOptions & { write?: boolean } = {}): Promise<T> => {
  let used: string | undefined;
  for (let retried = false; ; retried = true) {
    try {
      used = await token(o.u, o.write, retried ? used : undefined);
      return await send<T>(method, path, { ...o, token: used });
    } catch (e) {
      if (retried || (e as KithError).code != 'token_expired') throw e;
    }
  }
};
