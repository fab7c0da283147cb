import { SHARED_WORKSPACE } from '../knowledge/article';
import { analyzeQuery } from '../search/analyzer';
import type { IndexHit, SearchIndex } from '../search/search-index';
import { type AnswerEvidence, type Calibration, confidenceOf, DEFAULT_CALIBRATION } from './calibration';
import { questionFeatures } from './question-features';
import { type BodySource, MIN_TERMS_TOGETHER, PassageMatch } from './passage-match';
import { SemanticMatch } from './semantic-match';
import { wordVectors } from './word-vectors';
import { DEFAULT_TERM_MODEL, QUICK_TERM_MODEL, TermModel, type TermModelOptions, type TermModelState, type TrainingExample } from './term-model';

/** How many first-stage hits the second stage re-scores. */
export const CANDIDATE_DEPTH = 30;
/** How many of the best re-scored candidates have their body's passages read (see addPassageEvidence). */
const PASSAGE_DEPTH = 3;
/**
 * Above this many articles, bodies are not read for passages: on a base that large most
 * leading candidates' passages are not cached, and reading and analyzing three bodies per
 * question put the bench's p99 over its target (docs/experiments.md).
 */
export const MAX_ARTICLES_FOR_PASSAGES = 20_000;

/** How the second stage weighs the first stage's evidence against the learned model. */
export interface RankingWeights {
  /** Weight of ln(first-stage score / best first-stage score). */
  retrieval: number;
  /** Weight of the share of the question's telling words the article contains. */
  coverage: number;
  /** Weight of the article's helpfulness record (bounded log-odds of 👍 to 👎). */
  helpfulness: number;
  /** Weight of the share of the question's words the title and questions have, or words of related meaning (see SemanticMatch). */
  softCoverage: number;
  /** Weight of the cosine of the question's and the title and questions' mean word vectors. */
  meaning: number;
  /** Weight of how much of the question the body's best passage holds (see PassageMatch). */
  passage: number;
}

export const DEFAULT_RANKING_WEIGHTS: RankingWeights = { retrieval: 1.5, coverage: 1, helpfulness: 0.5, softCoverage: 1, meaning: 3, passage: 3 };

/**
 * Pseudo-votes on each side of every article's record: with 5, three early 👍 move an
 * article by ln(8/5) ≈ 0.47 before weighting, far less than a better match does.
 */
const HELPFULNESS_PRIOR = 5;
/** Under the default calibration, a question needs this share of its telling words in the article to reach an even chance. */
const DEFAULT_COVERAGE_FLOOR = 0.3;
/**
 * How much a question must say (the sum of its terms' English rarity) for its coverage to
 * count in full in the confidence: about one word as rare as English's 1,300th. Questions
 * that say this little ("how much", "it does not work") were answered on the sample base
 * with whatever shared their one word.
 */
const THIN_QUESTION = 0.6;
/**
 * What a lone candidate's score is measured against, as if a rival scored this: about what
 * an article gets for holding the question's words and little more (coverage and soft
 * coverage 1 each, a third of the meaning's weight). Alone, a candidate had probability 1
 * whatever its evidence: "thank you so much", where only "much" is not a stop word, got the
 * parental leave article with full confidence. A rival as strong as the candidate itself
 * (probability 0.5) would go too far the other way: a title asked word for word on a small
 * base would fall under the confidence at which a capture is taken for a duplicate.
 * The figures are in docs/experiments.md.
 */
const LONE_RIVAL_SCORE = 3;
/** The weakest first-stage score relative to the best that a candidate can have. */
const MIN_SCORE_RATIO = 1e-6;

/** A candidate article, re-scored. */
export interface Candidate {
  id: string;
  /** Probability among the candidates that this is the one asked for. */
  probability: number;
  score: number;
  /** Share of the question's weight (see `termWeights`) the article contains, 0-1. */
  coverage: number;
  /** The learned model's part of the score. */
  learned: number;
}

export interface Ranking {
  /** The question's search terms (stemmed), for snippets. */
  terms: string[];
  /** How telling each term is (idf times its rarity in English), for snippets. */
  termWeights: Map<string, number>;
  /** Best first. */
  candidates: Candidate[];
  /** Confidence that the first candidate answers the question, 0-1. */
  confidence: number;
  /** What the confidence was computed from (absent when nothing matched). */
  evidence?: AnswerEvidence;
}

