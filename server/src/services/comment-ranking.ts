// The "top" order of comments: the lower bound of the Wilson score interval for the share of up votes, at
// 95 % confidence. A plain up − down or up / (up + down) puts one lucky up vote (100 %) above 40 up and 5 down
// (89 %); the lower bound asks "how good is it at least, given this many votes", so a comment climbs as votes
// confirm it. Stored as an integer (× 1e6) so both stores sort and compare it exactly.

/** z for 95 % (two-sided). */
const Z = 1.959964;

/** The Wilson lower bound of up / (up + down), 0 without votes. */
export function wilsonLowerBound(up: number, down: number): number {
  const n = up + down;
  if (n <= 0) return 0;
  const p = up / n;
  const z2 = Z * Z;
  const bound = (p + z2 / (2 * n) - Z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n);
  return Math.max(0, bound);
}

export const RANK_SCALE = 1_000_000;

/** The value kept in comments.rank. */
export function rankOf(up: number, down: number): number {
  return Math.floor(wilsonLowerBound(up, down) * RANK_SCALE);
}
