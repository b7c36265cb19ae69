import { sitePrefix } from './config.js';
import { reportSetupError, toKithError } from './error.js';
import { readCacheMode } from './freshness.js';
import { takePrefetched } from './prefetch.js';

export interface SendOptions {
  /** Site prefix to use instead of the configured one (outbox entries keep the one they were made with). */
  prefix?: string;
  json?: unknown;
  token?: string | undefined;
  /** Idempotency-Key. */
  idempotencyKey?: string;
}

/** Client errors a retry cannot fix: the prefetched answer is the answer. */
const final = (status: number) => status >= 400 && status < 500 && status != 408 && status != 429;

/**
 * One request. A public GET the loader already
 * started (loader/prefetch.ts, core/prefetch.ts) takes that answer; everything else goes through ky, loaded on first use (a
 * page that only shows ratings never downloads it). ky retries GET/PUT/DELETE (never POST) on network
 * errors, 408/429/5xx; 10 s per attempt.
 */
export const send = async <T>(method: string, path: string, request: SendOptions = {}): Promise<T> => {
  const prefix = request.prefix ?? sitePrefix();
  const prefetched = method == 'GET' && !request.token ? await takePrefetched(prefix + path) : undefined;
  if (prefetched && (prefetched.status < 300 || final(prefetched.status))) {
    if (prefetched.status < 300) return prefetched.body;
    throw reportSetupError(await toKithError({ response: { status: prefetched.status }, data: prefetched.body }), prefix);
  }
  const { default: ky } = await import('ky');
  try {
    return await ky(path, {
      method,
      prefixUrl: prefix,
      json: request.json,
      // Public reads as fresh as the server allows, except right after a write (core/freshness.ts); reads with
      // a credential (own votes) are private, no-store, and writes are never cached.
      cache: method == 'GET' && !request.token ? readCacheMode(prefix) : 'no-cache',
      timeout: 1e4,
      retry: { limit: 2, maxRetryAfter: 5e3 },
      headers: {
        authorization: request.token && 'Bearer ' + request.token,
        'idempotency-key': request.idempotencyKey,
      },
    }).json<T>();
  } catch (error) {
    throw reportSetupError(await toKithError(error), prefix);
  }
};
