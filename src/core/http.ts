import { sitePrefix } from './config.js';
import { toKithError } from './error.js';
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
 * One request (never answered from the HTTP cache without revalidation). A public GET the loader already
 * started (core/prefetch.ts) takes that answer; everything else goes through ky, loaded on first use (a
 * page that only shows ratings never downloads it). ky retries GET/PUT/DELETE (never POST) on network
 * errors, 408/429/5xx; 10 s per attempt.
 */
export const send = async <T>(method: string, path: string, request: SendOptions = {}): Promise<T> => {
  const prefix = request.prefix ?? sitePrefix();
  const prefetched = method == 'GET' && !request.token ? await takePrefetched(prefix + path) : undefined;
  if (prefetched && (prefetched.status < 300 || final(prefetched.status))) {
    if (prefetched.status < 300) return prefetched.body;
    throw await toKithError({ response: { status: prefetched.status }, data: prefetched.body });
  }
  const { default: ky } = await import('ky');
  try {
    return await ky(path, {
      method,
      prefixUrl: prefix,
      json: request.json,
      // Reads revalidate (ETag, a cheap 304) instead of trusting the browser's HTTP cache for max-age: the
      // IndexedDB cache already gives the instant display, and a reload must not show a count older than
      // the visitor's own vote.
      cache: 'no-cache',
      timeout: 1e4,
      retry: { limit: 2, maxRetryAfter: 5e3 },
      headers: {
        authorization: request.token && 'Bearer ' + request.token,
        'idempotency-key': request.idempotencyKey,
      },
    }).json<T>();
  } catch (error) {
    throw await toKithError(error);
  }
};
