import { createHash } from 'node:crypto';
import MiniSearch, { type SearchResult } from 'minisearch';
import { type Article, SHARED_WORKSPACE } from '../knowledge/article';
import type { LearnedElsewhere } from '../knowledge/article-store';
import { analyzeField, ANALYZER_VERSION } from './analyzer';
import { BoundedSearch, readInternals } from './bounded-search';
import { decodeIndex, documentOrder, encodeIndex } from './index-file';
import { STOP_WORDS } from './stop-words';
import { type PhrasingMatch, type PhrasingStatistics, WorkspacePhrasings } from './workspace-phrasings';

const FIELDS = ['title', 'questions', 'body', 'tags'] as const;
type Field = (typeof FIELDS)[number];

/** How the first stage weighs matches; the defaults are the measured best (see README, "How Lore ranks"). */
export interface RetrievalOptions {
  /** How much a match in each field counts. */
  boosts: Record<Field, number>;
  /** BM25+ parameters: term saturation k, length normalization b, floor d. */
  bm25: { k: number; b: number; d: number };
  /** Edit distance allowed, as a share of a long word's length; 0 turns fuzzy matching off. */
  fuzzy: number;
  /** Prefix matching for the last word of a question. */
  prefix: boolean;
  /**
   * Postings a question reads in full at most; past it, common words only add to the
   * scores of articles the rarer words found (see BoundedSearch). Bases whose questions
   * stay within it rank exactly as plain MiniSearch.
   */
  budget?: number;
}

export const DEFAULT_RETRIEVAL: RetrievalOptions = {
  boosts: { title: 2, questions: 2, body: 1, tags: 1.5 },
  bm25: { k: 3, b: 1, d: 0 },
  fuzzy: 0.2,
  prefix: true,
  budget: 8_000,
};
/** Short fields keep their stop words so that "how do I?" still matches a title. */
const SHORT_FIELDS: ReadonlySet<string> = new Set<Field>(['title', 'questions']);
/**
 * What the index keeps per article besides postings: the analyzed terms of its title and
 * alternate questions, for the second stage to compare a question with what an article is
 * asked as (analyzed once here, not per question: at 100k articles most candidates are new).
 */
const STORED_FIELDS = ['asked'] as const;
/** Fuzzy matching only for words long enough that a typo is not another word. */
const FUZZY_MIN_LENGTH = 6;
/** Articles whose asked terms with a workspace's phrasings are kept; past it the cache starts over. */
const MAX_ASKED_WITH = 20_000;
/** Share of the base that may be added or removed before document frequencies are counted again. */
const FREQUENCY_DRIFT = 0.01;
/** Replaced articles, in number and as a share of the index, before their old terms are cleaned up (MiniSearch's own thresholds). */
const VACUUM_AFTER = { count: 20, share: 0.1 };
/**
 * A vacuum batch larger than any index: MiniSearch then walks its term tree in one go. Its
 * default walks it in batches across timer turns, and an article replaced during a pause
 * reshapes the tree under the walk, which then throws from a timer and ends the process
 * (lucaong/minisearch issue 306).
 */
const WHOLE_INDEX = { batchSize: Number.MAX_SAFE_INTEGER };

/**
 * What a saved index was built with: fields, analyzer and stop words. An index saved with
 * another version is not loaded (its terms would not match the questions' terms).
 */
export const INDEX_VERSION = `search-index-5 ${fingerprint([FIELDS.join(','), [...SHORT_FIELDS].join(','), STORED_FIELDS.join(','), ANALYZER_VERSION, [...STOP_WORDS].join(' ')].join('|'))}`;

/** Who may read each article, saved with the index: workspaces by number in the index's article order. */
interface SavedReaders {
  workspaces: string[];
  workspaceOf: number[];
  audiences: Record<string, string[]>;
}

interface IndexedArticle {
  id: string;
  workspace: string;
  title: string;
  questions: string;
  body: string;
  tags: string;
  /** Stored, not searched: see STORED_FIELDS. */
  asked: string;
}

/** What the index keeps of an article for the second stage (see `SearchIndex.askedAs`). */
export interface AskedAs {
  /** The analyzed terms of its title and alternate questions (stop words dropped), space-separated. */
  readonly asked?: string;
  /** Set when the terms include what this workspace taught the article (see `askedAs`). */
  readonly scope?: string;
}

