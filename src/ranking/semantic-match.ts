import type { AskedAs, SearchIndex } from '../search/search-index';
import { type WordVectors, wordVectors } from './word-vectors';

/**
 * Below this cosine two words count as unrelated; above it, as a partial match rising to
 * 1 at the same word (remove/delete 0.48, email/mail 0.83, photo/picture 0.67).
 */
const RELATED = 0.3;
/** Articles whose comparison data is kept (about 1 kB each); past it the cache starts over, so a large base stays bounded. */
const MAX_CACHED_ARTICLES = 20_000;

/** How close a question is in meaning to each candidate's title and alternate questions. */
export interface SemanticScores {
  /**
   * Share of the question's weight (see `Ranker.termWeights`) its words find in the
   * article's title and questions, a word counting fully when the article has it and in
   * part when it has a word of related meaning (pre-trained word vectors), 0-1.
   */
  softCoverage: number[];
  /**
   * Cosine of the question's and the article's mean word vectors (frequency-weighted), -1…1,
   * times the share of the question's weight whose words have a vector.
   */
  meaning: number[];
}

/** What the comparison needs of an article, derived once per version of it. */
interface ArticleTerms {
  terms: ReadonlySet<string>;
  /** Vector ids of the terms that have one. */
  ids: Int32Array;
  mean: Float32Array;
}

/**
 * Compares a question with its candidates in meaning rather than spelling, with pre-trained
 * word vectors: the words a base's articles are asked with are often not the words people
 * type ("remove" for "delete", "mails" for "emails"). Fixed vectors (no training on the
 * base) and a per-article cache keyed by the index's stored fields keep it deterministic;
 * each question costs at most its words × its candidates' distinct words.
 */
export class SemanticMatch {
  /** Per article id, what was derived from its stored fields, while they are the same object (until the article changes). */
  private readonly articles = new Map<string, { asked: AskedAs; terms: ArticleTerms }>();
  private vectors: WordVectors | null | undefined;

  constructor(private readonly index: SearchIndex) {}

  /** With `workspace`, an article's questions include what that workspace taught it (see SearchIndex.askedAs). */
  score(terms: readonly string[], termWeights: ReadonlyMap<string, number>, candidates: readonly string[], workspace?: string): SemanticScores {
    const vectors = (this.vectors ??= wordVectors());
    let total = 0;
    for (const term of terms) total += termWeights.get(term) ?? 0;
    const termIds = terms.map((term) => vectors?.idOf(term) ?? -1);
    const question = vectors?.meanOf(terms);
    // The mean vector speaks only for the words that have one: product names, codes and
    // misspellings have none, so a question mostly made of them weighs its meaning less.
    let known = 0;
    terms.forEach((term, i) => {
      if (termIds[i]! >= 0) known += termWeights.get(term) ?? 0;
    });
    const share = total === 0 ? 0 : known / total;
    // Cosines met so far, per question term and article word: candidates share many words.
    const related = terms.map(() => new Map<number, number>());
    const softCoverage: number[] = [];
    const meaning: number[] = [];
    for (const id of candidates) {
      const article = this.articleTerms(id, vectors, workspace);
      if (!article || total === 0) {
        softCoverage.push(0);
        meaning.push(0);
        continue;
      }
      let found = 0;
      terms.forEach((term, i) => {
        const weight = termWeights.get(term) ?? 0;
        if (article.terms.has(term)) {
          found += weight;
          return;
        }
        const own = termIds[i]!;
        if (!vectors || own < 0) return;
        const seen = related[i]!;
        let best = 0;
        for (const other of article.ids) {
          let value = seen.get(other);
          if (value === undefined) {
            value = Math.max(0, (vectors.cosine(own, other) - RELATED) / (1 - RELATED));
            seen.set(other, value);
          }
          if (value > best) best = value;
        }
        found += weight * best;
      });
      softCoverage.push(found / total);
      meaning.push(question ? share * dot(question, article.mean) : 0);
    }
    return { softCoverage, meaning };
  }

  private articleTerms(id: string, vectors: WordVectors | null, workspace?: string): ArticleTerms | undefined {
    const asked = this.index.askedAs(id, workspace);
    if (!asked) return undefined;
    // An article with a workspace's phrasings is another entry, so workspaces asking in turn do not evict each other.
    const key = asked.scope === undefined ? id : `${id}\u0000${asked.scope}`;
    const cached = this.articles.get(key);
    if (cached?.asked === asked) return cached.terms;
    const terms = new Set(asked.asked ? asked.asked.split(' ') : []);
    const ids = vectors ? [...terms].map((term) => vectors.idOf(term)).filter((vectorId) => vectorId >= 0) : [];
    const article = { terms, ids: Int32Array.from(ids), mean: vectors ? vectors.meanOf(terms) : new Float32Array(0) };
    if (this.articles.size >= MAX_CACHED_ARTICLES) this.articles.clear();
    this.articles.set(key, { asked, terms: article });
    return article;
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length && i < b.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
