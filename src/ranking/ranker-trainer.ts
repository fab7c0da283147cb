import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../logger';
import type { LabelledQuestion, Ranker } from './ranker';
import { DEFAULT_TERM_MODEL } from './term-model';
import { calibrationFrom, labelledQuestions, MAX_ARTICLES_FOR_TRAINING, type Outcome, trainRanker } from './train-ranker';

/**
 * When to train afresh: once the articles changed since the last full training reach a
 * quarter of what it learned from (titles and questions). Quick passes keep the model
 * current, but one retrained on everything ranks better (StackFAQ after replaying 375
 * votes: MRR@10 0.907 refined, 0.925 retrained), and growing the threshold with the base
 * keeps the cost of retraining a bounded share of the work.
 */
const RETRAIN_SHARE = 0.25;
const QUICK_PASSES = 2;
/** New votes that call for refitting the calibration (cheap: a few thousand rows). */
const RECALIBRATE_EVERY = 20;

/**
 * Keeps the ranker's learned model in step with the base: a full training the first time
 * it is needed (not at open: `lore import` never pays for it), quick passes over each
 * changed article's questions so a new article or a learned phrasing counts at the next
 * question, and a full retraining once enough has changed.
 */
export class RankerTrainer {
  private trainedAt = -1;
  private changedSinceFull = 0;
  private learnedFrom = 0;
  private heldOut: Outcome[] = [];
  private votesAtCalibration = 0;

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly ranker: Ranker,
    private readonly logger: Logger,
    /** What votes taught, kept through a full retraining. */
    private readonly feedback: VoteSource = NO_VOTES,
  ) {}

  ensureFresh(): void {
    this.recalibrateIfVoted();
    const current = this.knowledge.changeNumber;
    if (current === this.trainedAt) return;
    if (this.knowledge.index.size > MAX_ARTICLES_FOR_TRAINING) {
      // Too large to train (see train-ranker): votes alone calibrate, so a write must not
      // read the whole base again, as a full training would, only to find that out.
      if (this.trainedAt < 0) this.ranker.useCalibration(calibrationFrom([], this.feedback.outcomes()));
      this.trainedAt = current;
      return;
    }
    const changed = this.trainedAt < 0 ? [] : this.knowledge.articles.changedSince(this.trainedAt).map((c) => c.article);
    this.changedSinceFull += changed.length;
    if (this.trainedAt < 0 || this.changedSinceFull > this.learnedFrom * RETRAIN_SHARE) {
      const articles = this.knowledge.articles.changedSince(0).map((c) => c.article);
      const report = trainRanker(this.ranker, articles, this.feedback.negatives(), this.feedback.outcomes());
      this.changedSinceFull = 0;
      this.learnedFrom = report.questions;
      this.heldOut = report.heldOut;
      this.votesAtCalibration = this.feedback.count();
      this.logger.info(
        { questions: report.questions, weights: report.modelSize, calibration: report.calibration.source, ms: report.ms },
        'ranking model trained',
      );
    } else {
      const published = changed.filter((article) => article.status === 'published');
      this.ranker.learn(labelledQuestions(published), { ...DEFAULT_TERM_MODEL, epochs: QUICK_PASSES });
    }
    this.trainedAt = current;
  }

  /**
   * Votes say how often answers at each confidence were right on this base; once enough
   * new ones arrive, the calibration is refitted with them (the model stays as it is).
   */
  private recalibrateIfVoted(): void {
    if (this.trainedAt < 0) return;
    const votes = this.feedback.count();
    if (votes - this.votesAtCalibration < RECALIBRATE_EVERY) return;
    this.votesAtCalibration = votes;
    this.ranker.useCalibration(calibrationFrom(this.heldOut, this.feedback.outcomes()));
  }
}

/** What votes have taught, as the trainer reads it. */
export interface VoteSource {
  /** Every 👎 as a negative example. */
  negatives(): LabelledQuestion[];
  /** Answers voted on, with the evidence behind their confidence. */
  outcomes(): Outcome[];
  /** A number that grows by one with every vote cast, changed or withdrawn. */
  count(): number;
}

const NO_VOTES: VoteSource = { negatives: () => [], outcomes: () => [], count: () => 0 };