/** One article that matched, with the terms that made it match and where. */
export interface IndexHit {
  id: string;
  score: number;
  /** The query terms this article matched (directly, by prefix or by a typo). */
  queryTerms: string[];
  /** Index terms this article contains, each with the fields it was found in. */
  match: Record<string, string[]>;
}

/**
 * The MiniSearch index of published articles. This module owns every MiniSearch option,
 * so an index saved to disk is always loaded with the options it was built with.
 */
export class SearchIndex {
  private miniSearch: MiniSearch<IndexedArticle>;
  /** Undefined only if a MiniSearch release changes its internals: then its own (slower) search is used. */
  private bounded: BoundedSearch | undefined;
  private workspaceOf = new Map<string, string>();
  /** Restricted articles and the channels where they may be shown; unrestricted ones are not in it. */
  private audienceOf = new Map<string, ReadonlySet<string>>();
  private readonly frequencies = new Map<string, number>();
  /** Documents in the index when the remembered frequencies were counted. */
  private frequenciesAt = 0;
  /** Set while a clean-up is due after the current work. */
  private vacuumDue: ReturnType<typeof setImmediate> | undefined;
  /** What workspaces taught articles they do not own, searched for their own questions only; never saved, read from the database. */
  private readonly learned = new WorkspacePhrasings();
  /** An article's asked terms with a workspace's phrasings, per workspace and article, while both are the same. */
  private readonly askedWith = new Map<string, { own: AskedAs; learned: string; asked: AskedAs }>();

  constructor(private readonly retrieval: RetrievalOptions = DEFAULT_RETRIEVAL) {
    this.miniSearch = new MiniSearch<IndexedArticle>(SearchIndex.options());
    this.bounded = SearchIndex.boundedSearchOf(this.miniSearch);
  }

  private static boundedSearchOf(miniSearch: MiniSearch<IndexedArticle>): BoundedSearch | undefined {
    const internals = readInternals(miniSearch);
    return internals && new BoundedSearch(internals);
  }

  /**
   * The index as bytes, for `restore` in a later process (with the same INDEX_VERSION), or
   * undefined when this MiniSearch keeps its internals in another shape (nothing is saved;
   * the next start builds the index from the database).
   */
  serialize(): Uint8Array[] | undefined {
    if (!this.bounded) return undefined;
    // Workspaces by number, in the index's own article order: a short list of names and small numbers.
    const workspaces: string[] = [];
    const numberOf = new Map<string, number>();
    const workspaceOf: number[] = [];
    for (const id of documentOrder(this.miniSearch)) {
      const workspace = this.workspaceOf.get(id) ?? SHARED_WORKSPACE;
      let n = numberOf.get(workspace);
      if (n === undefined) numberOf.set(workspace, (n = workspaces.push(workspace) - 1));
      workspaceOf.push(n);
    }
    const readers: SavedReaders = { workspaces, workspaceOf, audiences: Object.fromEntries([...this.audienceOf].map(([id, places]) => [id, [...places]])) };
    return encodeIndex(this.miniSearch, readers);
  }

  /** Replaces the contents with an index saved by `serialize`; postings are read as questions need them. */
  restore(bytes: Uint8Array): void {
    const { miniSearch, extra: readers } = decodeIndex<IndexedArticle, SavedReaders>(bytes, SearchIndex.options());
    const bounded = SearchIndex.boundedSearchOf(miniSearch);
    if (!bounded) throw new Error('this MiniSearch release keeps its index in another shape');
    const workspaceOf = new Map<string, string>();
    let i = 0;
    for (const id of documentOrder(miniSearch)) {
      // Never guess a workspace: a wrong one would show an article to another team.
      const workspace = readers.workspaces[readers.workspaceOf[i++] ?? -1];
      if (workspace === undefined) throw new Error('the saved index does not say whose every article is');
      workspaceOf.set(id, workspace);
    }
    this.miniSearch = miniSearch;
    this.bounded = bounded;
    this.workspaceOf = workspaceOf;
    this.audienceOf = new Map(Object.entries(readers.audiences).map(([id, places]) => [id, new Set(places)]));
    this.frequencies.clear();
    this.frequenciesAt = 0;
    this.learned.clear();
  }

