/** What a ranking says about how sure Lore may be of its first result. */
export interface RankingEvidence {
  /** Share of the question's weight (by idf) that the first result contains, 0-1. */
  coverage: number;
  /** How far the first result stands ahead of the second: 1 - second/first, 0-1. */
  margin: number;
}

/** The default confidence below which Lore says it does not know yet. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

/**
 * Confidence that the first result answers the question. A question whose telling words
 * the article lacks cannot be answered by it, however the scores fall; a clear lead over
 * the runner-up adds certainty.
 */
export function estimateConfidence(evidence: RankingEvidence): number {
  const value = evidence.coverage * (0.6 + 0.4 * evidence.margin);
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
