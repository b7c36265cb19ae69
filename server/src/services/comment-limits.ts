// Flood and duplicate limits for new comments. The flood limits are token buckets (plugins/rate-limit.ts) on
// the configured bucket store, so instances that share RATE_LIMIT_STORE share them and no table grows: per
// author a burst of 5 a minute and 30 an hour, per guest network (the keyed hash, never the IP) 20 an hour.
// Duplicates are found in the comments themselves (same author, subject and normalised body within 24 h).
import { createHash } from 'node:crypto';
import { HttpError } from '../errors.ts';
import { TokenBucketLimit, type BucketStore, type Verdict } from '../plugins/rate-limit.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const COMMENT_FLOOD = { perAuthorMinute: 5, perAuthorHour: 30, perGuestNetworkHour: 20 } as const;
export const DUPLICATE_WINDOW_MS = 24 * HOUR;

export const commentFlood = (seconds: number) =>
  new HttpError(429, 'comment_flood', `too many comments in a short time; retry in ${seconds} s`, { headers: { 'retry-after': String(seconds) } });

export const duplicateComment = () =>
  new HttpError(409, 'duplicate_comment', 'you already posted this comment on this subject in the last 24 hours');

export interface CommentFloodLimits {
  /** Counts one new comment by `author` (and, for a guest, its network); throws 429 comment_flood beyond a limit. */
  take(siteId: string, author: string, guestNetwork: string | null): Promise<void>;
}

export function commentFloodLimits(store: BucketStore, limits: typeof COMMENT_FLOOD = COMMENT_FLOOD): CommentFloodLimits {
  const minute = new TokenBucketLimit(store, 'cm', limits.perAuthorMinute, MINUTE);
  const hour = new TokenBucketLimit(store, 'ch', limits.perAuthorHour, HOUR);
  const network = new TokenBucketLimit(store, 'cn', limits.perGuestNetworkHour, HOUR);
  const refuse = (verdict: Verdict) => {
    if (!verdict.allowed) throw commentFlood(verdict.retryAfterSeconds);
  };
  return {
    async take(siteId, author, guestNetwork) {
      // One after the other: a refused burst does not also spend the hour's allowance.
      refuse(await minute.hit(`${siteId}:${author}`));
      refuse(await hour.hit(`${siteId}:${author}`));
      if (guestNetwork !== null) refuse(await network.hit(`${siteId}:${guestNetwork}`));
    },
  };
}

/** The duplicate check's key: NFKC, case folded, runs of white space as one space, trimmed. */
export function bodyHash(body: string): string {
  const normalised = body.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(normalised).digest('base64url');
}
