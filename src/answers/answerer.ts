import type { Clock } from '../clock';
import { LoreError } from '../errors';
import type { Article } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Candidate, Ranker, Ranking } from '../ranking/ranker';
import type { RankerTrainer } from '../ranking/ranker-trainer';
import { analyzeField } from '../search/analyzer';
import type { AskContext, QuestionLog } from './question-log';
import { NOT_LOGGED, type RankedArticle, type Reply } from './reply';
import { smallTalkOf } from './small-talk';
import { readsAsFollowUp, withContext } from './follow-up';
import { makePassage } from './passage';
import { makeSnippet } from './snippet';

/** The most telling term of a ranked question (in "how do I borrow a company bicycle", "bicycle"). */
function mostTelling(ranking: Ranking): string | undefined {
  let best: { term: string; weight: number } | undefined;
  for (const [term, weight] of ranking.termWeights) if (!best || weight > best.weight) best = { term, weight };
  return best?.term;
}

/** A message as one line, cut to the longest question kept. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_LENGTH);
}

/** Longest question kept; chat messages can be pasted logs. */
export const MAX_QUESTION_LENGTH = 4000;
/** How many results a reply carries: the answer and its runners-up. */
const RESULTS_SHOWN = 3;
/** Confidence below which Lore says it does not know yet, unless configured otherwise. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;
/** When the runner-up is at least this likely relative to the first, ask which one was meant. */
const DID_YOU_MEAN_RATIO = 0.6;

export interface AnswererOptions {
  /** Answer only at or above this confidence; below it, say "I don't know yet". */
  minConfidence?: number;
}

/**
 * The front door for questions: every adapter and the CLI ask through `ask`, which
 * ranks the articles the asker may see, decides whether to answer, and logs the
 * question either way; small talk the base has no answer for is answered in kind and
 * not logged.
 */