  /** Empties the index (before building it again). */
  clear(): void {
    this.miniSearch = new MiniSearch<IndexedArticle>(SearchIndex.options());
    this.bounded = SearchIndex.boundedSearchOf(this.miniSearch);
    this.workspaceOf = new Map();
    this.audienceOf = new Map();
    this.frequencies.clear();
    this.frequenciesAt = 0;
    this.learned.clear();
  }

  private static options() {
    return {
      fields: [...FIELDS],
      idField: 'id',
      // Lore cleans up replaced articles itself (see `vacuum`).
      autoVacuum: false,
      storeFields: [...STORED_FIELDS] as string[],
      // Field text is analyzed here in one pass: tokenize, fold, drop stop words, stem.
      tokenize: (text: string, field?: string) => analyzeField(text, field !== undefined && SHORT_FIELDS.has(field)),
      processTerm: (term: string) => term,
      searchOptions: {
        // Queries arrive already analyzed (see analyzeQuery): split on spaces only.
        tokenize: (text: string) => text.split(' ').filter(Boolean),
        processTerm: (term: string) => term,
      },
    };
  }

  /**
   * Cleans up the documents replaced so far now. Until then their old terms still count in
   * document frequencies; it runs by itself between requests once enough have been
   * replaced, and long synchronous loops (an evaluation replay) call this now and then.
   */
  async settle(): Promise<void> {
    await this.vacuum();
  }

  /** Cleans up after the current work, when enough articles were replaced to be worth a walk over every term. */
  private scheduleVacuum(): void {
    const { dirtCount, dirtFactor } = this.miniSearch;
    if (this.vacuumDue || dirtCount < VACUUM_AFTER.count || dirtFactor < VACUUM_AFTER.share) return;
    // After the current request: the edits of one vote or import are cleaned up together.
    this.vacuumDue = setImmediate(() => void this.vacuum());
  }

  /** One uninterrupted walk over every term: no edit can come between its steps. */
  private async vacuum(): Promise<void> {
    if (this.vacuumDue) clearImmediate(this.vacuumDue);
    this.vacuumDue = undefined;
    if (this.miniSearch.dirtCount > 0) await this.miniSearch.vacuum(WHOLE_INDEX);
    this.frequencies.clear();
  }

  /** An empty index with the same options, for building a variant of this one. */
  emptyCopy(): SearchIndex {
    return new SearchIndex(this.retrieval);
  }

  get size(): number {
    return this.miniSearch.documentCount;
  }

  has(id: string): boolean {
    return this.miniSearch.has(id);
  }

  /** Takes an article out of the index (it was deleted). */
  remove(id: string): void {
    if (this.miniSearch.has(id)) this.miniSearch.discard(id);
    this.workspaceOf.delete(id);
    this.audienceOf.delete(id);
    this.learned.remove(id);
    this.scheduleVacuum();
  }

  /** Puts the article's current text in the index, or takes it out when it is not published. */
  upsert(article: Article): void {
    if (this.miniSearch.has(article.id)) {
      this.miniSearch.discard(article.id);
      this.workspaceOf.delete(article.id);
      this.audienceOf.delete(article.id);
      this.scheduleVacuum();
    }
    if (article.status !== 'published') return this.learned.remove(article.id);
    this.miniSearch.add(toIndexed(article));
    this.setReaders(article);
  }

  /**
   * Replaces what other workspaces taught a searchable article (workspace → phrasings; see
   * WorkspacePhrasings): each workspace's phrasings count for its own questions only.
   */
  setLearnedElsewhere(articleId: string, learned: LearnedElsewhere): void {
    if (this.miniSearch.has(articleId)) this.learned.set(articleId, new Map([...learned].map(([workspace, phrasings]) => [workspace, phrasings.map((p) => p.text)])));
    else this.learned.remove(articleId);
  }

  /** The phrasings `workspace` taught the article, when it does not own it. */
  learnedIn(articleId: string, workspace: string): readonly string[] {
    return this.learned.phrasingsOf(articleId, workspace);
  }

