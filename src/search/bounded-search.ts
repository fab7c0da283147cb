import type MiniSearch from 'minisearch';

/** Field number → article number → how often the term occurs there. */
type Postings = Map<number, Map<number, number>>;

/**
 * The parts of a MiniSearch index the bounded search reads (never writes). They are not
 * public API; `readInternals` checks their shape and the search index falls back to
 * `MiniSearch.search` when they do not match, and a test pins that both rank alike.
 */
interface Internals {
  _index: {
    get(term: string): Postings | undefined;
    atPrefix(prefix: string): Iterable<[string, Postings]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [Postings, number]>;
  };
  _documentIds: Map<number, string>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  /** Articles discarded but still in the postings until MiniSearch vacuums them. */
  _dirtCount: number;
}

/** MiniSearch's own defaults for the weight of prefix and fuzzy matches, and the longest edit. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;

export interface BoundedQuery {
  terms: readonly string[];
  /** Whether term `i` also matches as a prefix, and the edit distance (share of its length) it may have. */
  prefix: (term: string, i: number) => boolean;
  fuzzy: (term: string) => number | false;
  /** Fields in MiniSearch's order, each with its boost. */
  boosts: ReadonlyArray<[field: string, boost: number]>;
  bm25: { k: number; b: number; d: number };
  limit: number;
  /** Whether an article may be returned (its workspace). */
  accept: (id: string) => boolean;
  /**
   * Postings read in full at most (beyond the rarest term). A term whose postings would go
   * past it is scored only on the articles the rarer terms found: an article that matches
   * none of a question's telling words cannot rank, however often it says "account".
   */
  budget: number;
}

export interface BoundedHit {
  id: string;
  score: number;
  queryTerms: string[];
  match: Record<string, string[]>;
}

interface Derived {
  term: string;
  weight: number;
  postings: Postings;
}

interface Group {
  queryTerm: string;
  derived: Derived[];
  /** Postings in all its fields and derived terms. */
  cost: number;
}

/** The internals, when this MiniSearch keeps them as the bounded search expects. */
export function readInternals(miniSearch: MiniSearch<never> | MiniSearch<object>): Internals | undefined {
  const internals = miniSearch as unknown as Partial<Internals>;
  const index = internals._index as Partial<Internals['_index']> | undefined;
  const shaped =
    typeof index?.get === 'function' &&
    typeof index.atPrefix === 'function' &&
    typeof index.fuzzyGet === 'function' &&
    internals._documentIds instanceof Map &&
    internals._fieldLength instanceof Map &&
    Array.isArray(internals._avgFieldLength) &&
    typeof internals._fieldIds === 'object' &&
    typeof internals._documentCount === 'number' &&
    typeof internals._nextId === 'number' &&
    typeof internals._dirtCount === 'number';
  return shaped ? (internals as Internals) : undefined;
}

/**
 * BM25 search over a MiniSearch index that ranks exactly as `MiniSearch.search` with
 * `combineWith: 'OR'` (same scores, same order, same ties) while the question's postings
 * fit the budget, and in bounded time when they do not: the rarest terms find the
 * candidates, the common ones only add to their scores. It keeps only the best `limit`
 * (no sort of every match) and reuses its score arrays from one question to the next.
 */
export class BoundedSearch {
  private epoch = new Int32Array(0);
  private total = new Float64Array(0);
  private groupScore = new Float64Array(0);
  private lastGroup = new Int32Array(0);
  private matched = new Int32Array(0);
  private touched = new Int32Array(0);
  private stamp = 0;
  /** Live articles per posting list while some are discarded but not vacuumed, counted once per state. */
  private readonly liveCounts = new WeakMap<Map<number, number>, { dirt: number; size: number; live: number }>();

  constructor(private readonly internals: Internals) {}

  /**
   * How many live articles a posting list holds. Discarded articles stay in it until
   * MiniSearch vacuums; counted as matches they would push a word's idf below zero on a
   * small base (MiniSearch's own search drops them from the postings as it meets them).
   */
  private liveCount(docs: Map<number, number>): number {
    const dirt = this.internals._dirtCount;
    if (dirt === 0) return docs.size;
    const cached = this.liveCounts.get(docs);
    if (cached && cached.dirt === dirt && cached.size === docs.size) return cached.live;
    let live = 0;
    for (const doc of docs.keys()) if (this.internals._documentIds.has(doc)) live += 1;
    this.liveCounts.set(docs, { dirt, size: docs.size, live });
    return live;
  }

