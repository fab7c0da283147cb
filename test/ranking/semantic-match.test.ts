import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Article } from '../../src/knowledge/article';
import { SemanticMatch } from '../../src/ranking/semantic-match';
import { WordVectors, wordVectors } from '../../src/ranking/word-vectors';
import { analyzeQuery } from '../../src/search/analyzer';
import { SearchIndex } from '../../src/search/search-index';
import { storedArticle } from '../helpers/articles';

function article(id: string, title: string, questions: string[] = []): Article {
  return storedArticle({
    id,
    title,
    body: 'Open the settings page and follow the steps.',
    questions: questions.map((text) => ({ text, origin: 'author' as const, weight: 1 })),
  });
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

  it('tell how rare a word is in English: filler low, rarer words up to fully telling', () => {
    const rarity = (word: string) => vectors!.rarityOf(vectors!.idOf(analyzeQuery(word)[0]!));
    expect(rarity('want')).toBeLessThan(0.4);
    expect(rarity('want')).toBeLessThan(rarity('mail'));
    expect(rarity('mail')).toBeLessThan(rarity('facebook'));
    expect(rarity('spreadsheet')).toBe(1);
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

describe('WordVectors.derive', () => {
  it('keeps one unit vector per stem, averaged over the words that stem alike, and reads back what it wrote', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-vectors-'));
    try {
      const source = path.join(folder, 'source.json');
      const vectors: Record<string, number[]> = { the: [1, 1, 0], delete: [0, 1, 0], deleted: [0, 1, 0.2], remove: [0.1, 1, 0.1], cat: [1, 0, 1], 'wi-fi': [1, 0, 0] };
      fs.writeFileSync(source, JSON.stringify({ dimensions: 3, words: Object.keys(vectors), vectors }));
      const derived = WordVectors.derive(source, path.join(folder, 'out', 'vectors.bin'));
      const read = WordVectors.read(path.join(folder, 'out', 'vectors.bin'));
      expect(read.size).toBe(derived.size);
      expect(read.idOf('delet')).toBeGreaterThanOrEqual(0);
      expect(read.idOf('deleted')).toBe(-1);
      expect(read.idOf('wifi')).toBe(-1);
      expect(read.cosine(read.idOf('delet'), read.idOf('remov'))).toBeGreaterThan(read.cosine(read.idOf('delet'), read.idOf('cat')));
      expect(read.cosine(read.idOf('cat'), read.idOf('cat'))).toBe(1);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