export class Answerer {
  private readonly minConfidence: number;

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly ranker: Ranker,
    private readonly trainer: RankerTrainer,
    private readonly log: QuestionLog,
    private readonly clock: Clock,
    options: AnswererOptions = {},
  ) {
    this.minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  }

  /**
   * Answers a question; `limit` widens the results (evaluation looks at the top 10).
   * `previous` is the question asked earlier in the same thread: a message that goes on
   * from it ("still broken") is answered with it (see `readsAsFollowUp`), a new question alone.
   * A `dryRun` (an admin trying the base with `lore ask --dry-run`) is not logged: it counts
   * in no stats, gap or trend, and its reply carries NOT_LOGGED.
   */
  ask(question: string, context: AskContext, options: { limit?: number; previous?: string; dryRun?: boolean } = {}): Reply {
    const shown = Math.max(1, options.limit ?? RESULTS_SHOWN);
    const message = clean(question);
    if (message.length === 0) throw new LoreError('INVALID_INPUT', 'The question is empty; type a question to ask.');
    this.knowledge.refresh();
    this.trainer.ensureFresh();

    const alone = this.ranker.rank(message, context.workspace, context.channel);
    const read = options.previous === undefined || context.isEval ? undefined : this.followUp(message, options.previous, context, alone);
    // A follow-up is logged, learned from and shown as both together: "still broken" alone says nothing.
    const text = read?.text ?? message;
    const ranking = read?.ranking ?? alone;
    const followUp = read?.followUp;
    const confidence = ranking.confidence;
    const decision = ranking.candidates.length > 0 && confidence >= this.minConfidence ? 'answer' : 'abstain';
    // A base may answer "thank you" itself (an intent bot's base does); otherwise it is no
    // question to log as a gap. Evaluation questions are labelled questions, never chat.
    const smallTalk = decision === 'abstain' && !context.isEval ? smallTalkOf(text) : undefined;
    if (smallTalk) return { decision, questionId: NOT_LOGGED, question: text, confidence, results: [], smallTalk };
    const top = ranking.candidates[0];
    const results = ranking.candidates
      .slice(0, shown)
      .map((candidate) => this.present(candidate, top!, confidence, ranking.terms, ranking.termWeights, context.workspace))
      .filter((result): result is RankedArticle => result !== undefined);

    const questionId = options.dryRun ? NOT_LOGGED : this.log.record({
      context,
      text,
      askedAt: this.clock.now(),
      decision,
      confidence,
      results: results.map((r) => ({ id: r.id, score: r.score })),
      evidence: ranking.evidence,
    });
    const reply: Reply = { decision, questionId, question: text, confidence, results };
    if (followUp) reply.followUp = followUp;
    const [first, second] = results;
    const [best, next] = ranking.candidates;
    if (first && second && best && next && next.probability >= best.probability * DID_YOU_MEAN_RATIO) reply.didYouMean = [first, second];
    const loading = this.knowledge.loading;
    if (loading) reply.loading = loading;
    return reply;
  }

  /**
   * Whether a message goes on from the thread's earlier question (see `readsAsFollowUp`),
   * without asking it: for places where Lore only answers follow-ups (the asker writing on
   * under an answer). Nothing is logged.
   */
  readsAsFollowUp(question: string, previous: string, context: AskContext): boolean {
    const message = clean(question);
    if (!message) return false;
    this.knowledge.refresh();
    this.trainer.ensureFresh();
    return this.followUp(message, previous, context, this.ranker.rank(message, context.workspace, context.channel)) !== undefined;
  }

  /** The message read with the earlier question, when it is a follow-up of it. */
  private followUp(message: string, earlier: string, context: AskContext, alone: Ranking): { text: string; ranking: Ranking; followUp: NonNullable<Reply['followUp']> } | undefined {
    const previous = clean(earlier);
    if (!previous || previous.toLowerCase() === message.toLowerCase() || smallTalkOf(message)) return undefined;
    const text = withContext(previous, message, MAX_QUESTION_LENGTH);
    const ranking = this.ranker.rank(text, context.workspace, context.channel);
    const evidence = { message, alone: alone.confidence, withContext: ranking.confidence, minConfidence: this.minConfidence };
    if (!readsAsFollowUp({ ...evidence, answerHoldsMessageWords: this.holdsWords(ranking.candidates[0]?.id, mostTelling(alone)) })) return undefined;
    return { text, ranking, followUp: { previous, message } };
  }

  /** Whether an article's title, body or questions hold a term. */
  private holdsWords(articleId: string | undefined, term: string | undefined): boolean {
    const article = articleId === undefined ? undefined : this.knowledge.get(articleId);
    if (!article || term === undefined) return false;
    return analyzeField([article.title, article.body, ...article.questions.map((q) => q.text)].join('\n'), false).includes(term);
  }

  /**
   * The reply Lore gave to a logged question, as it would look now: the same articles in
   * the same order with their current text, for adapters that redraw an answer in place
   * (a Teams card after a vote). Articles deleted since are left out.
   */
  recall(questionId: number): Reply | undefined {
    const shown = this.log.shown(questionId);
    if (!shown) return undefined;
    this.knowledge.refresh();
    const ranking = this.ranker.rank(shown.text, shown.workspace);
    const results: RankedArticle[] = [];
    for (const result of shown.results) {
      const article = this.articleFor(result.id, shown.workspace);
      if (!article) continue;
      results.push(this.describe(article, result.score, ranking.terms, (term) => ranking.termWeights.get(term) ?? 0));
    }
    return { decision: shown.decision, questionId, question: shown.text, confidence: shown.confidence, results };
  }

  /**
   * A result as shown: the first carries the answer's confidence, the others the same
   * confidence scaled by how likely they are compared with the first.
   */
  private present(
    candidate: Candidate,
    top: Candidate,
    confidence: number,
    terms: readonly string[],
    weights: Map<string, number>,
    workspace: string,
  ): RankedArticle | undefined {
    const article = this.articleFor(candidate.id, workspace);
    if (!article) return undefined;
    const score = candidate === top ? confidence : Math.round(confidence * (candidate.probability / top.probability) * 1000) / 1000;
    return this.describe(article, score, terms, (term) => weights.get(term) ?? 0);
  }

  /**
   * The article as `workspace` sees it: with the phrasings its people taught it when it is
   * another's (the shared base), so a snippet may say "also asked as" in their words, and
   * never in another workspace's.
   */
  private articleFor(id: string, workspace: string): Article | undefined {
    const article = this.knowledge.get(id);
    const learned = article ? this.knowledge.index.learnedIn(id, workspace) : [];
    if (!article || learned.length === 0) return article;
    return { ...article, questions: [...article.questions, ...learned.map((text) => ({ text, origin: 'learned' as const, weight: 1 }))] };
  }

  private describe(article: Article, score: number, terms: readonly string[], weightOf: (term: string) => number): RankedArticle {
    const snippet = makeSnippet(article, terms, weightOf);
    return {
      id: article.id,
      title: article.title,
      score,
      snippet: snippet.text,
      highlights: snippet.highlights,
      passage: makePassage(article, terms, weightOf),
      sourceUrl: article.sourceUrl,
      owner: article.owner,
      author: article.author,
      verifiedAt: article.verifiedAt,
      verifiedBy: article.verifiedBy,
      updatedAt: article.updatedAt,
    };
  }
}
