import type { Article } from '../../src/knowledge/article';
import { SemanticMatch } from '../../src/ranking/semantic-match';
import { wordVectors } from '../../src/ranking/word-vectors';
import { analyzeQuery } from '../../src/search/analyzer';
import { SearchIndex } from '../../src/search/search-index';

function article(id: string, title: string, questions: string[] = []): Article {
  return {
    id,
    workspace: '',
    title,
    body: 'Open the settings page and follow the steps.',
    tags: [],
    questions: questions.map((text) => ({ text, origin: 'author' as const, weight: 1 })),
    status: 'published',
    owner: null,
    author: null,
    sourceUrl: null,
    createdAt: 0,
    updatedAt: 0,
    verifiedAt: null,
    verifiedBy: null,
    revision: 1,
    reviewDays: null,
    audience: [],
  };
}

function scores(index: SearchIndex, question: string, ids: string[]) {
  const terms = analyzeQuery(question);
  return new SemanticMatch(index).score(terms, new Map(terms.map((term) => [term, 1])), ids);
}

describe('word vectors', () => {
  const vectors = wordVectors();

  it('are installed and derived (npm run build writes them)', () => {
    expect(vectors).not.toBeNull();
    expect(vectors!.size).toBeGreaterThan(50_000);
  });

  it('find words of related meaning closer than unrelated ones, by stem', () => {
    const cosine = (a: string, b: string) => vectors!.cosine(vectors!.idOf(analyzeQuery(a)[0]!), vectors!.idOf(analyzeQuery(b)[0]!));
    expect(cosine('deleting', 'remove')).toBeGreaterThan(0.4);
    expect(cosine('photos', 'picture')).toBeGreaterThan(0.5);
    expect(cosine('photos', 'invoice')).toBeLessThan(0.3);
  });
});

describe('SemanticMatch', () => {
  const index = new SearchIndex();
  index.addAll([article('delete', 'Delete my account'), article('photo', 'Change the profile picture'), article('alias', 'Add an alias', ['second address for my mailbox'])]);

  it('counts a related word as a partial match and the same word as a full one', () => {
    const related = scores(index, 'remove account', ['delete', 'photo']);
    expect(related.softCoverage[0]).toBeGreaterThan(0.5);
    expect(related.softCoverage[0]).toBeLessThan(1);
    expect(related.meaning[0]).toBeGreaterThan(related.meaning[1]!);
    expect(scores(index, 'delete account', ['delete']).softCoverage[0]).toBe(1);
  });

  it('reads alternate questions too, and gives nothing for an article not in the index', () => {
    const found = scores(index, 'another mailbox address', ['alias', 'missing']);
    expect(found.softCoverage[0]).toBeGreaterThan(0.6);
    expect(found).toEqual({ softCoverage: [found.softCoverage[0], 0], meaning: [found.meaning[0], 0] });
  });

  it('follows an article that changed', () => {
    const changing = new SearchIndex();
    changing.addAll([article('a', 'Delete my account')]);
    const match = new SemanticMatch(changing);
    const terms = analyzeQuery('delete account');
    const weights = new Map(terms.map((term) => [term, 1]));
    expect(match.score(terms, weights, ['a']).softCoverage[0]).toBe(1);
    changing.upsert(article('a', 'Book a parking space'));
    expect(match.score(terms, weights, ['a']).softCoverage[0]).toBeLessThan(0.5);
  });
});
