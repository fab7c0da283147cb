import { Answerer } from './answers/answerer';
import { type CapturePolicy, Editors } from './capture/capture-policy';
import { CaptureNudges } from './capture/capture-nudges';
import { Capturer } from './capture/capturer';
import { QuestionLog } from './answers/question-log';
import { type Clock, systemClock } from './clock';
import { type Db, openDatabase } from './db/open-database';
import { SeenDeliveries } from './deliveries/seen-deliveries';
import { ArticleStore } from './knowledge/article-store';
import { KnowledgeBase, savedIndexFile } from './knowledge/knowledge-base';
import { Feedback } from './feedback/feedback';
import { QuestionLearning } from './feedback/question-learning';
import { VoteBook } from './feedback/vote-book';
import { type Logger, silentLogger } from './logger';
import { DEFAULT_RANKING_WEIGHTS, Ranker } from './ranking/ranker';
import { PersonSummary } from './upkeep/person-summary';
import { Upkeep } from './upkeep/upkeep';
import { PersonData } from './privacy/person-data';
import { QuestionRetention } from './privacy/question-retention';
import { BackgroundTraining } from './ranking/background-training';
import { RankerTrainer } from './ranking/ranker-trainer';
import { savedModelFile } from './ranking/saved-model';
import type { RetrievalOptions } from './search/search-index';

export interface LoreOptions {
  /** SQLite file, or `:memory:`. */
  dbFile: string;
  clock?: Clock;
  logger?: Logger;
  /** Overrides the confidence below which Lore abstains. */
  minConfidence?: number;
  /** How long a write waits for another process's lock before failing (default 5 s). */
  busyTimeoutMs?: number;
  /** Overrides how the first stage of ranking weighs matches (experiments and tests). */
  retrieval?: RetrievalOptions;
  /** `publish` (default): captures answer at once; `review`: non-editors' captures are drafts. */
  capturePolicy?: CapturePolicy;
  /** Who may publish, edit and discard. */
  editors?: Editors;
  /** Who owns articles nobody else does, and takes over from people who are gone (LORE_FALLBACK_OWNER). */
  fallbackOwner?: string;
  /** Days between reviews of an article unless it or its tags say otherwise (default 90). */
  reviewDays?: number;
  /** Days the question log keeps a question (default 365); purged while Lore runs, and by `lore questions --purge`. */
  questionRetentionDays?: number;
  /** Indexed articles above which a file database trains its ranking model in a worker thread, answering meanwhile (default 2,000). */
  backgroundTrainingAbove?: number;
  /**
   * Articles to read into the search index at start-up (no saved index, or one far behind)
   * above which they are read in the background, answering meanwhile from those read so far
   * (default: never; one-shot commands need the whole index; servers use SERVER_INDEX_IN_BACKGROUND_ABOVE).
   */
  indexInBackgroundAbove?: number;
  /**
   * Opens the database read-only (commands that only read: stats, report, export, list,
   * show): they work on a read-only file, and leave it, the saved index and the saved model
   * as they found them.
   */
  readOnly?: boolean;
}

/** A server reads more articles than this into its index in the background (about 2 s of reading here). */
export const SERVER_INDEX_IN_BACKGROUND_ABOVE = 5_000;

/** A capture whose question Lore answers with this confidence is a duplicate of that article. */
const DUPLICATE_CONFIDENCE = 0.8;

/** When an open Lore first purges questions past their retention, and how often after. */
const RETENTION_FIRST_PURGE_MS = 60 * 1000;
const RETENTION_PURGE_EVERY_MS = 6 * 60 * 60 * 1000;

/** The core, wired: one database, its knowledge base and index, and the front door for questions. */
export interface Lore {
  db: Db;
  clock: Clock;
  logger: Logger;
  knowledge: KnowledgeBase;
  questions: QuestionLog;
  answerer: Answerer;
  votes: VoteBook;
  /** Where 👍/👎 go: they are recorded and teach the ranking. */
  feedback: Feedback;
  capturer: Capturer;
  /** When to offer a one-click capture of a reply to a question Lore could not answer. */
  nudges: CaptureNudges;
  /** What a person sees about themselves: recent questions, articles awaiting their verification. */
  people: PersonSummary;
  /** Owners and reviews, failing articles, gaps, trends, correction notices, the report and digest. */
  upkeep: Upkeep;
  /** How long questions are kept, and the purge. */
  retention: QuestionRetention;
  /** A person's data, for access (export) and erasure requests. */
  personData: PersonData;
  /** Deliveries from chat platforms already handled, so a retry is answered once. */
  deliveries: SeenDeliveries;
  close(): void;
}

