import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../logger';
import { DEFAULT_TERM_MODEL } from './term-model';
import type { Ranker } from './ranker';
import { labelledQuestions, trainRanker } from './train-ranker';

/** Above this share of articles changed since training, start over instead of refining. */
const RETRAIN_SHARE = 0.2;

/**
 * Keeps the ranker's learned model in step with the base: a full training the first time
 * it is needed (not at open: `lore import` never pays for it), then for small changes a
 * few quick passes over the changed articles' questions, so a new article or a learned
 * phrasing counts at the next question.
 */
export class RankerTrainer {
  private trainedAt = -1;

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly ranker: Ranker,
    private readonly logger: Logger,
  ) {}

  ensureFresh(): void {
    const current = this.knowledge.changeNumber;
    if (current === this.trainedAt) return;
    const changed = this.trainedAt < 0 ? [] : this.knowledge.articles.changedSince(this.trainedAt).map((c) => c.article);
    if (this.trainedAt < 0 || changed.length > Math.max(10, this.knowledge.index.size * RETRAIN_SHARE)) {
      const articles = this.knowledge.articles.changedSince(0).map((c) => c.article);
      const report = trainRanker(this.ranker, articles);
      this.logger.info(
        { questions: report.questions, weights: report.modelSize, calibration: report.calibration.source, ms: report.ms },
        'ranking model trained',
      );
    } else {
      const published = changed.filter((article) => article.status === 'published');
      this.ranker.learn(labelledQuestions(published), { ...DEFAULT_TERM_MODEL, epochs: 2 });
    }
    this.trainedAt = current;
  }
}
