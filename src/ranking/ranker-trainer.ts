import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../logger';
import type { BackgroundTraining } from './background-training';
import type { ChangedArticle } from '../knowledge/article-store';
import type { LabelledQuestion, Ranker } from './ranker';
import { MODEL_VERSION, readSavedModel, type SavedModel, writeSavedModel } from './saved-model';
import { DEFAULT_TERM_MODEL, QUICK_TERM_MODEL } from './term-model';
import { calibrationFrom, labelledQuestions, learnedElsewhereQuestions, MAX_ARTICLES_FOR_TRAINING, type Outcome, trainRanker } from './train-ranker';

/**
 * When to train afresh: once the articles changed since the last full training reach a
 * quarter of what it learned from (titles and questions). Quick passes keep the model
 * current, nearly as good as one retrained on everything (StackFAQ after replaying 375
 * votes: top1 / MRR@10 0.894 / 0.932 refined, 0.896 / 0.933 retrained), and growing the
 * threshold with the base keeps the cost of retraining a bounded share of the work; the
 * full training also prunes, refits the calibration and forgets withdrawn 👎.
 */
const RETRAIN_SHARE = 0.25;
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
  /**
   * Digests of the (article, title or phrasing) pairs the model has learned since its last
   * full training here; empty after loading a saved model, so an article changed then is
   * learned whole once, as before.
   */
  private readonly learned = new Set<string>();
  private votesAtCalibration = 0;
  /** What the saved model file holds (trainedAt, ranker revision, vote count), so an unchanged model is not written again. */
  private saved = { trainedAt: -1, revision: -1, votes: -1 };

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly ranker: Ranker,
    private readonly logger: Logger,
    /** What votes taught, kept through a full retraining. */
    private readonly feedback: VoteSource = NO_VOTES,
    private readonly saving: ModelSaving = {},
  ) {}

  /** Whether a full training is running in a worker thread (see ModelSaving.background). */
  get isTrainingInBackground(): boolean {
    return this.saving.background?.isRunning ?? false;
  }

  /**
   * Takes up the saved model (start-up) when it was made the same way and from this
   * database: the articles changed since it was saved then count as changes (quick passes,
   * or a full retraining past RETRAIN_SHARE), and votes cast meanwhile are caught up with.
   * Otherwise the first question trains, as without a saved model.
   */
  load(): boolean {
    const file = this.saving.file;
    if (!file || !fs.existsSync(file)) return false;
    const started = Date.now();
    let saved: SavedModel;
    try {
      saved = readSavedModel(file);
    } catch (error) {
      this.logger.warn({ file, err: error }, 'the saved ranking model is unreadable; the first question trains it afresh');
      return false;
    }
    if (saved.version !== MODEL_VERSION) return this.rejectSaved('saved by another version');
    const misfit = this.knowledge.misfit(saved.trainedAt, new Map(saved.articles));
    if (misfit) return this.rejectSaved(misfit);
    this.ranker.restoreLearned(saved.learned);
    // What this process taught its previous model is not in this one.
    this.learned.clear();
    this.trainedAt = saved.trainedAt;
    this.changedSinceFull = saved.changedSinceFull;
    this.learnedFrom = saved.learnedFrom;
    this.heldOut = saved.heldOut;
    this.saved = { trainedAt: this.trainedAt, revision: this.ranker.revision, votes: this.feedback.count() };
    // Votes counted before the save but not yet calibrated still count towards the next recalibration.
    this.votesAtCalibration = this.feedback.count() - saved.votesPending;
    const votes = this.votesNow();
    // Votes cast, changed or withdrawn while it was closed (another process): recalibrate at the next question,
    // and teach the 👎 it has not learned, as that process's own model learned them.
    if (votes.outcomes !== saved.votes.outcomes) this.votesAtCalibration = this.feedback.count() - RECALIBRATE_EVERY;
    const known = new Set(saved.votes.negatives);
    const missed = this.feedback.negatives().filter((negative) => !known.has(negativeKey(negative)));
    // 👎 are taught at the full rate, as Feedback teaches them when they are cast.
    if (missed.length > 0) this.ranker.learn(missed, { ...DEFAULT_TERM_MODEL, epochs: QUICK_TERM_MODEL.epochs });
    this.logger.info({ file, trainedAt: this.trainedAt, weights: this.ranker.modelSize, ms: Date.now() - started }, 'ranking model loaded');
    return true;
  }

  /**
   * Stops a background training, then saves the model beside the database when it changed
   * since it was loaded or saved; call before closing the database. A model the worker
   * finished but nobody took up yet is kept: it is newer than this one's last full training.
   */
  close(): void {
    if (this.saving.background?.cancel()) return;
    try {
      this.save();
    } catch (error) {
      // The saved model only speeds up the next start; failing to write it loses nothing.
      this.logger.warn({ file: this.saving.file, err: error }, 'could not save the ranking model; the next start trains it afresh');
    }
  }

  /** Writes the model file unless there is nothing (new) to write; returns whether it holds this model. Throws when it cannot write. */
  save(): boolean {
    const file = this.saving.file;
    if (!file || this.trainedAt < 0) return false;
    const state = { trainedAt: this.trainedAt, revision: this.ranker.revision, votes: this.feedback.count() };
    if (state.trainedAt === this.saved.trainedAt && state.revision === this.saved.revision && state.votes === this.saved.votes) return true;
    const started = Date.now();
    writeSavedModel(file, {
      version: MODEL_VERSION,
      trainedAt: this.trainedAt,
      articles: this.knowledge.articleChanges(),
      changedSinceFull: this.changedSinceFull,
      learnedFrom: this.learnedFrom,
      heldOut: this.heldOut,
      votesPending: state.votes - this.votesAtCalibration,
      votes: this.votesNow(),
      learned: this.ranker.learnedState,
    });
    this.saved = state;
    this.logger.debug({ file, weights: this.ranker.modelSize, ms: Date.now() - started }, 'ranking model saved');
    return true;
  }

  private rejectSaved(reason: string): false {
    this.logger.info({ file: this.saving.file, reason }, 'the saved ranking model does not fit the database; the first question trains it afresh');
    return false;
  }

  /** The votes in the database, as a saved model records them. */
  private votesNow(): SavedModel['votes'] {
    const outcomes = createHash('sha1').update(JSON.stringify(this.feedback.outcomes())).digest('hex');
    return { outcomes, negatives: this.feedback.negatives().map(negativeKey) };
  }

  ensureFresh(): void {
    // While the index is still being read, a training would learn from part of the base: wait for all of it.
    if (this.knowledge.loading) return;
    this.takeUpBackgroundModel();
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
    const changed = this.trainedAt < 0 ? [] : this.knowledge.articles.changedSince(this.trainedAt);
    this.changedSinceFull += changed.length;
    const background = this.saving.background;
    if (this.trainedAt < 0 || this.changedSinceFull > this.learnedFrom * RETRAIN_SHARE) {
      if (background && this.knowledge.index.size > background.above) {
        // Answered meanwhile with the model it has (none yet: BM25 and the default calibration),
        // kept current by quick passes; the worker's model is taken up at a later question. After
        // a failed worker, too: a retry comes later, and a question never waits for a training.
        background.start();
        if (this.trainedAt < 0) return;
        this.learnQuickly(changed);
        this.trainedAt = current;
        return;
      }
      const everything = this.knowledge.articles.changedSince(0);
      this.rememberLearned(everything);
      const taught = learnedElsewhereQuestions(everything);
      const report = trainRanker(this.ranker, everything.map((c) => c.article), [...taught, ...this.feedback.negatives()], this.feedback.outcomes());
      this.changedSinceFull = 0;
      this.learnedFrom = report.questions;
      this.heldOut = report.heldOut;
      this.votesAtCalibration = this.feedback.count();
      this.logger.info(
        { questions: report.questions, weights: report.modelSize, calibration: report.calibration.source, blend: report.blend, ms: report.ms },
        'ranking model trained',
      );
    } else {
      this.learnQuickly(changed);
    }
    this.trainedAt = current;
  }

  /**
   * Quick passes over what the changed articles say that the model has not learned yet:
   * a new title or phrasing. Going over all of an article's questions again at every
   * change (each 👍 changes its article) trained much-voted articles far more than the
   * rest, so the model came to favour them for any question (docs/experiments.md).
   */
  private learnQuickly(changed: readonly ChangedArticle[]): void {
    const published = changed.map((c) => c.article).filter((article) => article.status === 'published');
    const fresh = [...labelledQuestions(published), ...learnedElsewhereQuestions(changed)].filter((question) => !this.learned.has(learnedKey(question)));
    for (const question of fresh) this.learned.add(learnedKey(question));
    if (fresh.length > 0) this.ranker.learn(fresh, QUICK_TERM_MODEL);
  }

  /** Remembers every title and phrasing a full training learned, so quick passes only add what is new. */
  private rememberLearned(changed: readonly ChangedArticle[]): void {
    this.learned.clear();
    const published = changed.map((c) => c.article).filter((article) => article.status === 'published');
    for (const question of [...labelledQuestions(published), ...learnedElsewhereQuestions(changed)]) this.learned.add(learnedKey(question));
  }

  /**
   * Takes up the model a background training saved, as a restart would (`load`): what
   * changed while it trained is caught up with by the usual rules.
   */
  private takeUpBackgroundModel(): void {
    const background = this.saving.background;
    if (!background?.isDone) return;
    if (this.load()) background.takenUp();
    else background.rejected();
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
    const calibration = calibrationFrom(this.heldOut, this.feedback.outcomes());
    this.ranker.useCalibration(calibration);
    this.logger.debug({ samples: calibration.samples, source: calibration.source }, 'confidence recalibrated with votes');
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

/** Where the trained model is saved between runs. */
export interface ModelSaving {
  /** The file (see `savedModelFile`); none for an in-memory database. */
  file?: string;
  /** Full trainings of a large base run in a worker thread, which saves the model to `file`; none: inline. */
  background?: BackgroundTraining;
}

/** A digest of a labelled question, for remembering what was learned in little memory. */
function learnedKey(question: LabelledQuestion): string {
  // What a workspace taught is its own: the same words taught elsewhere are learned again, by another model.
  const text = question.learnedIn ? `${question.learnedIn}\u0000${question.articleId}\u0000${question.question}` : `${question.articleId}\u0000${question.question}`;
  return createHash('sha1').update(text).digest('base64').slice(0, 12);
}

/** A 👎 as the saved model records it: a digest, so the file keeps no question text beyond the model's features. */
function negativeKey(negative: LabelledQuestion): string {
  return createHash('sha1').update(JSON.stringify([negative.workspace, negative.articleId, negative.question])).digest('hex').slice(0, 16);
}

const NO_VOTES: VoteSource = { negatives: () => [], outcomes: () => [], count: () => 0 };
