import { privateReads, publicReads } from '../../core/reads.js';

/** The public summary of a subject, as the rating routes return it. */
export interface RatingSummary {
  subject: string;
  average: number;
  count: number;
  /** histogram[i] = votes of i + 1 stars. */
  histogram: number[];
}

/** The caller's own vote (`GET ratings/mine/batch` items); writes also return the new summary. */
export interface OwnVote {
  subject: string;
  value: number | null;
  summary?: RatingSummary;
}

/** Summaries of every rating on the page: one public, cacheable request per page (and per 200). */
export const summaries = publicReads<RatingSummary>('ratings/batch');

/** The visitor's own votes: one private request per page. */
export const ownVotes = privateReads<OwnVote>('ratings/mine/batch');

/** The resource a visitor's vote is written to (one outbox resource per subject). */
export const ownVotePath = (subject: string): string => 'ratings/mine?subject=' + encodeURIComponent(subject);

/** The summary after moving one vote from `from` to `to` (null = no vote), for the optimistic display. */
export const withVoteMoved = (summary: RatingSummary, from: number | null, to: number | null): RatingSummary => {
  const histogram = [...summary.histogram];
  if (from) histogram[from - 1]!--;
  if (to) histogram[to - 1]!++;
  const count = histogram.reduce((sum, n) => sum + n, 0);
  const total = histogram.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return { ...summary, histogram, count, average: count && total / count };
};
