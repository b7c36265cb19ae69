/**
 * The feed proxy's reads (issue 11): a feed fetched, parsed and cached.
 *
 * - The last good copy of each feed is kept in the store (`feed_cache`), so every instance shares it and a restart
 *   keeps it; an instance also keeps what it read in memory for `FEED_TTL_MS`.
 * - After the TTL the upstream is asked again with the copy's `ETag` and `Last-Modified`; a 304 renews the copy.
 * - Concurrent reads of one URL on one instance share one upstream fetch.
 * - When the upstream fails (unreachable, timeout, an HTTP error, no longer a feed) and a copy exists, the copy is
 *   served marked stale; without a copy the failure is the answer. A failure is remembered for
 *   `FEED_FAILURE_TTL_MS` so a dead feed is not asked on every page view.
 */
import type { Store } from '../db/index.ts';
import { checkFeedUrl, isPublicAddress } from '../feeds/addresses.ts';
import { fetchFeed, FeedFetchError, type FetchOptions } from '../feeds/fetch.ts';
import { documentUrl, FeedParseError, parseFeedBytes, type FeedDocument } from '../feeds/parse.ts';
import { etagOfJson } from '../lib/etag.ts';
import { feedHostAllowed, type Policy } from './sites.ts';

export const FEED_TTL_MS = 10 * 60_000;
export const FEED_FAILURE_TTL_MS = 60_000;
const MEMORY_ENTRIES = 1000;

export interface FeedRead {
  /** The URL read, normalized. */
  url: string;
  feed: FeedDocument;
  /** When this copy was fetched from the upstream (ISO 8601). */
  fetchedAt: string;
  /** True when the upstream failed and this is the last good copy. */
  stale: boolean;
}

/** A read as the route sends it: its JSON and ETag, made once per copy (a cached feed is sent, not serialized). */
export interface SerializedRead {
  read: FeedRead;
  json: string;
  etag: string;
}

/** Why a feed could not be read; `code` and `status` are what the API answers. */
export class FeedReadError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'FeedReadError';
    this.status = status;
    this.code = code;
  }
}

interface Copy {
  feed: FeedDocument;
  etag: string | undefined;
  lastModified: string | undefined;
  fetchedAt: string;
  /** When the upstream was last asked (epoch ms). */
  checkedAt: number;
}

type Outcome = { copy: Copy; stale: boolean; serialized?: SerializedRead } | { error: FeedReadError; at: number };

