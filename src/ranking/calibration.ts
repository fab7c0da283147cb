import { fitMonotoneLogistic, predict } from './logistic';

/** What the ranking says about its first candidate. */
export interface AnswerEvidence {
  /** Its probability among the candidates. */
  probability: number;
  /** Share of the question's telling words it contains, scaled down for a question that says little (see THIN_QUESTION in ranker.ts). */
  coverage: number;
  /** The second candidate's probability. */
  runnerUp: number;
  /** What the learned model alone says for it (0 when untrained): low for questions unlike any it learned. */
  learned: number;
}

/**
 * Maps evidence to the probability that the first candidate is right. Fitted per base
 * on questions the ranking has not learned from, so 0.8 means "right 8 times in 10"
 * on this base, whatever its size or wording.
 */
export interface Calibration {
  bias: number;
  /** Weights of [logit(probability), coverage, probability - runnerUp, learned score]. */
  weights: [number, number, number, number];
  /** `default` until the base has enough answered questions to fit its own. */
  source: 'default' | 'base';
  /** How many questions the fit used. */
  samples: number;
}

/**
 * Used until a base has enough alternate questions to calibrate itself. Fitted on
 * StackFAQ dev (a base with no alternate questions, like most new bases) with the body's
 * passages in the ranking (in a first form: the best passage relative to the best
 * candidate's); fit it again when the ranking's scores change: the passages sharpened the
 * first candidate's probability, and under the previous fit answers at 0.9 or more fell to
 * 95% right. Now they are right 96% of the time on StackFAQ dev and 98% on its feedback
 * split. A fit on the final form does no better on either split and weighs the probability
 * gap negatively (it moves with the probability), so this one is kept.
 */
export const DEFAULT_CALIBRATION: Calibration = { bias: 0.492, weights: [0.878, 0.208, 1.065, -0.186], source: 'default', samples: 0 };

export function evidenceFeatures(evidence: AnswerEvidence): [number, number, number, number] {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, evidence.probability));
  return [Math.log(p / (1 - p)), evidence.coverage, evidence.probability - evidence.runnerUp, evidence.learned];
}

export function confidenceOf(calibration: Calibration, evidence: AnswerEvidence): number {
  const confidence = predict(calibration, evidenceFeatures(evidence));
  return Math.round(confidence * 1000) / 1000;
}

/**
 * Fits a base's own calibration from answers whose rightness is known. No evidence may
 * lower the confidence as it grows: fitted freely on the sample base's held-out questions,
 * the learned score and the probability gap came out negative, so a question the model had
 * learned word for word ("How do I connect to the VPN?", learned score 5) got 0.49 and
 * Lore said it did not know. Fitted monotone, none is (figures in docs/experiments.md).
 */
export function fitCalibration(outcomes: ReadonlyArray<{ evidence: AnswerEvidence; right: boolean }>): Calibration {
  const rows = outcomes.map((o) => ({ features: evidenceFeatures(o.evidence), label: o.right }));
  const fitted = fitMonotoneLogistic(rows);
  const [a = 0, b = 0, c = 0, d = 0] = fitted.weights;
  return { bias: fitted.bias, weights: [a, b, c, d], source: 'base', samples: outcomes.length };
}
