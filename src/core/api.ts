import type { KithError } from './error.js';
import { send, type SendOptions } from './http.js';
import { token, type CreateVisitor } from './identity.js';

/** A site call with the caller's credential (`createVisitor`, for writes, makes a guest token if needed); on 401
 * `token_expired` it gets a fresh token (calls the token function again) and retries once. Public reads
 * need no credential: they call `send` and never wait for a token. */
export const call = async <T>(method: string, path: string, request: SendOptions & { createVisitor?: CreateVisitor } = {}): Promise<T> => {
  let used: string | undefined;
  for (let retried = false; ; retried = true) {
    try {
      used = await token(request.prefix, request.createVisitor, retried ? used : undefined);
      return await send<T>(method, path, { ...request, token: used });
    } catch (error) {
      if (retried || (error as KithError).code != 'token_expired') throw error;
    }
  }
};