  search(query: BoundedQuery): BoundedHit[] {
    const fieldIds = query.boosts.map(([field]) => this.internals._fieldIds[field]!);
    const groups = query.terms.map((term, i) => this.expand(term, query.prefix(term, i), query.fuzzy(term)));
    this.prepare();
    // The cheapest terms are read in full until the budget is spent; the rest score candidates only.
    const byCost = groups.map((group, i) => ({ cost: group.cost, i })).sort((a, b) => a.cost - b.cost);
    const full = new Set<number>();
    let spent = 0;
    for (const { cost, i } of byCost) {
      if (full.size > 0 && spent + cost > query.budget) break;
      full.add(i);
      spent += cost;
    }
    let count = 0;
    groups.forEach((group, g) => {
      if (full.has(g)) count = this.scoreAll(group, g, fieldIds, query, count);
    });
    groups.forEach((group, g) => {
      if (!full.has(g)) this.scoreCandidates(group, g, fieldIds, query, count);
    });
    return this.best(count, groups, fieldIds, query);
  }

  /** How many live articles contain the term, in any field. */
  documentFrequency(term: string): number {
    const postings = this.internals._index.get(term);
    if (!postings) return 0;
    this.prepare();
    const { _documentIds: live } = this.internals;
    let count = 0;
    for (const docs of postings.values()) {
      for (const doc of docs.keys()) {
        if (this.epoch[doc] === this.stamp || !live.has(doc)) continue;
        this.epoch[doc] = this.stamp;
        count += 1;
      }
    }
    return count;
  }

  /** How many live articles hold the term in one field, and that field's mean length. */
  fieldStatistics(term: string, field: string): { matching: number; averageLength: number } {
    const fieldId = this.internals._fieldIds[field]!;
    const docs = this.internals._index.get(term)?.get(fieldId);
    return { matching: docs ? this.liveCount(docs) : 0, averageLength: this.internals._avgFieldLength[fieldId] ?? 0 };
  }

