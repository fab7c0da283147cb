import { type Article, SHARED_WORKSPACE } from '../knowledge/article';
import type { ChangedArticle } from '../knowledge/article-store';
import { type AnswerEvidence, type Calibration, DEFAULT_CALIBRATION, fitCalibration } from './calibration';
import { blendedScore, type LabelledQuestion, NEUTRAL_BLEND, type Ranker, type RankingBlend, type RankingParts } from './ranker';

/** Fewer held-out answers than this make a calibration too noisy to trust over the default. */
export const MIN_CALIBRATION_SAMPLES = 100;
/** Held-out questions used for calibration at most; enough for a stable fit. */
const MAX_CALIBRATION_SAMPLES = 3000;
/**
 * Training cost grows with the examples (each needs a first-stage search for its
 * candidates); past this many, an even sample is taken, so a first question on a very
 * large base waits seconds, not minutes. Articles left out are still found by BM25.
 */
const MAX_TRAINING_EXAMPLES = 20_000;
/**
 * Above this many articles, training (one first-stage search per example) would keep the
 * first question waiting far too long while the index is this slow; the ranking then uses
 * BM25 and the calibration alone. Training in the background is the fix (speed at scale).
 */
export const MAX_ARTICLES_FOR_TRAINING = 20_000;
/** Above this many articles, the held-out calibration (two extra indexes) costs too much; votes calibrate instead. */
const MAX_ARTICLES_FOR_HELD_OUT = 5_000;
/** However many people confirm a phrasing, it counts at most this many times in training. */
const MAX_EXAMPLE_WEIGHT = 3;

/** An answer whose rightness is known, with the evidence its confidence came from. */
export interface Outcome {
  evidence: AnswerEvidence;
  right: boolean;
}

export interface TrainingReport {
  questions: number;
  modelSize: number;
  calibration: Calibration;
  /** How the base chose to weigh its evidence (see chooseBlend). */
  blend: RankingBlend;
  /** The held-out answers the calibration was fitted on, kept for recalibrating with votes. */
  heldOut: Outcome[];
  ms: number;
}

/**
 * Trains a ranker on its base: the learned model on every alternate question and title,
 * and the confidence calibration on alternate questions it has not seen (two folds, each
 * scored by a model and an index built without it), so the calibration reflects how the
 * ranking does on new phrasings rather than on ones it memorised.
 */
export function trainRanker(
  ranker: Ranker,
  articles: readonly Article[],
  feedback: readonly LabelledQuestion[] = [],
  voted: readonly Outcome[] = [],
): TrainingReport {
  const started = Date.now();
  const published = articles.filter((article) => article.status === 'published');
  if (published.length > MAX_ARTICLES_FOR_TRAINING) {
    const calibration = calibrationFrom([], voted);
    ranker.useCalibration(calibration);
    return { questions: 0, modelSize: ranker.modelSize, calibration, blend: ranker.currentBlend, heldOut: [], ms: Date.now() - started };
  }
  const questions = evenSample(labelledQuestions(published), MAX_TRAINING_EXAMPLES);
  const held = published.length <= MAX_ARTICLES_FOR_HELD_OUT ? heldOutRankings(ranker, published) : [];
  const blend = chooseBlend(held);
  const heldOut = held.map(({ parts, articleId }) => outcomeOf(ranker, parts, articleId, blend)).filter((o) => o !== undefined);
  const calibration = calibrationFrom(heldOut, voted);
  ranker.retrain([...questions, ...feedback]);
  ranker.useBlend(blend);
  ranker.useCalibration(calibration);
  return { questions: questions.length, modelSize: ranker.modelSize, calibration, blend, heldOut, ms: Date.now() - started };
}

/**
 * The calibration from held-out alternate questions and from answers people voted on
 * (👍 on the first result: right; 👎: wrong), the default when there are too few.
 */
export function calibrationFrom(heldOut: readonly Outcome[], voted: readonly Outcome[]): Calibration {
  const outcomes = [...heldOut, ...voted];
  return outcomes.length >= MIN_CALIBRATION_SAMPLES ? fitCalibration(outcomes) : DEFAULT_CALIBRATION;
}

/** At most `limit` items, spread evenly over the list (deterministic, so training is repeatable). */
function evenSample<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)]!);
}

/**
 * Titles and alternate questions, each labelled with its article. What a workspace's people
 * taught one of its own articles trains that workspace's model (see LabelledQuestion.learnedIn):
 * its candidates include the shared base, which the base's model must not learn to rank by it.
 */
export function labelledQuestions(articles: readonly Article[]): LabelledQuestion[] {
  return articles.flatMap((article) => [
    { question: article.title, articleId: article.id, workspace: article.workspace },
    ...article.questions
      .filter((q) => q.weight > 0)
      .map((q) => ({
        question: q.text,
        articleId: article.id,
        workspace: article.workspace,
        weight: Math.min(q.weight, MAX_EXAMPLE_WEIGHT),
        ...(q.origin === 'learned' && article.workspace !== SHARED_WORKSPACE ? { learnedIn: article.workspace } : {}),
      })),
  ]);
}