/** A question known to be answered by an article: an alternate question, a title, a 👍. */
export interface LabelledQuestion {
  question: string;
  articleId: string;
  /** The article's workspace: its candidates are what that workspace can see. */
  workspace: string;
  weight?: number;
  /** True for a 👎: the article does not answer this question. */
  negative?: boolean;
  /**
   * The workspace whose people taught it (a vote, a phrasing they confirmed): it trains that
   * workspace's own model, which scores only its questions. Absent, or the shared workspace:
   * the base's model, which every workspace's questions read.
   */
  learnedIn?: string;
}

/**
 * How much the two kinds of second-stage evidence count on this base, relative to the first
 * stage's: `asked`, the evidence of how the article is asked for (the learned model, the
 * meaning and soft coverage of its title and questions); `passage`, the body's best passage.
 * Each base chooses its own from questions it holds out (see `chooseBlend` in train-ranker):
 * a base whose titles say little about what people ask leans on the first stage and the body.
 */
export interface RankingBlend {
  asked: number;
  passage: number;
}

/** The blend of a base that has not checked itself: every kind of evidence at its weight. */
export const NEUTRAL_BLEND: RankingBlend = { asked: 1, passage: 1 };

/** What a ranker learned from its base: the term model, each workspace's own, the calibration and the blend. */
export interface LearnedState {
  model: TermModelState;
  calibration: Calibration;
  blend: RankingBlend;
  /** The models of what workspaces' people taught (see LabelledQuestion.learnedIn). */
  workspaces?: Record<string, TermModelState>;
}

/** A candidate's score in parts, before the blend weighs them (see RankingBlend). */
export interface ScoredParts {
  id: string;
  /** The first stage's score, the coverage and the vote record, weighted. */
  base: number;
  /** The asked-for evidence, weighted. */
  asked: number;
  /** The body's best passage, weighted; 0 where no passage was read. */
  passage: number;
  coverage: number;
  learned: number;
}

/** A candidate's score under a blend: what `rank` sorts by, and what a base's self-check compares. */
export function blendedScore(parts: ScoredParts, blend: RankingBlend): number {
  return parts.base + blend.asked * parts.asked + blend.passage * parts.passage;
}

/** A question's candidates in parts (see `Ranker.parts`). */
export interface RankingParts {
  terms: string[];
  termWeights: Map<string, number>;
  /** How much the question says (see THIN_QUESTION). */
  says: number;
  scored: ScoredParts[];
}

/**
 * Ranks articles in two stages: the MiniSearch index finds candidates (BM25 over title,
 * alternate questions, body and tags); a per-base learned model re-scores them and the
 * calibration turns the result into a confidence that means the same on any base.
 */
export class Ranker {
  private model = new TermModel();
  /** What each workspace's people taught, scored for its questions only, on top of the base's model. */
  private workspaceModels = new Map<string, TermModel>();
  private calibration: Calibration = DEFAULT_CALIBRATION;
  private blend: RankingBlend = NEUTRAL_BLEND;
  /** Per workspace and article (see `helpfulnessKey`): a workspace's votes move what it is answered only. */
  private readonly helpfulness = new Map<string, number>();
  private changes = 0;
  private readonly semantic: SemanticMatch;
  private readonly passages: PassageMatch;

  /** `bodies` reads an article's body for passage evidence; without it, the body counts only in the first stage. */
  constructor(
    readonly index: SearchIndex,
    private readonly weights: RankingWeights = DEFAULT_RANKING_WEIGHTS,
    private readonly bodies?: BodySource,
  ) {
    this.semantic = new SemanticMatch(index);
    this.passages = new PassageMatch(index, bodies);
  }

  /** A fresh ranker with the same weights over another index (held-out calibration). */
  withIndex(index: SearchIndex): Ranker {
    const ranker = new Ranker(index, this.weights, this.bodies);
    for (const [id, value] of this.helpfulness) ranker.helpfulness.set(id, value);
    return ranker;
  }

  rank(question: string, workspace: string, channel?: string | null): Ranking {
    return this.rankParts(this.parts(question, workspace, channel), this.blend);
  }

