import { analyzeField } from '../search/analyzer';
import type { AskedAs, SearchIndex } from '../search/search-index';

/** An article's body text, or undefined when there is no such article (read from the database). */
export type BodySource = (articleId: string) => string | undefined;

/** BM25 term saturation and length normalization for passages: the textbook values (k 0.8-3, b 0-1 all measured within half a point). */
const PASSAGE_K = 1.2;
const PASSAGE_B = 0.75;
/** Length, in index terms, that a passage's length is normalized against: about a sentence. */
const TYPICAL_PASSAGE_TERMS = 15;
/**
 * Body text read per article at most (about 1,000 words, analyzed in about 1 ms): the cost
 * per candidate stays bounded whatever a body's length.
 */
const MAX_BODY_CHARS = 6_000;
/** Distinct question terms a passage must hold to count (see bestPassage). */
export const MIN_TERMS_TOGETHER = 2;
/** Articles whose passages are kept; past it the cache starts over, so a large base stays bounded. */
const MAX_CACHED_ARTICLES = 5_000;

/**
 * Splits a body into passages: its lines (paragraphs, list items) and, within them, its
 * sentences. Two or more spaces also end one, as in text whose line breaks were flattened.
 */
export function splitPassages(body: string): string[] {
  return body
    .split(/\n|\s{2,}|(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u)
    .map((passage) => passage.trim())
    .filter((passage) => passage.length > 0);
}

/** An article's passages, indexed for scoring: where each term occurs, and each passage's length. */
interface ArticlePassages {
  /** Per term, the passage of each of its occurrences (a passage appears once per occurrence). */
  occurrences: Map<string, number[]>;
  lengths: Uint16Array;
}

/**
 * Passage-level evidence from the body: how well the body's best sentence matches the
 * question (BM25 over the article's sentences, with the index's term weights). The answer
 * to a question often restates it in one sentence ("export your tweets as an archive")
 * while the whole body, diluted by other answers, matches it no better than others do
 * (Callan 1994; measured in docs/experiments.md). Derived once per version of an article (cached like SemanticMatch)
 * from at most MAX_BODY_CHARS of its body, so a question costs at most its candidates'
 * bounded passages.
 */
export class PassageMatch {
  /** Per article id, its passages, while its indexed fields are the same object (until the article changes). */
  private readonly articles = new Map<string, { asked: AskedAs; passages: ArticlePassages | null }>();

  constructor(
    private readonly index: SearchIndex,
    private readonly bodies: BodySource | undefined,
  ) {}

  /**
   * For each candidate, its body's best passage score over the question's total term weight:
   * about the share of the question's telling words one passage holds together (0 without a
   * body, or unknown).
   */
  score(terms: readonly string[], termWeights: ReadonlyMap<string, number>, candidates: readonly string[]): number[] {
    let total = 0;
    for (const term of terms) total += termWeights.get(term) ?? 0;
    return candidates.map((id) => {
      const passages = this.bodies && total > 0 ? this.passagesOf(id) : null;
      return passages ? bestPassage(passages, terms, termWeights) / total : 0;
    });
  }

  private passagesOf(id: string): ArticlePassages | null {
    const asked = this.index.askedAs(id);
    if (!asked) return null;
    const cached = this.articles.get(id);
    if (cached?.asked === asked) return cached.passages;
    const body = this.bodies!(id);
    const passages = body ? indexPassages(body.slice(0, MAX_BODY_CHARS)) : null;
    if (this.articles.size >= MAX_CACHED_ARTICLES) this.articles.clear();
    this.articles.set(id, { asked, passages });
    return passages;
  }
}

function indexPassages(body: string): ArticlePassages | null {
  const occurrences = new Map<string, number[]>();
  const lengths: number[] = [];
  for (const text of splitPassages(body)) {
    const terms = analyzeField(text, false);
    if (terms.length === 0) continue;
    const passage = lengths.push(terms.length) - 1;
    for (const term of terms) {
      const list = occurrences.get(term);
      if (list) list.push(passage);
      else occurrences.set(term, [passage]);
    }
  }
  return lengths.length === 0 ? null : { occurrences, lengths: Uint16Array.from(lengths, (length) => Math.min(length, 65_535)) };
}

/**
 * The BM25 score of the article's best passage among those that hold at least two of the
 * question's terms: a passage with one of them says no more than the coverage already
 * does, and would let an article that mentions a common word of the question in passing
 * ("account") outrank the one about it.
 */
function bestPassage(passages: ArticlePassages, terms: readonly string[], termWeights: ReadonlyMap<string, number>): number {
  const scores = new Map<number, { score: number; terms: number }>();
  for (const term of terms) {
    const found = passages.occurrences.get(term);
    if (!found) continue;
    const weight = termWeights.get(term) ?? 0;
    // Occurrences are in passage order: count each passage's run of them.
    for (let i = 0; i < found.length; ) {
      const passage = found[i]!;
      let frequency = 0;
      while (i < found.length && found[i] === passage) {
        frequency += 1;
        i += 1;
      }
      const norm = PASSAGE_K * (1 - PASSAGE_B + (PASSAGE_B * passages.lengths[passage]!) / TYPICAL_PASSAGE_TERMS);
      const gained = (weight * frequency * (PASSAGE_K + 1)) / (frequency + norm);
      const sum = scores.get(passage);
      if (sum) {
        sum.score += gained;
        sum.terms += 1;
      } else scores.set(passage, { score: gained, terms: 1 });
    }
  }
  let best = 0;
  for (const { score, terms: held } of scores.values()) if (held >= MIN_TERMS_TOGETHER && score > best) best = score;
  return best;
}
