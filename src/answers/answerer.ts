import type { Clock } from '../clock';
import { LoreError } from '../errors';
import type { Article } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { analyzeQuery } from '../search/analyzer';
import type { IndexHit } from '../search/search-index';
import { DEFAULT_MIN_CONFIDENCE, estimateConfidence } from './confidence';
import type { AskContext, QuestionLog } from './question-log';
import type { RankedArticle, Reply } from './reply';
import { makeSnippet } from './snippet';

/** Longest question kept; chat messages can be pasted logs. */
export const MAX_QUESTION_LENGTH = 4000;
/** How many results a reply carries: the answer and its runners-up. */
const RESULTS_SHOWN = 3;
/** How many index hits are considered before the best are chosen. */
const CANDIDATES = 20;
/** When the runner-up scores this close to the first, ask which one was meant. */
const DID_YOU_MEAN_RATIO = 0.92;

export interface AnswererOptions {
  /** Answer only at or above this confidence; below it, say "I don't know yet". */
  minConfidence?: number;
}

/**
 * The front door for questions: every adapter and the CLI ask through `ask`, which
 * ranks the articles the asker may see, decides whether to answer, and logs the
 * question either way.
 */
export class Answerer {
  private readonly minConfidence: number;

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly log: QuestionLog,
    private readonly clock: Clock,
    options: AnswererOptions = {},
  ) {
    this.minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  }

  /** Answers a question; `limit` widens the results (evaluation looks at the top 10). */
  ask(question: string, context: AskContext, options: { limit?: number } = {}): Reply {
    const shown = Math.max(1, options.limit ?? RESULTS_SHOWN);
    const text = question.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_LENGTH);
    if (text.length === 0) throw new LoreError('INVALID_INPUT', 'The question is empty; type a question to ask.');
    this.knowledge.refresh();

    const terms = analyzeQuery(text);
    const hits = this.knowledge.index.search(terms, context.workspace, Math.max(CANDIDATES, shown));
    const weights = this.termWeights(terms);
    const confidence = hits.length === 0 ? 0 : estimateConfidence(this.evidence(hits, weights));
    const decision = confidence >= this.minConfidence ? 'answer' : 'abstain';

    const results = hits
      .slice(0, shown)
      .map((hit, rank) => this.present(hit, rank === 0 ? confidence : this.relativeScore(hit, hits[0]!, confidence), terms, weights))
      .filter((result): result is RankedArticle => result !== undefined);

    const questionId = this.log.record({
      context,
      text,
      askedAt: this.clock.now(),
      decision,
      confidence,
      results: results.map((r) => ({ id: r.id, score: r.score })),
    });
    const reply: Reply = { decision, questionId, question: text, confidence, results };
    const [first, second] = results;
    if (first && second && hits[1]!.score >= hits[0]!.score * DID_YOU_MEAN_RATIO) reply.didYouMean = [first, second];
    return reply;
  }

  /** Inverse document frequency of each query term: rare words tell articles apart. */
  private termWeights(terms: readonly string[]): Map<string, number> {
    const total = Math.max(1, this.knowledge.index.size);
    return new Map(terms.map((term) => [term, Math.log(1 + total / (1 + this.knowledge.index.documentFrequency(term)))]));
  }

  private evidence(hits: IndexHit[], weights: Map<string, number>) {
    const [first, second] = hits;
    let all = 0;
    let matched = 0;
    for (const [term, weight] of weights) {
      all += weight;
      if (first!.match[term]) matched += weight;
    }
    return {
      coverage: all === 0 ? 0 : matched / all,
      margin: second ? 1 - second.score / first!.score : 1,
    };
  }

  /** A runner-up's score: the answer's confidence scaled by how it compares. */
  private relativeScore(hit: IndexHit, first: IndexHit, confidence: number): number {
    return Math.round(confidence * (hit.score / first.score) * 1000) / 1000;
  }

  private present(hit: IndexHit, score: number, terms: readonly string[], weights: Map<string, number>): RankedArticle | undefined {
    const article: Article | undefined = this.knowledge.get(hit.id);
    if (!article) return undefined;
    const snippet = makeSnippet(article, terms, (term) => weights.get(term) ?? 0);
    return {
      id: article.id,
      title: article.title,
      score,
      snippet: snippet.text,
      highlights: snippet.highlights,
      sourceUrl: article.sourceUrl,
      owner: article.owner,
      author: article.author,
      verifiedAt: article.verifiedAt,
      verifiedBy: article.verifiedBy,
      updatedAt: article.updatedAt,
    };
  }
}