  /**
   * The candidates for a question with their evidence in parts, before any blend: what
   * `rank` combines, and what a base's self-check re-combines under other blends.
   */
  parts(question: string, workspace: string, channel?: string | null): RankingParts {
    const terms = analyzeQuery(question);
    const idf = this.idfOf(terms);
    const rarity = englishRarity(terms);
    const termWeights = this.termWeights(idf, rarity);
    const says = [...rarity.values()].reduce((a, b) => a + b, 0);
    const hits = this.index.search(terms, workspace, CANDIDATE_DEPTH, { channel });
    if (hits.length === 0) return { terms, termWeights, says, scored: [] };

    const best = Math.max(hits[0]!.score, Number.MIN_VALUE);
    const ids = hits.map((hit) => hit.id);
    const learned = this.learnedScores(question, ids, workspace);
    const totalWeight = [...termWeights.values()].reduce((a, b) => a + b, 0);
    const semantic = this.semantic.score(terms, termWeights, ids, workspace);
    const scored = hits.map((hit, i): ScoredParts => {
      const found = new Set(hit.queryTerms);
      let matched = 0;
      for (const [term, weight] of termWeights) if (found.has(term)) matched += weight;
      const coverage = totalWeight === 0 ? 0 : matched / totalWeight;
      // Until MiniSearch vacuums replaced documents, a stale document frequency can push a
      // score to zero or below; such a hit counts as the weakest possible, never as NaN.
      const retrieval = Math.log(Math.max(hit.score, best * MIN_SCORE_RATIO) / best);
      const base = this.weights.retrieval * retrieval + this.weights.coverage * coverage + this.weights.helpfulness * (this.helpfulness.get(helpfulnessKey(workspace, hit.id)) ?? 0);
      const asked = this.weights.softCoverage * semantic.softCoverage[i]! + this.weights.meaning * semantic.meaning[i]! + (learned?.[i] ?? 0);
      return { id: hit.id, base, asked, passage: 0, coverage, learned: learned?.[i] ?? 0 };
    });
    // Passages weigh words by the base's idf alone: the sentence of an answer that restates
    // a question is mostly made of everyday words (see docs/ranking.md).
    this.addPassageEvidence(scored, hits, terms, idf);
    return { terms, termWeights, says, scored };
  }

  /** Combines a question's parts under a blend into the ranking and its confidence. */
  rankParts(parts: RankingParts, blend: RankingBlend): Ranking {
    const { terms, termWeights, says } = parts;
    if (parts.scored.length === 0) return { terms, termWeights, candidates: [], confidence: 0 };
    const scored: Candidate[] = parts.scored.map((c) => ({
      id: c.id,
      score: blendedScore(c, blend),
      coverage: c.coverage,
      learned: c.learned,
      probability: 0,
    }));
    const max = Math.max(...scored.map((c) => c.score));
    // A lone candidate would have probability 1 whatever its evidence, and the calibration
    // read that as certainty: see LONE_RIVAL_SCORE.
    const lone = scored.length === 1;
    const total = scored.reduce((sum, c) => sum + Math.exp(c.score - max), lone ? Math.exp(LONE_RIVAL_SCORE - max) : 0);
    for (const candidate of scored) candidate.probability = Math.exp(candidate.score - max) / total;
    scored.sort((a, b) => b.score - a.score);

    const evidence: AnswerEvidence = {
      probability: scored[0]!.probability,
      coverage: scored[0]!.coverage * Math.min(1, says / THIN_QUESTION),
      runnerUp: lone ? 1 - scored[0]!.probability : (scored[1]?.probability ?? 0),
      learned: scored[0]!.learned,
    };
    return { terms, termWeights, candidates: scored, confidence: this.confidence(evidence), evidence };
  }

  /**
   * Adds the body's best passage (see PassageMatch) to the candidates that lead on all other
   * evidence: reading and analyzing a body is the costly part of ranking, and on StackFAQ the
   * passages of the first 3 change the ranking as those of all 30 do. A body in which the
   * first stage found fewer than two of the question's terms has no passage that counts, so
   * it is not read. Above MAX_ARTICLES_FOR_PASSAGES no body is read (see there).
   */
  private addPassageEvidence(
    scored: ScoredParts[],
    hits: readonly IndexHit[],
    terms: readonly string[],
    termWeights: ReadonlyMap<string, number>,
  ): void {
    if (this.weights.passage === 0 || terms.length < MIN_TERMS_TOGETHER || this.index.size > MAX_ARTICLES_FOR_PASSAGES) return;
    const hitOf = new Map(hits.map((hit) => [hit.id, hit]));
    const termsInBody = (id: string) => terms.filter((term) => hitOf.get(id)?.match[term]?.includes('body')).length;
    // Leading before any passage is read: the blend's score with the passage still 0.
    const lead = (c: ScoredParts) => blendedScore(c, this.blend);
    const leading = [...scored]
      .sort((a, b) => lead(b) - lead(a))
      .slice(0, PASSAGE_DEPTH)
      .filter((candidate) => termsInBody(candidate.id) >= MIN_TERMS_TOGETHER);
    const passage = this.passages.score(terms, termWeights, leading.map((candidate) => candidate.id));
    leading.forEach((candidate, i) => (candidate.passage = this.weights.passage * passage[i]!));
  }

