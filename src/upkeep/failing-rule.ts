/** 👍 and 👎 on an article, one per person. */
export interface Tally {
  up: number;
  down: number;
}

/** Fewer votes than this never make an article failing, however they fall. */
export const MIN_VOTES_TO_FAIL = 5;
/** z for a two-sided 95% interval: the bound is wrong about 1 time in 40. */
const Z = 1.96;

/**
 * The Wilson score interval's lower bound on a share, given `hits` out of `total`: how
 * low the true share can plausibly be. Unlike the raw ratio, 3 of 3 gives 0.44, not 1.
 */
export function wilsonLowerBound(hits: number, total: number, z = Z): number {
  if (total <= 0) return 0;
  const share = hits / total;
  const z2 = z * z;
  const centre = share + z2 / (2 * total);
  const spread = z * Math.sqrt((share * (1 - share)) / total + z2 / (4 * total * total));
  return Math.max(0, (centre - spread) / (1 + z2 / total));
}

/** How surely people find the article unhelpful: the lower bound on its share of 👎. */
export function unhelpfulBound(tally: Tally): number {
  return wilsonLowerBound(tally.down, tally.up + tally.down);
}

/**
 * An article fails when its votes say, with 95% confidence, that most people it reached
 * found it unhelpful: at least MIN_VOTES_TO_FAIL votes, and the lower bound on the share
 * of 👎 above one half. Four 👎 and no 👍 are not yet enough; five are.
 */
export function isFailing(tally: Tally): boolean {
  return tally.up + tally.down >= MIN_VOTES_TO_FAIL && unhelpfulBound(tally) > 0.5;
}