/** What workspaces taught published articles they do not own, each for that workspace's own model, among the candidates it sees. */
export function learnedElsewhereQuestions(changed: readonly ChangedArticle[]): LabelledQuestion[] {
  return changed
    .filter(({ article }) => article.status === 'published')
    .flatMap(({ article, learnedElsewhere }) =>
      [...learnedElsewhere].flatMap(([workspace, phrasings]) =>
        phrasings.map((p) => ({ question: p.text, articleId: article.id, workspace, weight: Math.min(p.weight, MAX_EXAMPLE_WEIGHT), learnedIn: workspace })),
      ),
    );
}

/** A held-out question's candidates, in parts (see Ranker.parts), and the article that answers it. */
export interface HeldOutRanking {
  parts: RankingParts;
  articleId: string;
}

/**
 * The alternate questions, each ranked by a model and an index built without it (two folds),
 * so what the ranking does with them is what it does with a new phrasing.
 */
function heldOutRankings(ranker: Ranker, articles: readonly Article[]): HeldOutRanking[] {
  const held = articles.flatMap((article) => article.questions.filter((q) => q.weight > 0).map((q, i) => ({ article, text: q.text, fold: (hashOf(article.id) + i) % 2 })));
  if (held.length < MIN_CALIBRATION_SAMPLES) return [];
  const stride = Math.max(1, Math.floor(held.length / MAX_CALIBRATION_SAMPLES));
  const rankings: HeldOutRanking[] = [];
  for (const fold of [0, 1]) {
    const kept = articles.map((article) => ({
      ...article,
      questions: article.questions.filter((q) => q.weight > 0).filter((_, i) => (hashOf(article.id) + i) % 2 !== fold),
    }));
    const foldIndex = ranker.index.emptyCopy();
    foldIndex.addAll(kept);
    const foldRanker = ranker.withIndex(foldIndex);
    foldRanker.retrain(labelledQuestions(kept));
    held.forEach((item, i) => {
      if (item.fold !== fold || i % stride !== 0) return;
      rankings.push({ parts: foldRanker.parts(item.text, item.article.workspace), articleId: item.article.id });
    });
  }
  return rankings;
}

/**
 * The blends a base chooses among: the passages from none to twice their weight, the
 * asked-for evidence from half to twice. Below half, a base stops answering its own titles
 * and questions asked word for word with their article: the held-out questions are new
 * phrasings, and cannot tell what the learned model does for the ones it knows.
 */
const BLENDS: readonly RankingBlend[] = [0.5, 0.75, 1, 1.5, 2].flatMap((asked) => [0, 0.5, 1, 2].map((passage) => ({ asked, passage })));
/**
 * A blend other than the neutral one is taken only when it ranks this much better on the
 * held-out questions (MRR@10), and by at least two questions' worth: less is noise.
 */
const MIN_BLEND_GAIN = 0.005;

/**
 * The blend under which the held-out questions rank best: a base whose titles and questions
 * tell its articles apart keeps the asked-for evidence; one whose questions are answered by
 * the body's words leans on the body. Without held-out questions, the neutral blend.
 */
export function chooseBlend(held: readonly HeldOutRanking[]): RankingBlend {
  if (held.length < MIN_CALIBRATION_SAMPLES) return NEUTRAL_BLEND;
  const mrrOf = (blend: RankingBlend) => {
    let sum = 0;
    for (const { parts, articleId } of held) {
      const right = parts.scored.find((c) => c.id === articleId);
      if (!right) continue;
      const mine = blendedScore(right, blend);
      let rank = 1;
      for (const c of parts.scored) if (c !== right && blendedScore(c, blend) > mine) rank += 1;
      if (rank <= 10) sum += 1 / rank;
    }
    return sum / held.length;
  };
  const neutral = mrrOf(NEUTRAL_BLEND);
  let best = { blend: NEUTRAL_BLEND, mrr: neutral };
  for (const blend of BLENDS) {
    const mrr = mrrOf(blend);
    if (mrr > best.mrr) best = { blend, mrr };
  }
  return best.mrr - neutral >= Math.max(MIN_BLEND_GAIN, 2 / held.length) ? best.blend : NEUTRAL_BLEND;
}

function outcomeOf(ranker: Ranker, parts: RankingParts, articleId: string, blend: RankingBlend): Outcome | undefined {
  const [first, second] = ranker.rankParts(parts, blend).candidates;
  if (!first) return undefined;
  // The calibration is fitted on the candidates' own coverage and runner-up, as it always was
  // (not the answer's evidence, which scales a thin question's coverage down).
  return { evidence: { probability: first.probability, coverage: first.coverage, runnerUp: second?.probability ?? 0, learned: first.learned }, right: first.id === articleId };
}

function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}