  /** Adds many articles at once (start-up), faster than one by one. */
  addAll(articles: Iterable<Article>): void {
    this.frequencies.clear();
    const batch: IndexedArticle[] = [];
    for (const article of articles) {
      if (article.status !== 'published' || this.miniSearch.has(article.id)) continue;
      batch.push(toIndexed(article));
      this.setReaders(article);
    }
    this.miniSearch.addAll(batch);
  }

  private setReaders(article: Article): void {
    this.workspaceOf.set(article.id, article.workspace);
    if (article.audience.length > 0) this.audienceOf.set(article.id, new Set(article.audience));
  }

  /**
   * Articles matching any of `terms` that `workspace` may see (its own and the shared
   * base), and, of the restricted ones, only those restricted to `options.channel`, best first. Prefix matching applies to the last term only (people type a
   * question and stop mid-word); fuzzy matching only to long terms.
   */
  search(terms: readonly string[], workspace: string, limit: number, options: { exact?: boolean; channel?: string | null } = {}): IndexHit[] {
    if (terms.length === 0) return [];
    // Exact search (no typos, no prefixes) is for finding training candidates quickly.
    const fuzzy = options.exact ? 0 : this.retrieval.fuzzy;
    const prefix = options.exact ? false : this.retrieval.prefix;
    const isPrefix = (term: string, i: number) => prefix && i === terms.length - 1 && term.length >= 3;
    const fuzziness = (term: string) => (fuzzy > 0 && term.length >= FUZZY_MIN_LENGTH && /^\p{L}+$/u.test(term) ? fuzzy : false);
    const channel = options.channel ?? undefined;
    const mayRead = (id: string) => {
      const owner = this.workspaceOf.get(id);
      if (owner !== SHARED_WORKSPACE && owner !== workspace) return false;
      // A restricted article is answered only where its audience is: never in a DM, elsewhere, or the CLI.
      const audience = this.audienceOf.get(id);
      return audience === undefined || (channel !== undefined && audience.has(channel));
    };
    if (!this.learned.hasAny(workspace)) return this.searchMain(terms, limit, mayRead, isPrefix, fuzziness);
    const learned = this.learned.search(terms, workspace, prefix, this.phrasingStatistics());
    // Each article the workspace's phrasings found may lift one more of the main index's hits into the first `limit`.
    const hits = this.searchMain(terms, limit + learned.size, mayRead, isPrefix, fuzziness);
    return this.withLearned(terms, hits, learned, limit, mayRead);
  }

  private searchMain(
    terms: readonly string[],
    limit: number,
    mayRead: (id: string) => boolean,
    isPrefix: (term: string, i: number) => boolean,
    fuzziness: (term: string) => number | false,
  ): IndexHit[] {
    const { boosts, bm25 } = this.retrieval;
    if (this.bounded) {
      return this.bounded.search({
        terms,
        prefix: isPrefix,
        fuzzy: fuzziness,
        boosts: FIELDS.map((field) => [field, boosts[field]]),
        bm25,
        limit,
        accept: mayRead,
        budget: this.retrieval.budget ?? Infinity,
      });
    }
    const results: SearchResult[] = this.miniSearch.search(terms.join(' '), {
      boost: boosts,
      bm25,
      combineWith: 'OR',
      prefix: (term, i) => isPrefix(term, i),
      fuzzy: fuzziness,
      filter: (result) => mayRead(String(result.id)),
    });
    return results
      .slice(0, limit)
      .map((result) => ({ id: String(result.id), score: result.score, queryTerms: result.queryTerms, match: result.match }));
  }

  /** The main index's statistics for scoring a workspace's phrasings as its questions field would. */
  private phrasingStatistics(): PhrasingStatistics {
    const bounded = this.bounded;
    return {
      total: this.miniSearch.documentCount,
      averageLength: bounded?.fieldStatistics('', 'questions').averageLength,
      frequency: (term) => (bounded ? bounded.fieldStatistics(term, 'questions').matching : this.documentFrequency(term)),
      boost: this.retrieval.boosts.questions,
      bm25: this.retrieval.bm25,
    };
  }