/** A malformed URL is the request's fault (400); a local or private one, or a host the site does not allow, 403. */
function urlError(input: string, policy: Policy, allowed: (address: string) => boolean): FeedReadError | { url: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return new FeedReadError(400, 'feed_url_invalid', 'the feed URL is not an absolute URL (https://example.com/feed.xml)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return new FeedReadError(400, 'feed_url_invalid', `only http: and https: feeds are read, not ${url.protocol}`);
  if (url.username || url.password) return new FeedReadError(400, 'feed_url_invalid', 'a feed URL carries no user name or password');
  const checked = checkFeedUrl(url.href, allowed);
  if ('refused' in checked) return new FeedReadError(403, 'feed_refused', `the feed URL is refused: ${checked.refused}`);
  if (!feedHostAllowed(policy, url.hostname)) {
    return new FeedReadError(403, 'feed_host_not_allowed', `this site reads feeds only from ${policy.feedHosts.join(', ')} (its feedHosts); ${url.hostname} is not one of them`);
  }
  return { url: url.href };
}

/** An upstream failure, as the API answers it: the request was understood, the feed could not be read (422). */
function readError(error: unknown): FeedReadError {
  if (error instanceof FeedFetchError) {
    return new FeedReadError(error.code === 'feed_refused' ? 403 : 422, error.code, error.message);
  }
  if (error instanceof FeedParseError) return new FeedReadError(422, error.code, error.message);
  return new FeedReadError(422, 'feed_unreachable', 'the feed could not be read');
}

export class FeedProxy {
  readonly #store: Store;
  readonly #fetchOptions: FetchOptions;
  readonly #ttlMs: number;
  readonly #memory = new Map<string, Outcome>();
  readonly #inFlight = new Map<string, Promise<Outcome>>();
  /** Upstream fetches started, for tests and the bench. */
  fetches = 0;

  constructor(store: Store, options: { fetch?: FetchOptions; ttlMs?: number } = {}) {
    this.#store = store;
    this.#fetchOptions = options.fetch ?? {};
    this.#ttlMs = options.ttlMs ?? FEED_TTL_MS;
  }

  /** Reads the feed at `url` for a site with `policy`. Throws FeedReadError. */
  async read(url: string, policy: Policy, now = Date.now()): Promise<FeedRead> {
    const checked = urlError(url, policy, this.#fetchOptions.allowed ?? isPublicAddress);
    if (checked instanceof FeedReadError) throw checked;
    const key = checked.url;
    const remembered = this.#memory.get(key);
    let outcome: Outcome;
    if (remembered && this.#fresh(remembered, now)) outcome = remembered;
    else {
      let pending = this.#inFlight.get(key);
      if (!pending) {
        pending = this.#refresh(key, remembered, now).finally(() => this.#inFlight.delete(key));
        this.#inFlight.set(key, pending);
      }
      outcome = await pending;
    }
    if ('error' in outcome) throw outcome.error;
    return { url: key, feed: outcome.copy.feed, fetchedAt: outcome.copy.fetchedAt, stale: outcome.stale };
  }

  /** `read`, with the answer's JSON and ETag, made once for each copy this instance holds. */
  async readSerialized(url: string, policy: Policy, now = Date.now()): Promise<SerializedRead> {
    const read = await this.read(url, policy, now);
    const outcome = this.#memory.get(read.url);
    if (outcome && !('error' in outcome) && outcome.serialized?.read.fetchedAt === read.fetchedAt && outcome.serialized.read.stale === read.stale) return outcome.serialized;
    const json = JSON.stringify(read);
    const serialized = { read, json, etag: etagOfJson(json) };
    if (outcome && !('error' in outcome)) outcome.serialized = serialized;
    return serialized;
  }

  #fresh(outcome: Outcome, now: number): boolean {
    return 'error' in outcome ? now - outcome.at < FEED_FAILURE_TTL_MS : now - outcome.copy.checkedAt < this.#ttlMs;
  }

  #remember(key: string, outcome: Outcome): Outcome {
    if (this.#memory.size >= MEMORY_ENTRIES) this.#memory.clear();
    this.#memory.set(key, outcome);
    return outcome;
  }

  async #refresh(key: string, remembered: Outcome | undefined, now: number): Promise<Outcome> {
    let copy = remembered && !('error' in remembered) ? remembered.copy : await this.#stored(key);
    // Another instance may have fetched it a moment ago.
    if (copy && now - copy.checkedAt < this.#ttlMs) return this.#remember(key, { copy, stale: false });
    this.fetches += 1;
    try {
      const fetched = await fetchFeed(key, { ...this.#fetchOptions, ...(copy?.etag ? { etag: copy.etag } : {}), ...(copy?.lastModified ? { lastModified: copy.lastModified } : {}) });
      const checkedAt = Date.now();
      if (fetched.notModified && copy) {
        copy = { ...copy, checkedAt };
        await this.#save(key, copy);
        return this.#remember(key, { copy, stale: false });
      }
      if (fetched.notModified) throw new FeedFetchError('feed_http_error', 'the feed answered 304 Not Modified to a request without validators');
      const { document } = parseFeedBytes(fetched.body, { contentType: fetched.contentType, url: documentUrl(fetched.url, fetched.contentLocation) });
      copy = { feed: document, etag: fetched.etag, lastModified: fetched.lastModified, fetchedAt: new Date(checkedAt).toISOString(), checkedAt };
      await this.#save(key, copy);
      return this.#remember(key, { copy, stale: false });
    } catch (error) {
      if (copy) return this.#remember(key, { copy: { ...copy, checkedAt: Date.now() - this.#ttlMs + FEED_FAILURE_TTL_MS }, stale: true });
      return this.#remember(key, { error: readError(error), at: Date.now() });
    }
  }

  async #stored(key: string): Promise<Copy | undefined> {
    const row = await this.#store.db.selectFrom('feed_cache').selectAll().where('url', '=', key).executeTakeFirst();
    if (!row) return undefined;
    return {
      feed: JSON.parse(row.document) as FeedDocument,
      etag: row.etag ?? undefined,
      lastModified: row.last_modified ?? undefined,
      fetchedAt: row.fetched_at,
      checkedAt: Date.parse(row.checked_at),
    };
  }

  async #save(key: string, copy: Copy): Promise<void> {
    const row = {
      url: key,
      document: JSON.stringify(copy.feed),
      etag: copy.etag ?? null,
      last_modified: copy.lastModified ?? null,
      fetched_at: copy.fetchedAt,
      checked_at: new Date(copy.checkedAt).toISOString(),
    };
    await this.#store.db
      .insertInto('feed_cache')
      .values(row)
      .onConflict((conflict) => conflict.column('url').doUpdateSet({ document: row.document, etag: row.etag, last_modified: row.last_modified, fetched_at: row.fetched_at, checked_at: row.checked_at }))
      .execute();
  }
}
