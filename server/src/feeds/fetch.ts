// The feed proxy's fetcher (issue 11): one feed URL, fetched the way a guard against SSRF must fetch it.
// - Every hop's URL is checked (feeds/addresses.ts): http: or https:, no credentials, no local name, no address
//   that is not public; a name is looked up once per hop and every address it has must be public.
// - The connection goes to exactly an address that was checked: the socket's lookup answers with it, so a name
//   that answers differently a moment later (DNS rebinding) is never connected to.
// - At most MAX_REDIRECTS redirects, each target checked like the first URL; FETCH_TIMEOUT_MS for the whole fetch,
//   redirects included; at most MAX_FEED_BYTES of body, counted after decompression (a gzip bomb stops there).
// Conditional requests (ETag, Last-Modified) answer `notModified`.
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { checkedAddresses, checkFeedUrl, isPublicAddress, type Resolve } from './addresses.ts';

export const MAX_REDIRECTS = 5;
export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

/** Why a feed could not be fetched; `code` is what the API answers with. */
export type FeedFetchCode = 'feed_refused' | 'feed_unreachable' | 'feed_timeout' | 'feed_too_large' | 'feed_too_many_redirects' | 'feed_http_error';

export class FeedFetchError extends Error {
  readonly code: FeedFetchCode;
  /** The upstream's status, for `feed_http_error`. */
  readonly status?: number;
  constructor(code: FeedFetchCode, message: string, status?: number) {
    super(message);
    this.name = 'FeedFetchError';
    this.code = code;
    if (status !== undefined) this.status = status;
  }
}

export interface FetchOptions {
  /** Validators of the copy the caller holds. */
  etag?: string;
  lastModified?: string;
  /** Looks names up (tests pass a stub). */
  resolve?: Resolve;
  /** Whether an address may be connected to (tests allow their local feed server). */
  allowed?: (address: string) => boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

export type FetchedFeed =
  | { notModified: true; url: string }
  | { notModified: false; url: string; body: Buffer; contentType: string; etag?: string; lastModified?: string; contentLocation?: string };

const systemResolve: Resolve = (name) => dnsLookup(name, { all: true, verbatim: true });

const ACCEPT = 'application/atom+xml, application/rss+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** A socket lookup that answers with the checked address only, whatever the name would resolve to now. */
const pinnedLookup =
  (address: string): LookupFunction =>
  (_hostname, options, callback) => {
    const family = address.includes(':') ? 6 : 4;
    if ((options as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };

/** Fetches `input`, following redirects, within the limits; throws FeedFetchError. */
export async function fetchFeed(input: string, options: FetchOptions = {}): Promise<FetchedFeed> {
  const { resolve = systemResolve, allowed = isPublicAddress, timeoutMs = FETCH_TIMEOUT_MS, maxBytes = MAX_FEED_BYTES } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = input;
  for (let hop = 0; ; hop++) {
    const checked = checkFeedUrl(current, allowed);
    if ('refused' in checked) throw new FeedFetchError('feed_refused', hop ? `redirected to a URL that is refused: ${checked.refused}` : checked.refused);
    let address: string;
    if ('address' in checked) address = checked.address;
    else {
      const found = await checkedAddresses(checked.name, resolve, allowed);
      if ('refused' in found) throw new FeedFetchError(found.unresolved ? 'feed_unreachable' : 'feed_refused', found.refused);
      address = found.addresses[0]!;
    }
    const response = await send(checked.url, address, options, signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && status != 304 && response.headers.location) {
      response.resume();
      if (hop == MAX_REDIRECTS) throw new FeedFetchError('feed_too_many_redirects', `more than ${MAX_REDIRECTS} redirects`);
      try {
        current = new URL(response.headers.location, checked.url).href;
      } catch {
        throw new FeedFetchError('feed_refused', 'redirected to something that is not a URL');
      }
      continue;
    }
    if (status == 304) {
      response.resume();
      return { notModified: true, url: checked.url.href };
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new FeedFetchError('feed_http_error', `the feed's server answered ${status}`, status);
    }
    const body = await readBody(response, maxBytes, signal);
    return {
      notModified: false,
      url: checked.url.href,
      body,
      contentType: response.headers['content-type'] ?? '',
      etag: response.headers.etag,
      lastModified: response.headers['last-modified'],
      contentLocation: response.headers['content-location'],
    };
  }
}

/** One request to `url`, connected to `address`. */
function send(url: URL, address: string, options: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol == 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Kith feed proxy (+https://github.com/kith-elements)' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const requestOptions: RequestOptions = { method: 'GET', headers, lookup: pinnedLookup(address), signal, agent: false };
  return new Promise((resolve, reject) => {
    const outgoing = request(url, requestOptions, resolve);
    outgoing.on('error', (error) => reject(signal.aborted ? timedOut() : new FeedFetchError('feed_unreachable', `the feed's server could not be reached (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
    outgoing.end();
  });
}

const timedOut = () => new FeedFetchError('feed_timeout', 'the feed took too long to fetch');

/** The response's body, decompressed, at most `maxBytes`. */
function readBody(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (!encoding && declared > maxBytes) {
    response.destroy();
    return Promise.reject(tooLarge(maxBytes));
  }
  const stream = encoding == 'gzip' || encoding == 'x-gzip' ? response.pipe(createGunzip()) : encoding == 'deflate' ? response.pipe(createInflate()) : encoding == 'br' ? response.pipe(createBrotliDecompress()) : response;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      response.destroy();
      if (stream != response) stream.destroy();
      reject(error);
    };
    signal.addEventListener('abort', () => fail(timedOut()), { once: true });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge(maxBytes));
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', (error) => fail(signal.aborted ? timedOut() : new FeedFetchError('feed_unreachable', `the feed could not be read (${error.message})`)));
  });
}

const tooLarge = (maxBytes: number) => new FeedFetchError('feed_too_large', `the feed is larger than ${maxBytes / 1024 / 1024} MB`);
