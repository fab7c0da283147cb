import type { Article } from '../../src/knowledge/article';
import { Ranker } from '../../src/ranking/ranker';
import { wordVectors } from '../../src/ranking/word-vectors';
import { SearchIndex } from '../../src/search/search-index';
import { storedArticle } from '../helpers/articles';

function article(id: string, title: string): Article {
  return storedArticle({ id, title, body: 'Open the settings page and follow the steps.' });
}

describe('Ranker term weights', () => {
  const index = new SearchIndex();
  index.addAll([article('strike', 'I want strikethrough text'), article('parking', 'Book a parking space'), article('printer', 'Add an office printer')]);
  const ranker = new Ranker(index);
  const idf = Math.log(1 + 3 / (1 + 1));

  it('weigh a word common in English below a rare one that the base has as often', () => {
    const { termWeights } = ranker.rank('want strikethrough', '');
    // Both are in one article of three: the same idf, but "want" is everyone's filler.
    expect(termWeights.get('want')).toBeLessThan(0.5 * idf);
    expect(termWeights.get('want')).toBeGreaterThan(0);
  });

  it('leave a word without a vector (a product name, a code) its full idf', () => {
    expect(wordVectors()!.idOf('strikethrough')).toBe(-1);
    expect(ranker.rank('want strikethrough', '').termWeights.get('strikethrough')).toBeCloseTo(idf, 10);
  });
});

describe('Ranker evidence for the confidence', () => {
  const index = new SearchIndex();
  index.addAll([
    article('holidays', 'Is the friday after thanksgiving a holiday'),
    article('parking', 'Book a parking space for a visitor'),
    article('printer', 'Add an office printer for a visitor'),
  ]);
  const ranker = new Ranker(index);

  it('measures a lone candidate against a rival of fixed score, not as certain', () => {
    const { candidates, evidence } = ranker.rank('parking', '');
    expect(candidates.map((c) => c.id)).toEqual(['parking']);
    const rivalScore = candidates[0]!.score - Math.log(evidence!.probability / (1 - evidence!.probability));
    expect(evidence!.probability).toBeLessThan(1);
    expect(evidence!.runnerUp).toBeCloseTo(1 - evidence!.probability, 10);
    // The same rival for a weaker lone match: a lower probability.
    const weak = ranker.rank('parking zzzunknownword zzzother', '');
    expect(weak.candidates.map((c) => c.id)).toEqual(['parking']);
    expect(weak.candidates[0]!.score).toBeLessThan(candidates[0]!.score);
    expect(weak.candidates[0]!.score - Math.log(weak.evidence!.probability / (1 - weak.evidence!.probability))).toBeCloseTo(rivalScore, 6);
    expect(weak.evidence!.probability).toBeLessThan(evidence!.probability);
  });

  it('keeps the softmax over the candidates when there are two or more', () => {
    const { candidates, evidence } = ranker.rank('visitor parking', '');
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    expect(candidates.reduce((sum, c) => sum + c.probability, 0)).toBeCloseTo(1, 10);
    expect(evidence!.runnerUp).toBe(candidates[1]!.probability);
  });

  it('scales the coverage down for a question that says little, not for one rare word', () => {
    // "much" is among English's most common words; "visitor" is not.
    const much = ranker.rank('much visitor', '');
    expect(much.evidence!.coverage).toBeCloseTo(much.candidates[0]!.coverage, 10);
    const thin = new SearchIndex();
    thin.addAll([article('leave', 'How much leave do I get')]);
    const { candidates, evidence } = new Ranker(thin).rank('much', '');
    expect(candidates[0]!.coverage).toBeCloseTo(1, 10);
    expect(evidence!.coverage).toBeLessThan(0.6);
    expect(evidence!.coverage).toBeGreaterThan(0);
  });
});