  /**
   * The calibrated confidence. Until a base has calibrated itself, the default (fitted
   * on a large base, where most questions share words with many articles) cannot tell
   * that a lone match on one shared word is weak: there, the confidence is also held
   * below coverage / 0.6, so a question whose telling words the base mostly lacks is
   * not answered (costs 3 of 361 right answers on StackFAQ dev).
   */
  private confidence(evidence: AnswerEvidence): number {
    const calibrated = confidenceOf(this.calibration, evidence);
    if (this.calibration.source !== 'default') return calibrated;
    return Math.round(Math.min(calibrated, evidence.coverage / (2 * DEFAULT_COVERAGE_FLOOR)) * 1000) / 1000;
  }

  /**
   * Learns from questions whose answers are known, starting from what the model knows.
   * Each example's candidates are what the first stage finds for it, so the model learns
   * to tell apart exactly the articles that get confused.
   */
  learn(questions: readonly LabelledQuestion[], options: TermModelOptions = DEFAULT_TERM_MODEL): void {
    this.changes += 1;
    // Pruning rebuilds the whole weight table (~50 ms at 1k articles) for the few weights a
    // vote or a new phrasing adds; the next full training prunes them.
    for (const [scope, group] of byScope(questions)) {
      this.modelOf(scope).train(this.examples(group), { ...options, pruneBelow: 0 }, scope === SHARED_WORKSPACE ? undefined : this.model);
    }
  }

  /** Starts over: fresh models trained on all the questions (the base changed a lot). */
  retrain(questions: readonly LabelledQuestion[], options: TermModelOptions = DEFAULT_TERM_MODEL): void {
    const groups = byScope(questions);
    const model = new TermModel();
    model.train(this.examples(groups.get(SHARED_WORKSPACE) ?? []), options);
    const workspaceModels = new Map<string, TermModel>();
    for (const [scope, group] of groups) {
      if (scope === SHARED_WORKSPACE) continue;
      const own = new TermModel();
      own.train(this.examples(group), options, model);
      workspaceModels.set(scope, own);
    }
    this.model = model;
    this.workspaceModels = workspaceModels;
    this.changes += 1;
  }

  /** The model a scope's examples train: the base's for the shared workspace, else the workspace's own. */
  private modelOf(scope: string): TermModel {
    if (scope === SHARED_WORKSPACE) return this.model;
    let model = this.workspaceModels.get(scope);
    if (!model) this.workspaceModels.set(scope, (model = new TermModel()));
    return model;
  }

  /** The learned part of each candidate's score for a question of `workspace`: the base's model plus the workspace's own. */
  private learnedScores(question: string, ids: readonly string[], workspace: string): number[] | undefined {
    const own = workspace === SHARED_WORKSPACE ? undefined : this.workspaceModels.get(workspace);
    const ownTrained = own?.isTrained === true;
    if (!this.model.isTrained && !ownTrained) return undefined;
    const features = questionFeatures(question);
    const scores = this.model.isTrained ? this.model.score(features, ids) : ids.map(() => 0);
    if (ownTrained) own!.score(features, ids).forEach((score, i) => (scores[i]! += score));
    return scores;
  }

  /** A number that moves whenever the learned model or the calibration changes: whether there is anything new to save. */
  get revision(): number {
    return this.changes;
  }

  /** What the ranker learned (model and calibration), for saving it; helpfulness comes from the votes at start-up. */
  get learnedState(): LearnedState {
    const workspaces = Object.fromEntries([...this.workspaceModels].filter(([, model]) => model.isTrained).map(([scope, model]) => [scope, model.state]));
    return { model: this.model.state, calibration: this.calibration, blend: this.blend, workspaces };
  }

