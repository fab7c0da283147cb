import { workerData } from 'node:worker_threads';
import { systemClock } from '../clock';
import { openDatabase } from '../db/open-database';
import { Feedback } from '../feedback/feedback';
import { QuestionLearning } from '../feedback/question-learning';
import { VoteBook } from '../feedback/vote-book';
import { ArticleStore } from '../knowledge/article-store';
import { KnowledgeBase, savedIndexFile } from '../knowledge/knowledge-base';
import { silentLogger } from '../logger';
import { type TrainingWorkerData, TrainingState } from './background-training';
import { DEFAULT_RANKING_WEIGHTS, Ranker } from './ranker';
import { RankerTrainer } from './ranker-trainer';

/**
 * A worker thread's whole life (see BackgroundTraining): its own connection to the
 * database, the index (loaded from the saved one when it fits, as Lore does), a full
 * training exactly as a Lore training inline does, and the model saved beside the
 * database for the Lore that started it to take up.
 */
function trainInWorker(data: TrainingWorkerData): void {
  const state = new Int32Array(data.state);
  const db = openDatabase(data.dbFile, { migrate: false, busyTimeoutMs: data.busyTimeoutMs });
  try {
    const knowledge = new KnowledgeBase(db, new ArticleStore(db, systemClock), data.retrieval, { file: savedIndexFile(data.dbFile) });
    knowledge.load();
    const ranker = new Ranker(knowledge.index, DEFAULT_RANKING_WEIGHTS, (id) => knowledge.articles.bodyOf(id));
    const votes = new VoteBook(db, systemClock);
    const feedback = new Feedback(votes, new QuestionLearning(db, knowledge.articles, systemClock), knowledge, ranker);
    feedback.load();
    const trainer = new RankerTrainer(knowledge, ranker, silentLogger, {
      negatives: () => feedback.negativeExamples(),
      outcomes: () => votes.outcomes(),
      count: () => feedback.changes,
    }, { file: data.modelFile });
    trainer.ensureFresh();
    // Lore may have closed meanwhile: then nothing is written; once writing, its close waits for the whole file.
    if (Atomics.compareExchange(state, 0, TrainingState.running, TrainingState.writing) !== TrainingState.running) return;
    const saved = trainer.save();
    Atomics.store(state, 0, saved ? TrainingState.done : TrainingState.failed);
    Atomics.notify(state, 0);
  } finally {
    db.close();
  }
}

try {
  trainInWorker(workerData as TrainingWorkerData);
} catch (error) {
  const state = new Int32Array((workerData as TrainingWorkerData).state);
  Atomics.store(state, 0, TrainingState.failed);
  Atomics.notify(state, 0);
  // The worker's 'error' event logs it in the Lore that started it.
  throw error;
}
