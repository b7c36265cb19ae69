import ky from 'ky';
import { options } from './config.js';
import { toKithError } from './error.js';

/** `${api}/v1/sites/${site}/`, the prefix of every site-scoped path; '' while no site is configured. */
export const base = (): string => {
  const { api = location.origin, site } = options();
  return site ? `${api.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(site)}/` : '';
};

export interface SendOptions {
  /** Site prefix to use instead of the configured one (outbox entries keep the one they were made with). */
  prefix?: string;
  json?: unknown;
  token?: string | undefined;
  /** Idempotency-Key. */
  idempotencyKey?: string;
}

/** One request (never answered from the HTTP cache without revalidation). ky retries GET/PUT/DELETE (never
 * POST) on network errors, 408/429/5xx; 10 s per attempt. */
export const send = async <T>(method: string, path: string, request: SendOptions = {}): Promise<T> => {
  try {
    return await ky(path, {
      method,
      prefixUrl: request.prefix ?? base(),
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
