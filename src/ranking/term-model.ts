import { type WeightArrays, WeightTable } from './weight-table';

/** One thing the model should learn: this question is answered by this article. */
export interface TrainingExample {
  features: readonly string[];
  articleId: string;
  /** The articles it must be told apart from (the first stage's candidates). */
  candidates: readonly string[];
  /** How much this example counts (a learned question several people confirmed counts more). */
  weight?: number;
  /** A 👎: the article does NOT answer this question; the model learns to rank it lower. */
  negative?: boolean;
}

export interface TermModelOptions {
  epochs: number;
  learningRate: number;
  /** Weights smaller than this are dropped after training: they change no ranking and cost memory. */
  pruneBelow: number;
  /** Order in which examples are visited, for repeatable training. */
  seed: number;
}

/** A term model's learned state: feature and article names by id, and the weights. */
export interface TermModelState {
  features: string[];
  articles: string[];
  weights: WeightArrays;
}

/** Below this probability a wrong candidate is dropped from an example's later epochs. */
const EASY_NEGATIVE = 1e-3;

export const DEFAULT_TERM_MODEL: TermModelOptions = { epochs: 6, learningRate: 0.6, pruneBelow: 0.005, seed: 7 };

/** The step of a training's epoch: decaying, so the weights settle instead of the last examples dominating. */
function epochRate(options: TermModelOptions, epoch: number): number {
  return options.learningRate / (1 + epoch * 0.5);
}

/**
 * A couple of quick passes that add a few examples (a new phrasing, a 👎) to a trained
 * model, stepping as the last epoch of a full training does: at the first epoch's rate, a
 * single new phrasing pushed all its words ("how do", "gmail") towards its article, and
 * the articles learned last drew other questions (StackFAQ dev after replaying feedback:
 * top1 0.876 at the full rate, 0.894 at this one; 0.882 at a third of it).
 */
export const QUICK_TERM_MODEL: TermModelOptions = {
  ...DEFAULT_TERM_MODEL,
  epochs: 2,
  learningRate: epochRate(DEFAULT_TERM_MODEL, DEFAULT_TERM_MODEL.epochs - 1),
};

/**
 * A per-base model of which words point to which article: for each article, a sparse
 * weight per question feature. Trained like a classifier (softmax over each example's
 * candidates), so it learns the words that tell similar articles apart, which a fixed
 * ranking formula cannot. It only scores candidates the first stage found, so its cost
 * does not grow with the base.
 */
export class TermModel {
  private readonly featureIds = new Map<string, number>();
  private readonly articleIds = new Map<string, number>();
  private weights = new WeightTable();

  /** Everything the model learned, for saving it (see `fromState`). */
  get state(): TermModelState {
    // Ids are given in insertion order, so each list's position is the id.
    return { features: [...this.featureIds.keys()], articles: [...this.articleIds.keys()], weights: this.weights.toArrays() };
  }

  /** A model that scores and goes on learning exactly as the one `state` was taken from. */
  static fromState(state: TermModelState): TermModel {
    const model = new TermModel();
    state.features.forEach((feature, id) => model.featureIds.set(feature, id));
    state.articles.forEach((article, id) => model.articleIds.set(article, id));
    model.weights = WeightTable.fromArrays(state.weights);
    return model;
  }

  /** True when the model has learned something and scores are worth adding. */
  get isTrained(): boolean {
    return this.weights.size > 0;
  }

  /** How many (article, feature) weights the model holds. */
  get size(): number {
    return this.weights.size;
  }

  /** Learned score of each candidate for a question with these features. */
  score(features: readonly string[], candidates: readonly string[]): number[] {
    const ids = this.knownIds(features);
    return candidates.map((article) => {
      const a = this.articleIds.get(article);
      if (a === undefined) return 0;
      let sum = 0;
      for (const id of ids) sum += this.weights.get(a, id);
      return sum;
    });
  }

  /**
   * Trains on the examples (starting from the current weights, so feedback can refine a
   * trained model), visiting them in a seeded order for repeatable results. With `base`,
   * this model learns on top of that one (held as it is): what the two score together is
   * what is trained, as a workspace's own model adds to the base's.
   */
  train(examples: readonly TrainingExample[], options: TermModelOptions = DEFAULT_TERM_MODEL, base?: TermModel): void {
    const prepared = examples.map((example) => {
      const candidates = example.candidates.includes(example.articleId) ? example.candidates : [...example.candidates, example.articleId];
      return {
        ids: example.features.map((feature) => this.idOf(feature, this.featureIds)),
        target: this.idOf(example.articleId, this.articleIds),
        candidates: candidates.map((id) => this.idOf(id, this.articleIds)),
        offsets: base?.isTrained ? base.score(example.features, candidates) : candidates.map(() => 0),
        weight: example.weight ?? 1,
        negative: example.negative === true,
      };
    });
    const order = prepared.map((_, i) => i);
    const random = seededRandom(options.seed);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle(order, random);
      const rate = epochRate(options, epoch);
      for (const i of order) this.step(prepared[i]!, rate);
    }
    this.prune(options.pruneBelow);
  }

  private step(example: { ids: number[]; target: number; candidates: number[]; offsets: number[]; weight: number; negative: boolean }, rate: number): void {
    const { ids } = example;
    const candidates = example.candidates;
    if (ids.length === 0) return;
    const logits = candidates.map((article, c) => {
      let sum = example.offsets[c]!;
      for (const id of ids) sum += this.weights.get(article, id);
      return sum;
    });
    const max = Math.max(...logits);
    const exps = logits.map((logit) => Math.exp(logit - max));
    const total = exps.reduce((a, b) => a + b, 0);
    // Long questions spread the same step over more features.
    const scale = (rate * example.weight) / Math.sqrt(ids.length);
    const stillHard: number[] = [];
    const stillHardOffsets: number[] = [];
    candidates.forEach((article, c) => {
      const probability = exps[c]! / total;
      // Positive: maximise log p(target). Negative: lower the target as maximising
      // log(1 - p(target)) would, but leave the others' weights alone: a 👎 says which
      // article does not answer, not which one does, and lifting the others taught them
      // the words of questions none of them answers, and out-of-scope questions then drew
      // confident answers (docs/experiments.md).
      const gradient = example.negative
        ? article === example.target
          ? probability
          : 0
        : probability - (article === example.target ? 1 : 0);
      // A candidate the model already rules out firmly is not worth scoring again.
      if (article === example.target || probability > EASY_NEGATIVE || example.negative) {
        stillHard.push(article);
        stillHardOffsets.push(example.offsets[c]!);
      }
      if (Math.abs(gradient) < 1e-4) return;
      for (const id of ids) this.weights.add(article, id, -scale * gradient);
    });
    example.candidates = stillHard;
    example.offsets = stillHardOffsets;
  }

  private prune(threshold: number): void {
    if (threshold <= 0) return;
    this.weights.filter((weight) => Math.abs(weight) >= threshold);
  }

  private idOf(key: string, ids: Map<string, number>): number {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  }

  private knownIds(features: readonly string[]): number[] {
    const ids: number[] = [];
    for (const feature of features) {
      const id = this.featureIds.get(feature);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }
}

function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
