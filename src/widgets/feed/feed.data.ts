// What <kith-feed> reads: its feed, by key, through `GET feeds/batch` (docs/rest-api.md): every feed on a page in
// one public, cacheable request, and the copy an earlier page saved shown when the server cannot be reached. A
// feed's key is its URL (an external feed, read by the server's proxy) or Kith's own activity: `activity`,
// `activity:subject=<subject>`, `activity:tag=<tag>`.
import { send } from '../../core/http.js';
import { privateReads, publicReads } from '../../core/reads.js';
import { validSubject } from '../../core/subject.js';
import type { FeedDocument } from '../../core/feed-document.js';

export { feedKey } from '../../core/feed-key.js';

export type { FeedAuthor, FeedDocument, FeedEnclosure, FeedItem, ActivityFacts } from '../../core/feed-document.js';
export { ACTIVITY_SUBJECT } from '../../core/feed-document.js';

/** One feed of a batch: the feed, or why it could not be read. */
export interface FeedAnswer {
  /** The feed's key. */
  subject: string;
  feed?: FeedDocument;
  /** When the server fetched it from the feed's own server (external feeds). */
  fetchedAt?: string;
  /** The feed's server failed just now: this is the server's last good copy. */
  stale?: boolean;
  error?: { code: string; message: string };
}

const answers = publicReads<FeedAnswer>('feeds/batch');
const ownAnswers = privateReads<FeedAnswer>('feeds/batch');

/**
 * The feed of `key`: batched with every feed read in the same task; `showCached` gets a copy an earlier page
 * saved if the server is slow or cannot be reached. A key too long to batch (a URL of over 512 characters) is
 * read on its own.
 */
export const readFeed = (prefix: string, key: string, showCached: (answer: FeedAnswer) => void): Promise<FeedAnswer> =>
  validSubject(key)
    ? answers.read(prefix, key, showCached)
    : send<{ feed: FeedDocument; fetchedAt: string; stale: boolean }>('GET', 'feeds?url=' + encodeURIComponent(key), { prefix }).then(
        (read) => ({ subject: key, ...read }),
        (error) => ({ subject: key, error: { code: error.code, message: error.message } }),
      );

/** The activity of a site that keeps it to its signed-in users, read with the user's credential. */
export const readOwnFeed = (prefix: string, key: string): Promise<FeedAnswer> => ownAnswers(prefix, key);