  /** Takes up a learned state saved by `learnedState`, as if it had learned it itself. */
  restoreLearned(state: LearnedState): void {
    this.model = TermModel.fromState(state.model);
    this.workspaceModels = new Map(Object.entries(state.workspaces ?? {}).map(([scope, model]) => [scope, TermModel.fromState(model)]));
    this.calibration = state.calibration;
    this.blend = state.blend;
    this.changes += 1;
  }

  /**
   * Records an article's 👍/👎 tally in one workspace (one vote per person) as a bounded
   * prior for that workspace's questions: ln((up + k) / (down + k)), clamped to ±1, so votes
   * nudge but never outweigh relevance.
   */
  setHelpfulness(articleId: string, tally: { up: number; down: number }, workspace: string): void {
    const value = Math.log((tally.up + HELPFULNESS_PRIOR) / (tally.down + HELPFULNESS_PRIOR));
    const key = helpfulnessKey(workspace, articleId);
    if (value === 0) this.helpfulness.delete(key);
    else this.helpfulness.set(key, Math.max(-1, Math.min(1, value)));
  }

  /** The settings of the quick passes that add a few examples to the trained model. */
  get quickOptions(): TermModelOptions {
    return QUICK_TERM_MODEL;
  }

  /** The model's default training settings. */
  get trainingOptions(): TermModelOptions {
    return DEFAULT_TERM_MODEL;
  }

  /** How this base weighs the asked-for and the passage evidence (see RankingBlend). */
  get currentBlend(): RankingBlend {
    return this.blend;
  }

  useBlend(blend: RankingBlend): void {
    this.blend = blend;
    this.changes += 1;
  }

  useCalibration(calibration: Calibration): void {
    this.calibration = calibration;
    this.changes += 1;
  }

  get modelSize(): number {
    return this.model.size;
  }

  private examples(questions: readonly LabelledQuestion[]): TrainingExample[] {
    return questions.map((q) => ({
      features: questionFeatures(q.question),
      articleId: q.articleId,
      candidates: this.index.search(analyzeQuery(q.question), q.workspace, CANDIDATE_DEPTH, { exact: true }).map((hit) => hit.id),
      weight: q.weight,
      negative: q.negative,
    }));
  }

  /**
   * How telling each query term is: its inverse document frequency in the base (rare words
   * tell articles apart) times how rare the word is in English at large (see
   * `englishRarity`); words without a vector (product names, codes, typos) keep their idf.
   * It keeps boilerplate such as "I want to… is it possible" from matching other articles'
   * titles, as it did on StackFAQ (docs/experiments.md).
   */
  private termWeights(idf: ReadonlyMap<string, number>, rarity: ReadonlyMap<string, number>): Map<string, number> {
    return new Map([...idf].map(([term, weight]) => [term, weight * rarity.get(term)!]));
  }

  /** Inverse document frequency of each query term in the base. */
  private idfOf(terms: readonly string[]): Map<string, number> {
    const total = Math.max(1, this.index.size);
    return new Map(terms.map((term) => [term, Math.log(1 + total / (1 + this.index.documentFrequency(term)))]));
  }
}

/** Where an article's helpfulness in a workspace is kept (article ids and workspaces hold no NUL). */
function helpfulnessKey(workspace: string, articleId: string): string {
  return `${workspace}\u0000${articleId}`;
}

/** The questions by the model they train (see LabelledQuestion.learnedIn), each group in its order. */
function byScope(questions: readonly LabelledQuestion[]): Map<string, LabelledQuestion[]> {
  const groups = new Map<string, LabelledQuestion[]>();
  for (const question of questions) {
    const scope = question.learnedIn ?? SHARED_WORKSPACE;
    const group = groups.get(scope);
    if (group) group.push(question);
    else groups.set(scope, [question]);
  }
  return groups;
}

/**
 * How rare each of the question's terms is in English at large (see `WordVectors.rarityOf`),
 * 1 for a term without a word vector (a product name, a code, a typo); summed, it is how much
 * the question says (see THIN_QUESTION).
 */
function englishRarity(terms: readonly string[]): Map<string, number> {
  const vectors = wordVectors();
  return new Map(
    terms.map((term) => {
      const id = vectors?.idOf(term) ?? -1;
      return [term, id < 0 ? 1 : vectors!.rarityOf(id)];
    }),
  );
}
