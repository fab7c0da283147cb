import type { Article } from '../../src/knowledge/article';
import { PassageMatch, splitPassages } from '../../src/ranking/passage-match';
import { DEFAULT_RANKING_WEIGHTS, MAX_ARTICLES_FOR_PASSAGES, Ranker } from '../../src/ranking/ranker';
import { analyzeQuery } from '../../src/search/analyzer';
import { SearchIndex } from '../../src/search/search-index';
import { storedArticle } from '../helpers/articles';

/** A base and a body source that reads the current text of each article, as the database would. */
function base(articles: Article[]) {
  const index = new SearchIndex();
  const bodies = new Map(articles.map((article) => [article.id, article.body]));
  index.addAll(articles);
  const update = (article: Article) => {
    bodies.set(article.id, article.body);
    index.upsert(article);
  };
  return { index, bodies: (id: string) => bodies.get(id), update };
}

function scores(match: PassageMatch, question: string, ids: string[]): number[] {
  const terms = analyzeQuery(question);
  return match.score(terms, new Map(terms.map((term) => [term, 1])), ids);
}

describe('splitPassages', () => {
  it('splits a body into its lines and sentences, and at runs of spaces left by flattened line breaks', () => {
    expect(splitPassages('Open Settings. Choose Printers!\n\n- Add FollowMe\nTap your badge.  Then print e.g. a test page')).toEqual([
      'Open Settings.',
      'Choose Printers!',
      '- Add FollowMe',
      'Tap your badge.',
      'Then print e.g. a test page',
    ]);
  });
});

describe('PassageMatch', () => {
  // Both bodies hold every word of the question, but only one says it in one sentence.
  const together = storedArticle({
    id: 'together',
    title: 'Keep a copy of your posts',
    body: 'Some people print them. You can export your tweets as an archive from the settings page. It takes a day.',
  });
  const scattered = storedArticle({
    id: 'scattered',
    title: 'Find an old post',
    body: 'Search tweets by date. An archive of news is kept for a year. Use the export of search results in the settings page.',
  });
  const bare = storedArticle({ id: 'bare', title: 'Export tweets', body: '' });
  const question = 'export my tweets archive';

  it('scores the body whose one passage holds the question, not the one that has its words apart', () => {
    const { index, bodies } = base([together, scattered]);
    const [best, other] = scores(new PassageMatch(index, bodies), question, ['together', 'scattered']);
    expect(best).toBeGreaterThan(0.8);
    // Each of its passages holds one word of the question: no more than the coverage says.
    expect(other).toBe(0);
  });

  it('gives nothing for a body that holds one word of the question, none, or none at all (no body, unknown, no source)', () => {
    const { index, bodies } = base([together, scattered, bare]);
    expect(scores(new PassageMatch(index, bodies), 'print tweets', ['bare', 'together', 'missing'])).toEqual([0, 0, 0]);
    expect(scores(new PassageMatch(index, undefined), question, ['together', 'scattered'])).toEqual([0, 0]);
  });

  it('follows an article whose body changed', () => {
    const { index, bodies, update } = base([together, scattered]);
    const match = new PassageMatch(index, bodies);
    expect(scores(match, question, ['together', 'scattered'])[1]).toBe(0);
    update({ ...scattered, body: 'Export your tweets to an archive file.' });
    expect(scores(match, question, ['together', 'scattered'])[1]).toBeGreaterThan(0.8);
  });
});

describe('Ranker with passages', () => {
  const articles = Array.from({ length: 8 }, (_, i) =>
    storedArticle({ id: `a${i}`, title: `Topic ${i}`, body: `You can export your tweets as an archive. Item ${i} of the list.` }),
  );

  it('reads the bodies of the 3 leading candidates alone, and none where fewer than two of the question words are in the body', () => {
    const { index, bodies } = base(articles);
    const read: string[] = [];
    const ranker = new Ranker(index, DEFAULT_RANKING_WEIGHTS, (id) => {
      read.push(id);
      return bodies(id);
    });
    expect(ranker.rank('export tweets archive', '').candidates).toHaveLength(8);
    expect(read).toHaveLength(3);
    read.length = 0;
    expect(ranker.rank('export topic', '').candidates.length).toBeGreaterThan(0);
    expect(read).toEqual([]);
  });

  it('reads no bodies on a base too large for their passages to stay cached', () => {
    const large = Array.from({ length: MAX_ARTICLES_FOR_PASSAGES + 1 }, (_, i) =>
      storedArticle({ id: `b${i}`, title: `Note ${i}`, body: i < 8 ? 'You can export your tweets as an archive.' : `Filler text number ${i}.` }),
    );
    const { index, bodies } = base(large);
    const read: string[] = [];
    const ranker = new Ranker(index, DEFAULT_RANKING_WEIGHTS, (id) => {
      read.push(id);
      return bodies(id);
    });
    expect(ranker.rank('export tweets archive', '').candidates.length).toBeGreaterThan(0);
    expect(read).toEqual([]);
  });
});
