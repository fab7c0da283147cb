import { Answerer } from './answers/answerer';
import { type CapturePolicy, Editors } from './capture/capture-policy';
import { CaptureNudges } from './capture/capture-nudges';
import { Capturer } from './capture/capturer';
import { QuestionLog } from './answers/question-log';
import { type Clock, systemClock } from './clock';
import { type Db, openDatabase } from './db/open-database';
import { ArticleStore } from './knowledge/article-store';
import { KnowledgeBase } from './knowledge/knowledge-base';
import { Feedback } from './feedback/feedback';
import { QuestionLearning } from './feedback/question-learning';
import { VoteBook } from './feedback/vote-book';
import { type Logger, silentLogger } from './logger';
import { Ranker } from './ranking/ranker';
import { PersonSummary } from './upkeep/person-summary';
import { RankerTrainer } from './ranking/ranker-trainer';
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
}

/** A capture whose question Lore answers with this confidence is a duplicate of that article. */
const DUPLICATE_CONFIDENCE = 0.8;

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
  close(): void;
}

/** Opens the database (migrating it), builds the search index, and wires the core. */
export function openLore(options: LoreOptions): Lore {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const db = openDatabase(options.dbFile, { busyTimeoutMs: options.busyTimeoutMs });
  const knowledge = new KnowledgeBase(db, new ArticleStore(db, clock), options.retrieval);
  const started = Date.now();
  knowledge.load();
  logger.debug({ articles: knowledge.index.size, ms: Date.now() - started }, 'search index built');
  const questions = new QuestionLog(db);
  const ranker = new Ranker(knowledge.index);
  const votes = new VoteBook(db, clock);
  const feedback = new Feedback(votes, new QuestionLearning(db, knowledge.articles, clock), knowledge, ranker);
  feedback.load();
  const trainer = new RankerTrainer(knowledge, ranker, logger, {
    negatives: () => feedback.negativeExamples(),
    outcomes: () => votes.outcomes(),
    // Counted in memory: this is read before every answer.
    count: () => feedback.changes,
  });
  const answerer = new Answerer(knowledge, ranker, trainer, questions, clock, { minConfidence: options.minConfidence });
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
    close: () => {
      if (db.open) db.close();
    },
  };
}
