import { tokenize } from '../search/analyzer';

/**
 * How much of a text changed, 0 (same words) to 1 (nothing in common): the share of
 * words of the longer version that the other lacks, counted as multisets so that
 * reordering is no change and a doubled paragraph is.
 */
export function changedShare(before: string, after: string): number {
  const a = counts(tokenize(before));
  const b = counts(tokenize(after));
  const sizeA = [...a.values()].reduce((sum, n) => sum + n, 0);
  const sizeB = [...b.values()].reduce((sum, n) => sum + n, 0);
  const longer = Math.max(sizeA, sizeB);
  if (longer === 0) return 0;
  let common = 0;
  for (const [word, n] of a) common += Math.min(n, b.get(word) ?? 0);
  return 1 - common / longer;
}

function counts(words: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const word of words) map.set(word, (map.get(word) ?? 0) + 1);
  return map;
}
