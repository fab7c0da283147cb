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
