import { generateBase } from '../../src/eval/generate-base';
import { analyzeQuery } from '../../src/search/analyzer';
import { SearchIndex } from '../../src/search/search-index';
import { storedArticle } from '../helpers/articles';

const article = (id: string, title: string, body: string) => storedArticle({ id, title, body });

/** Lets timers run, MiniSearch's vacuum batches included (they wait 10 ms between batches). */
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 12));

/** Words no article has, in a deterministic sequence; adding them splits and grows the term tree. */
function wordSource(): (count: number) => string {
  let state = 1;
  const word = (length: number) => {
    let text = '';
    for (let c = 0; c < length; c++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      text += 'abcdefghilmnoprstu'[state % 18];
    }
    return text;
  };
  return (count) => Array.from({ length: count }, (_, k) => word(3 + (k % 6))).join(' ');
}

describe('SearchIndex under edits while it cleans up', () => {
  // Votes and captures replace articles (discard + add) between requests; MiniSearch's
  // vacuum, if it walked the index across pauses, would find its tree changed under it
  // (lucaong/minisearch issue 306) and throw from a timer, which ends the process.
  it('keeps answering and never throws while articles are replaced with new words over many turns', async () => {
    const index = new SearchIndex();
    const base = generateBase(3000, 0, 11).articles;
    const newWords = wordSource();
    index.addAll(base.map((a) => article(a.id, a.title, a.body)));
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      for (let round = 0; round < 60; round++) {
        // Enough replacements to pass MiniSearch's own vacuum threshold many times over.
        for (let i = 0; i < 60; i++) {
          const target = base[(round * 60 + i) % base.length]!;
          index.upsert(article(target.id, target.title, `novelterm${round}y${i} ${newWords(12)}`));
        }
        if (round % 7 === 3) index.remove(base[round]!.id);
        await nextTurn();
      }
      await index.settle();
      await nextTurn();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(failures).toEqual([]);
    const last = base[(59 * 60 + 5) % base.length]!;
    expect(index.search(analyzeQuery('novelterm59y5'), '', 5, { exact: true }).map((hit) => hit.id)).toEqual([last.id]);
    // A word only replaced text had is gone from the index once cleaned up.
    expect(index.documentFrequency('novelterm0y5')).toBe(0);
  });
});