  /**
   * The main index's hits with what the workspace's phrasings add, summed as MiniSearch sums
   * fields (a raw BM25 sum times the number of query terms matched), best first.
   */
  private withLearned(
    terms: readonly string[],
    hits: readonly IndexHit[],
    learned: ReadonlyMap<string, PhrasingMatch>,
    limit: number,
    mayRead: (id: string) => boolean,
  ): IndexHit[] {
    const inQueryOrder = (a: readonly string[], b: readonly string[]) => {
      const found = new Set([...a, ...b]);
      return terms.filter((term) => found.has(term));
    };
    const withMatch = (match: Record<string, string[]>, extra: PhrasingMatch) => {
      const merged: Record<string, string[]> = { ...match };
      for (const term of extra.terms) merged[term] = merged[term]?.includes('questions') ? merged[term] : [...(merged[term] ?? []), 'questions'];
      return merged;
    };
    const merged = hits.map((hit): IndexHit => {
      const extra = learned.get(hit.id);
      if (!extra) return hit;
      const queryTerms = inQueryOrder(hit.queryTerms, extra.queryTerms);
      const raw = hit.score / Math.max(1, hit.queryTerms.length) + extra.score;
      return { id: hit.id, score: raw * queryTerms.length, queryTerms, match: withMatch(hit.match, extra) };
    });
    const found = new Set(hits.map((hit) => hit.id));
    for (const [id, extra] of learned) {
      if (found.has(id) || !this.miniSearch.has(id) || !mayRead(id)) continue;
      const queryTerms = inQueryOrder([], extra.queryTerms);
      merged.push({ id, score: extra.score * queryTerms.length, queryTerms, match: withMatch({}, extra) });
    }
    return merged.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /**
   * The analyzed terms of the article's title and alternate questions, or undefined when it
   * is not in the index. The same object is returned until the article changes,
   * so what is derived from it can be cached until it is another object.
   */
  askedAs(id: string, workspace?: string): AskedAs | undefined {
    const own = this.miniSearch.getStoredFields(id) as AskedAs | undefined;
    const learned = own && workspace !== undefined ? this.learned.askedOf(id, workspace) : undefined;
    if (!own || learned === undefined) return own;
    // With what the workspace taught it: one object per workspace and article until either changes.
    const key = `${workspace}\u0000${id}`;
    const cached = this.askedWith.get(key);
    if (cached?.own === own && cached.learned === learned) return cached.asked;
    const asked: AskedAs = { asked: [own.asked, learned].filter(Boolean).join(' '), scope: workspace };
    if (this.askedWith.size >= MAX_ASKED_WITH) this.askedWith.clear();
    this.askedWith.set(key, { own, learned, asked });
    return asked;
  }

  /**
   * How many searchable articles contain the term (any workspace), for weighing how telling
   * it is. MiniSearch keeps no public document frequency, so it is counted once per term
   * and remembered until the base grows or shrinks by 1%.
   */
  documentFrequency(term: string): number {
    // One edited article moves a frequency by at most one, which changes no weight that
    // matters; counting again only once the base has grown or shrunk by 1% keeps votes and
    // edits from making the next question recount every term.
    const size = this.miniSearch.documentCount;
    if (Math.abs(size - this.frequenciesAt) > Math.max(0, size * FREQUENCY_DRIFT)) {
      this.frequencies.clear();
      this.frequenciesAt = size;
    }
    let count = this.frequencies.get(term);
    if (count === undefined) {
      count = this.bounded
        ? this.bounded.documentFrequency(term)
        : this.miniSearch.search(term, { fields: [...FIELDS], prefix: false, fuzzy: false }).length;
      this.frequencies.set(term, count);
    }
    return count;
  }
}

function toIndexed(article: Article): IndexedArticle {
  // A learned phrasing that more people rejected than confirmed (weight 0 or less) is not searched.
  const questions = article.questions
    .filter((q) => q.weight > 0)
    .map((q) => q.text)
    .join('\n');
  return {
    id: article.id,
    workspace: article.workspace,
    title: article.title,
    questions,
    body: article.body,
    tags: article.tags.join(' '),
    asked: analyzeField(`${article.title}\n${questions}`, false).join(' '),
  };
}

/** A short hash of a text, to tell versions apart. */
function fingerprint(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}
