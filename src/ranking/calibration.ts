import { fitLogistic, predict } from './logistic';

/** What the ranking says about its first candidate. */
export interface AnswerEvidence {
  /** Its probability among the candidates. */
  probability: number;
  /** Share of the question's telling words it contains. */
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
 * StackFAQ dev (a base with no alternate questions, like most new bases); on its
 * feedback split, answers at confidence 0.9 or more were right 97% of the time.
 */
export const DEFAULT_CALIBRATION: Calibration = { bias: -0.07, weights: [0.445, 0.76, 3.92, -0.294], source: 'default', samples: 0 };

export function evidenceFeatures(evidence: AnswerEvidence): [number, number, number, number] {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, evidence.probability));
  return [Math.log(p / (1 - p)), evidence.coverage, evidence.probability - evidence.runnerUp, evidence.learned];
}

export function confidenceOf(calibration: Calibration, evidence: AnswerEvidence): number {
  const confidence = predict(calibration, evidenceFeatures(evidence));
  return Math.round(confidence * 1000) / 1000;
}

/** Fits a base's own calibration from answers whose rightness is known. */
export function fitCalibration(outcomes: ReadonlyArray<{ evidence: AnswerEvidence; right: boolean }>): Calibration {
  const fitted = fitLogistic(outcomes.map((o) => ({ features: evidenceFeatures(o.evidence), label: o.right })));
  const [a = 0, b = 0, c = 0, d = 0] = fitted.weights;
  return { bias: fitted.bias, weights: [a, b, c, d], source: 'base', samples: outcomes.length };
}
