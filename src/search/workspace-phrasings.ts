import { analyzeField } from './analyzer';

/** MiniSearch's weight of a prefix match, as the main index gives it (see BoundedSearch). */
const PREFIX_WEIGHT = 0.375;

/** The statistics of the main index that a workspace's phrasings are scored with. */
export interface PhrasingStatistics {
  /** Articles in the main index. */
  total: number;
  /** Mean length of the main index's questions field; undefined: lengths are not normalized. */
  averageLength?: number;
  /** Articles whose questions field holds the term in the main index. */
  frequency(term: string): number;
  boost: number;
  bm25: { k: number; b: number; d: number };
}

/** What a workspace's phrasings add to one article for a question: a raw BM25 sum and the query terms it matched, with the index terms. */
export interface PhrasingMatch {
  score: number;
  queryTerms: string[];
  terms: string[];
}

interface Entry {
  texts: readonly string[];
  /** Term → occurrences in the phrasings, analyzed as the questions field is. */
  counts: Map<string, number>;
  length: number;
  /** Analyzed terms with stop words dropped, as the index's stored `asked` field is. */
  asked: string;
}

/** One workspace's phrasings: per article, and which articles hold each term. */
interface Vocabulary {
  entries: Map<string, Entry>;
  postings: Map<string, Set<string>>;
  /** Terms in all its phrasings, for the questions field's mean length as if they were in the index. */
  length: number;
}

/**
 * Phrasings a workspace taught articles it does not own (its people's 👍 on the shared
 * base), kept beside the main index and searched only for that workspace's questions: the
 * shared base's index holds only what its editors wrote and what the base's own workspace
 * learned, so one workspace's votes never change what another is answered. They are scored
 * as the index's questions field would score them, with the main index's statistics, so an
 * article a workspace taught ranks for it as if the phrasing were one of its questions.
 */
export class WorkspacePhrasings {
  private readonly vocabularies = new Map<string, Vocabulary>();
  /** Article → the workspaces that taught it something, so an article is replaced in one step. */
  private readonly teachers = new Map<string, Set<string>>();

  /** Replaces what every workspace taught the article (empty: nothing, or the article is not searchable). */
  set(articleId: string, learned: ReadonlyMap<string, readonly string[]>): void {
    this.remove(articleId);
    for (const [workspace, texts] of learned) {
      if (texts.length === 0) continue;
      let vocabulary = this.vocabularies.get(workspace);
      if (!vocabulary) this.vocabularies.set(workspace, (vocabulary = { entries: new Map(), postings: new Map(), length: 0 }));
      const terms = analyzeField(texts.join('\n'), true);
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      vocabulary.entries.set(articleId, { texts: [...texts], counts, length: terms.length, asked: analyzeField(texts.join('\n'), false).join(' ') });
      vocabulary.length += terms.length;
      for (const term of counts.keys()) {
        let articles = vocabulary.postings.get(term);
        if (!articles) vocabulary.postings.set(term, (articles = new Set()));
        articles.add(articleId);
      }
      let workspaces = this.teachers.get(articleId);
      if (!workspaces) this.teachers.set(articleId, (workspaces = new Set()));
      workspaces.add(workspace);
    }
  }

  /** Forgets what every workspace taught the article. */
  remove(articleId: string): void {
    const workspaces = this.teachers.get(articleId);
    if (!workspaces) return;
    this.teachers.delete(articleId);
    for (const workspace of workspaces) {
      const vocabulary = this.vocabularies.get(workspace);
      const entry = vocabulary?.entries.get(articleId);
      if (!vocabulary || !entry) continue;
      vocabulary.entries.delete(articleId);
      vocabulary.length -= entry.length;
      for (const term of entry.counts.keys()) {
        const articles = vocabulary.postings.get(term);
        articles?.delete(articleId);
        if (articles?.size === 0) vocabulary.postings.delete(term);
      }
      if (vocabulary.entries.size === 0) this.vocabularies.delete(workspace);
    }
  }

  clear(): void {
    this.vocabularies.clear();
    this.teachers.clear();
  }

  /** Whether the workspace taught any article it does not own. */
  hasAny(workspace: string): boolean {
    return this.vocabularies.has(workspace);
  }

  /** The phrasings the workspace taught the article. */
  phrasingsOf(articleId: string, workspace: string): readonly string[] {
    return this.vocabularies.get(workspace)?.entries.get(articleId)?.texts ?? [];
  }

  /** The analyzed terms (stop words dropped) of the phrasings the workspace taught the article, or undefined. */
  askedOf(articleId: string, workspace: string): string | undefined {
    return this.vocabularies.get(workspace)?.entries.get(articleId)?.asked;
  }

  /** Articles whose phrasings in this workspace hold a query term (the last one also as a prefix), with their BM25 share. */
  search(terms: readonly string[], workspace: string, prefixLast: boolean, statistics: PhrasingStatistics): Map<string, PhrasingMatch> {
    const found = new Map<string, PhrasingMatch>();
    const vocabulary = this.vocabularies.get(workspace);
    if (!vocabulary) return found;
    const { k, b, d } = statistics.bm25;
    // The field's mean length had the workspace's phrasings been written into the index: with
    // b = 1, the index's own mean (many articles have no questions) made every phrasing look long.
    const averageLength =
      statistics.averageLength === undefined ? undefined : statistics.averageLength + vocabulary.length / Math.max(1, statistics.total);
    terms.forEach((queryTerm, i) => {
      const derived: Array<{ term: string; weight: number }> = vocabulary.postings.has(queryTerm) ? [{ term: queryTerm, weight: 1 }] : [];
      if (prefixLast && i === terms.length - 1 && queryTerm.length >= 3) {
        for (const term of vocabulary.postings.keys()) {
          const distance = term.length - queryTerm.length;
          if (distance > 0 && term.startsWith(queryTerm)) derived.push({ term, weight: (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance) });
        }
      }
      for (const { term, weight } of derived) {
        const articles = vocabulary.postings.get(term)!;
        // As if the phrasings were in the main index: the articles holding the term there, and here.
        const matching = statistics.frequency(term) + articles.size;
        const idf = Math.log(1 + (statistics.total - matching + 0.5) / (matching + 0.5));
        for (const articleId of articles) {
          const entry = vocabulary.entries.get(articleId)!;
          const tf = entry.counts.get(term)!;
          const ratio = averageLength ? entry.length / averageLength : 1;
          const score = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + b * ratio)));
          let match = found.get(articleId);
          if (!match) found.set(articleId, (match = { score: 0, queryTerms: [], terms: [] }));
          match.score += weight * statistics.boost * score;
          if (match.queryTerms.at(-1) !== queryTerm) match.queryTerms.push(queryTerm);
          match.terms.push(term);
        }
      }
    });
    return found;
  }
}
