import MiniSearch from 'minisearch';
import { generateBase } from '../../src/eval/generate-base';
import { analyzeField, analyzeQuery } from '../../src/search/analyzer';
import { type BoundedQuery, BoundedSearch, readInternals } from '../../src/search/bounded-search';

const FIELDS = ['title', 'questions', 'body', 'tags'];
const BOOSTS: BoundedQuery['boosts'] = [['title', 2], ['questions', 2], ['body', 1], ['tags', 1.5]];
const BM25 = { k: 3, b: 1, d: 0 };

/** A MiniSearch index as Lore builds one, over a generated base. */
function buildIndex(size: number) {
  const base = generateBase(size, 150, 7);
  const miniSearch = new MiniSearch<{ id: string; title: string; questions: string; body: string; tags: string }>({
    fields: FIELDS,
    tokenize: (text, field) => analyzeField(text, field === 'title' || field === 'questions'),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean), processTerm: (term) => term },
  });
  miniSearch.addAll(base.articles.map((a) => ({ ...a, questions: a.questions.join('\n'), tags: a.tags.join(' ') })));
  return { base, miniSearch };
}

const prefix = (term: string, i: number, all: readonly string[]) => i === all.length - 1 && term.length >= 3;
const fuzzy = (term: string) => (term.length >= 6 && /^\p{L}+$/u.test(term) ? 0.2 : false);

describe('BoundedSearch', () => {
  const { base, miniSearch } = buildIndex(600);
  const bounded = new BoundedSearch(readInternals(miniSearch)!);
  const hidden = new Set(base.articles.filter((_, i) => i % 7 === 0).map((a) => a.id));

  function both(question: string, budget: number) {
    const terms = analyzeQuery(question);
    const expected = miniSearch
      .search(terms.join(' '), { boost: Object.fromEntries(BOOSTS), bm25: BM25, combineWith: 'OR', prefix, fuzzy, filter: (r) => !hidden.has(String(r.id)) })
      .slice(0, 30)
      .map((r) => ({ id: String(r.id), score: r.score, queryTerms: r.queryTerms, match: r.match }));
    const actual = bounded.search({ terms, prefix: (t, i) => prefix(t, i, terms), fuzzy, boosts: BOOSTS, bm25: BM25, limit: 30, accept: (id) => !hidden.has(id), budget });
    return { expected, actual };
  }

  it('reads the internals of the MiniSearch release installed', () => {
    expect(readInternals(miniSearch)).toBeDefined();
    expect(readInternals({} as MiniSearch<object>)).toBeUndefined();
  });

  it('ranks exactly as MiniSearch (scores, order, ties, matched terms and fields) within its budget', () => {
    for (const { question } of base.questions) {
      const { expected, actual } = both(question, Infinity);
      expect(actual).toEqual(expected);
    }
  });

  it('with a small budget, keeps the articles that match the telling words', () => {
    let sameFirst = 0;
    for (const { question } of base.questions) {
      const { expected, actual } = both(question, 200);
      expect(actual.length).toBeLessThanOrEqual(30);
      expect(actual.every((hit) => !hidden.has(hit.id))).toBe(true);
      if (actual[0]?.id === expected[0]?.id) sameFirst += 1;
    }
    expect(sameFirst / base.questions.length).toBeGreaterThan(0.9);
  });

  it('counts the articles that contain a term, as a MiniSearch search for it does', () => {
    for (const term of ['account', 'password', analyzeQuery(base.questions[0]!.question)[0]!, 'nosuchterm']) {
      expect(bounded.documentFrequency(term)).toBe(miniSearch.search(term, { prefix: false, fuzzy: false }).length);
    }
  });

  it('ignores articles discarded but not yet vacuumed', () => {
    const small = buildIndex(60).miniSearch;
    const search = new BoundedSearch(readInternals(small)!);
    const ids = small.search('account').map((r) => String(r.id));
    small.discard(ids[0]!);
    expect(search.documentFrequency('account')).toBe(ids.length - 1);
    const hits = search.search({ terms: ['account'], prefix: () => false, fuzzy: () => false, boosts: BOOSTS, bm25: BM25, limit: 100, accept: () => true, budget: Infinity });
    expect(hits.map((h) => h.id)).not.toContain(ids[0]);
  });
});