/** Opens the database (migrating it), builds the search index, and wires the core. */
export function openLore(options: LoreOptions): Lore {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const db = openDatabase(options.dbFile, { busyTimeoutMs: options.busyTimeoutMs, readOnly: options.readOnly });
  // The index is saved beside the database file at close and loaded at the next open when it still fits.
  const indexFile = options.dbFile === ':memory:' ? undefined : savedIndexFile(options.dbFile);
  const knowledge = new KnowledgeBase(db, new ArticleStore(db, clock), options.retrieval, { file: indexFile, logger, readOnly: options.readOnly });
  const started = Date.now();
  knowledge.load({ inBackgroundAbove: options.indexInBackgroundAbove });
  logger.debug({ articles: knowledge.index.size, ms: Date.now() - started }, 'search index built');
  const questions = new QuestionLog(db);
  const ranker = new Ranker(knowledge.index, DEFAULT_RANKING_WEIGHTS, (id) => knowledge.articles.bodyOf(id));
  const votes = new VoteBook(db, clock);
  // Upkeep is wired below, once the ranking it asks is; a 👍 reaches its gaps through this.
  let upkeep: Upkeep | undefined = undefined;
  const feedback = new Feedback(votes, new QuestionLearning(db, knowledge.articles, clock), knowledge, ranker, (questionId, articleId) => {
    try {
      upkeep?.gaps.closeHelped(questionId, articleId);
    } catch (error) {
      // The vote counted; a gap left open is closed by the next 👍 or a later answer.
      logger.warn({ err: error, questionId }, 'could not close the gaps a vote answered');
    }
  });
  feedback.load();
  const trainer = new RankerTrainer(knowledge, ranker, logger, {
    negatives: () => feedback.negativeExamples(),
    outcomes: () => votes.outcomes(),
    // Counted in memory: this is read before every answer.
    count: () => feedback.changes,
  }, indexFile === undefined || options.readOnly ? {} : {
    file: savedModelFile(options.dbFile),
    background: new BackgroundTraining({
      dbFile: options.dbFile,
      modelFile: savedModelFile(options.dbFile),
      above: options.backgroundTrainingAbove,
      retrieval: options.retrieval,
      busyTimeoutMs: options.busyTimeoutMs,
    }, logger),
  });
  trainer.load();
  const answerer = new Answerer(knowledge, ranker, trainer, questions, clock, { minConfidence: options.minConfidence });
  upkeep = new Upkeep(db, knowledge, clock, {
    fallbackOwner: options.fallbackOwner,
    reviewDays: options.reviewDays,
    minConfidence: options.minConfidence,
    nearest: (question, workspace) => {
      knowledge.refresh();
      trainer.ensureFresh();
      const ranking = ranker.rank(question, workspace);
      const top = ranking.candidates[0];
      return top && { articleId: top.id, confidence: ranking.confidence };
    },
  });
  const retention = new QuestionRetention(db, clock, options.questionRetentionDays);
  const purge = () => {
    try {
      const purged = retention.purgeExpired();
      if (purged.deleted + purged.anonymized > 0) logger.info({ ...purged }, 'purged questions older than the retention period');
    } catch (error) {
      // Another process holding the database too long: the next purge catches up.
      logger.warn({ err: error }, 'could not purge expired questions; will try again later');
    }
  };
  // A server purges a minute after it starts, then every few hours; a CLI command is over long before, and the
  // timers never keep a process alive. `lore questions --purge` purges on demand.
  const firstPurge = setTimeout(purge, RETENTION_FIRST_PURGE_MS).unref();
  const purging = setInterval(purge, RETENTION_PURGE_EVERY_MS).unref();
  return {
    db,
    clock,
    logger,
    knowledge,
    questions,
    answerer,
    votes,
    feedback,
    capturer: new Capturer(db, knowledge, clock, {
      policy: options.capturePolicy,
      editors: options.editors,
      findDuplicate: (question, workspace) => {
        trainer.ensureFresh();
        const ranking = ranker.rank(question, workspace);
        const top = ranking.candidates[0];
        return top && ranking.confidence >= DUPLICATE_CONFIDENCE ? { articleId: top.id, confidence: ranking.confidence } : undefined;
      },
    }),
    nudges: new CaptureNudges(db, clock),
    people: new PersonSummary(db),
    upkeep,
    retention,
    personData: new PersonData(db, knowledge.articles),
    deliveries: new SeenDeliveries(db, clock),
    close: () => {
      clearTimeout(firstPurge);
      clearInterval(purging);
      if (!db.open) return;
      trainer.close();
      knowledge.close();
      db.close();
    },
  };
}