  /** The term itself, the index terms it is a prefix of, and those within its edit distance, in MiniSearch's order. */
  private expand(term: string, prefix: boolean, fuzzy: number | false): Group {
    const index = this.internals._index;
    const derived: Derived[] = [];
    const exact = index.get(term);
    if (exact) derived.push({ term, weight: 1, postings: exact });
    const prefixed = new Set<string>();
    if (prefix) {
      for (const [found, postings] of index.atPrefix(term)) {
        const distance = found.length - term.length;
        if (!distance) continue;
        prefixed.add(found);
        derived.push({ term: found, weight: (PREFIX_WEIGHT * found.length) / (found.length + 0.3 * distance), postings });
      }
    }
    if (fuzzy) {
      const maxDistance = fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(term.length * fuzzy)) : fuzzy;
      if (maxDistance) {
        for (const [found, [postings, distance]] of index.fuzzyGet(term, maxDistance)) {
          if (!distance || prefixed.has(found)) continue;
          derived.push({ term: found, weight: (FUZZY_WEIGHT * found.length) / (found.length + distance), postings });
        }
      }
    }
    let cost = 0;
    for (const { postings } of derived) for (const docs of postings.values()) cost += docs.size;
    return { queryTerm: term, derived, cost };
  }

  /** Scores every article the group's postings hold; returns how many articles have a score. */
  private scoreAll(group: Group, g: number, fieldIds: number[], query: BoundedQuery, count: number): number {
    const live = this.internals._documentIds;
    this.forEachField(group, fieldIds, query, (docs, scoreOf, factor) => {
      for (const [doc, tf] of docs) {
        if (!live.has(doc)) continue;
        if (this.epoch[doc] !== this.stamp) {
          this.epoch[doc] = this.stamp;
          this.total[doc] = 0;
          this.groupScore[doc] = 0;
          this.lastGroup[doc] = -1;
          this.matched[doc] = 0;
          this.touched[count++] = doc;
        }
        this.add(doc, g, factor * scoreOf(doc, tf));
      }
    });
    return count;
  }

  /** Adds the group's score to the articles already found, without reading its postings in full. */
  private scoreCandidates(group: Group, g: number, fieldIds: number[], query: BoundedQuery, count: number): void {
    this.forEachField(group, fieldIds, query, (docs, scoreOf, factor) => {
      for (let i = 0; i < count; i++) {
        const doc = this.touched[i]!;
        const tf = docs.get(doc);
        if (tf !== undefined) this.add(doc, g, factor * scoreOf(doc, tf));
      }
    });
  }

  /**
   * For each term of the group and each boosted field it occurs in: its postings, the BM25
   * of one posting (the same expression as MiniSearch's, so scores match to the last bit),
   * and the term's weight times the field's boost.
   */
  private forEachField(
    group: Group,
    fieldIds: number[],
    query: BoundedQuery,
    visit: (docs: Map<number, number>, scoreOf: (doc: number, tf: number) => number, factor: number) => void,
  ): void {
    const { _fieldLength: lengths, _avgFieldLength: averages, _documentCount: total } = this.internals;
    const { k, b, d } = query.bm25;
    for (const { weight, postings } of group.derived) {
      query.boosts.forEach(([, boost], f) => {
        const fieldId = fieldIds[f]!;
        const docs = postings.get(fieldId);
        if (!docs) return;
        const matching = this.liveCount(docs);
        const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
        const average = averages[fieldId]!;
        const scoreOf = (doc: number, tf: number) => {
          const length = lengths.get(doc)![fieldId]!;
          return idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average)));
        };
        visit(docs, scoreOf, weight * boost);
      });
    }
  }

  /** Sums within a group first, then across groups, in MiniSearch's order (floating-point sums depend on it). */
  private add(doc: number, g: number, score: number): void {
    if (this.lastGroup[doc] === g) {
      this.groupScore[doc]! += score;
      return;
    }
    this.total[doc]! += this.groupScore[doc]!;
    this.groupScore[doc] = score;
    this.lastGroup[doc] = g;
    this.matched[doc]! += 1;
  }

  /** The best `limit` accepted articles, ties in the order they were found (as MiniSearch's stable sort). */
  private best(count: number, groups: Group[], fieldIds: number[], query: BoundedQuery): BoundedHit[] {
    const ids = this.internals._documentIds;
    const topDocs: number[] = [];
    const topScores: number[] = [];
    for (let i = 0; i < count; i++) {
      const doc = this.touched[i]!;
      // MiniSearch multiplies the score by the number of query terms matched.
      const score = (this.total[doc]! + this.groupScore[doc]!) * this.matched[doc]!;
      if (topDocs.length >= query.limit && !(score > topScores[topScores.length - 1]!)) continue;
      if (!query.accept(ids.get(doc)!)) continue;
      let at = topScores.length;
      while (at > 0 && topScores[at - 1]! < score) at -= 1;
      topDocs.splice(at, 0, doc);
      topScores.splice(at, 0, score);
      if (topDocs.length > query.limit) {
        topDocs.pop();
        topScores.pop();
      }
    }
    return topDocs.map((doc, i) => {
      const queryTerms: string[] = [];
      const match: Record<string, string[]> = {};
      for (const group of groups) {
        let found = false;
        for (const { term, postings } of group.derived) {
          const fields = query.boosts.filter((_, f) => postings.get(fieldIds[f]!)?.has(doc)).map(([field]) => field);
          if (fields.length === 0) continue;
          match[term] = fields;
          found = true;
        }
        if (found) queryTerms.push(group.queryTerm);
      }
      return { id: ids.get(doc)!, score: topScores[i]!, queryTerms, match };
    });
  }

  /** A new stamp marks every article unscored, without clearing the arrays. */
  private prepare(): void {
    const size = this.internals._nextId;
    if (this.epoch.length < size) {
      const capacity = Math.max(size, this.epoch.length * 2, 1024);
      this.epoch = new Int32Array(capacity);
      this.total = new Float64Array(capacity);
      this.groupScore = new Float64Array(capacity);
      this.lastGroup = new Int32Array(capacity);
      this.matched = new Int32Array(capacity);
      this.touched = new Int32Array(capacity);
      this.stamp = 0;
    }
    this.stamp += 1;
  }
}
