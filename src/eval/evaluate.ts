import type { Answerer } from '../answers/answerer';
import type { LabelledQuestion } from './queries-file';

/** `lore eval --json` prints exactly this shape. Rates are fractions from 0 to 1. */
export interface EvalMetrics {
  questions: number;
  answerable: number;
  top1: number;
  mrr10: number;
  recall5: number;
  ndcg10: number;
  /** Answerable questions answered with the right article; an abstention counts as wrong. */
  answeredAccuracy: number;
  /** Share of unanswerable questions on which Lore abstained; null when the set has none. */
  oosRecall: number | null;
  abstainRate: number;
  p50Ms: number;
  p99Ms: number;
}

const RANK_DEPTH = 10;
/** What counts as a high-confidence answer, whose precision `confidentPrecision` reports. */
export const HIGH_CONFIDENCE = 0.9;

/**
 * A question Lore did not get right: the right article was not its answer (or it said it
 * did not know), or it answered one that no article answers. `lore eval --misses` lists
 * them, so a team sees which of its questions need an alternate question or an article.
 */
export interface EvalMiss {
  question: string;
  /** The article that answers it; null when none does. */
  expected: string | null;
  /** The article Lore answered with; null when it said it does not know. */
  answered: string | null;
  /** Where the expected article ranked among the first 10; null when it was not among them or none is expected. */
  rank: number | null;
  confidence: number;
}

/** The metrics, plus what `npm run eval` and `lore eval --misses` report beyond them. */
export interface EvalReport {
  metrics: EvalMetrics;
  /** Share of answers given with confidence ≥ 0.9 that were right (null when there were none). */
  confidentPrecision: number | null;
  /** In the order of the questions. */
  misses: EvalMiss[];
}

/**
 * Asks every question through the same `ask` path the adapters use (marked as
 * evaluation, so it never counts in stats) and scores the answers.
 */
export function evaluateInDetail(answerer: Answerer, questions: readonly LabelledQuestion[], workspace: string): EvalReport {
  let answerable = 0;
  let top1 = 0;
  let reciprocal = 0;
  let recall5 = 0;
  let ndcg = 0;
  let answeredRight = 0;
  let unanswerable = 0;
  let abstainedOnUnanswerable = 0;
  let abstained = 0;
  let confident = 0;
  let confidentRight = 0;
  const times: number[] = [];
  const misses: EvalMiss[] = [];

  for (const item of questions) {
    const started = process.hrtime.bigint();
    const reply = answerer.ask(item.question, { workspace, platform: 'eval', isEval: true }, { limit: RANK_DEPTH });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (reply.decision === 'abstain') abstained += 1;
    if (reply.decision === 'answer' && reply.confidence >= HIGH_CONFIDENCE) {
      confident += 1;
      if (reply.results[0]?.id === item.article) confidentRight += 1;
    }
    const answered = reply.decision === 'answer' ? (reply.results[0]?.id ?? null) : null;
    if (item.article === null) {
      unanswerable += 1;
      if (reply.decision === 'abstain') abstainedOnUnanswerable += 1;
      else misses.push({ question: item.question, expected: null, answered, rank: null, confidence: reply.confidence });
      continue;
    }
    answerable += 1;
    const rank = reply.results.findIndex((result) => result.id === item.article) + 1;
    if (rank === 1) top1 += 1;
    if (rank === 1 && reply.decision === 'answer') answeredRight += 1;
    else misses.push({ question: item.question, expected: item.article, answered, rank: rank > 0 ? rank : null, confidence: reply.confidence });
    if (rank > 0) {
      reciprocal += 1 / rank;
      ndcg += 1 / Math.log2(rank + 1);
      if (rank <= 5) recall5 += 1;
    }
  }
  const rate = (count: number, of: number) => (of === 0 ? 0 : round(count / of));
  const metrics: EvalMetrics = {
    questions: questions.length,
    answerable,
    top1: rate(top1, answerable),
    mrr10: rate(reciprocal, answerable),
    recall5: rate(recall5, answerable),
    ndcg10: rate(ndcg, answerable),
    answeredAccuracy: rate(answeredRight, answerable),
    oosRecall: unanswerable === 0 ? null : rate(abstainedOnUnanswerable, unanswerable),
    abstainRate: rate(abstained, questions.length),
    p50Ms: round(percentile(times, 0.5)),
    p99Ms: round(percentile(times, 0.99)),
  };
  return { metrics, confidentPrecision: confident === 0 ? null : rate(confidentRight, confident), misses };
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
