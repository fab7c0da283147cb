import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT } from '../helpers/build';

/**
 * Answer quality on the open question sets may not fall by more than a small margin.
 * The floors are the figures measured when the ranking last changed, less the margin;
 * raise them when quality improves. Timings are not checked (a shared machine). The sets
 * run through the built `npm run eval` script in its own process: under jest's module
 * sandbox the ranking code runs several times slower.
 */
const MARGIN = 0.01;
const MEASURED: Record<string, Record<string, number>> = {
  'stackfaq dev': { top1: 0.8236, mrr10: 0.8814, recall5: 0.9579, ndcg10: 0.9078, confidentPrecision: 0.9639 },
  'stackfaq feedback': { top1: 0.824, mrr10: 0.8809, ndcg10: 0.9062 },
  'stackfaq first answer': { top1: 0.7275, mrr10: 0.817, ndcg10: 0.8554 },
  'stackfaq titles': { top1: 0.7575, mrr10: 0.8197, ndcg10: 0.8507 },
  'clinc150 val': { top1: 0.9353, mrr10: 0.9543, recall5: 0.9767, ndcg10: 0.9608, answeredAccuracy: 0.9227, oosRecall: 0.69 },
  'clinc150 few questions': { top1: 0.6877, mrr10: 0.7632, ndcg10: 0.7924, oosRecall: 0.69 },
  'clinc150 names': { top1: 0.5053, mrr10: 0.5738, ndcg10: 0.5983 },
  'generated 2k': { top1: 0.74, mrr10: 0.8125 },
};
/**
 * MiniSearch tuned on the same questions (MRR@10, `npm run eval` prints it beside Lore's):
 * the floor Lore must stay above on every base. Measured once; MiniSearch is pinned.
 */
const MINISEARCH_TUNED: Record<string, number> = {
  'stackfaq dev': 0.7958,
  'stackfaq feedback': 0.7941,
  'stackfaq first answer': 0.703,
  'stackfaq titles': 0.6502,
  'clinc150 val': 0.9202,
  'clinc150 few questions': 0.724,
  'clinc150 names': 0.487,
  'generated 2k': 0.6928,
};

const dataDir = path.join(ROOT, 'data', 'eval');

describe('answer quality on the open sets', () => {
  let results: Array<Record<string, number | string | null>>;

  beforeAll(() => {
    ensureBuilt();
    const output = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'eval.js'), dataDir, '--json', '--no-baselines'], { encoding: 'utf8' });
    results = JSON.parse(output.trim().split('\n').at(-1)!).results;
  }, 900_000);

  it('finds the open question sets in data/eval', () => {
    expect(fs.existsSync(path.join(dataDir, 'stackfaq', 'dev.json'))).toBe(true);
  });

  for (const [set, floor] of Object.entries(MINISEARCH_TUNED)) {
    it(`${set}: Lore ranks ahead of MiniSearch tuned on the same questions`, () => {
      expect(Number(results.find((r) => r.set === set)!.mrr10)).toBeGreaterThan(floor);
    });
  }

  for (const [set, measured] of Object.entries(MEASURED)) {
    it(`${set} keeps every quality figure within ${MARGIN} of its measured value`, () => {
      const figures = results.find((r) => r.set === set)!;
      const regressions = Object.entries(measured)
        .filter(([name, value]) => !(Number(figures[name] ?? -1) >= value - MARGIN))
        .map(([name, value]) => `${name}: ${figures[name]} (was ${value})`);
      expect(regressions).toEqual([]);
    });
  }
});

/**
 * What votes teach (`npm run eval -- --learn`): the figures after replaying each learning
 * set's feedback may not fall by more than the margin either, and learning must never lower
 * CLINC150's answered accuracy or out-of-scope recall on the half it did not see.
 * The replay is chaotic: the term model's seed alone (7, 8, 9) moves StackFAQ's top1 after
 * feedback between 0.908 and 0.920, so a change within that spread is no regression.
 */
const LEARNED: Record<string, Record<string, number>> = {
  'stackfaq dev after feedback': { top1: 0.9158, mrr10: 0.9429, answeredAccuracy: 0.8958 },
  'clinc150 val odd after even': { top1: 0.936, mrr10: 0.9568, answeredAccuracy: 0.9233, oosRecall: 0.74 },
  'clinc150 val even after odd': { top1: 0.956, mrr10: 0.9661, answeredAccuracy: 0.938, oosRecall: 0.68 },
};

describe('what votes teach on the open sets', () => {
  let results: Array<{ set: string; before: Record<string, number | null>; after: Record<string, number | null> }>;

  beforeAll(() => {
    ensureBuilt();
    const output = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'eval.js'), dataDir, '--learn', '--json'], { encoding: 'utf8' });
    results = JSON.parse(output.trim().split('\n').at(-1)!).results;
  }, 600_000);

  for (const [set, measured] of Object.entries(LEARNED)) {
    it(`${set} keeps every figure after learning within ${MARGIN} of its measured value`, () => {
      const { after } = results.find((r) => r.set === set)!;
      const regressions = Object.entries(measured)
        .filter(([name, value]) => !(Number(after[name] ?? -1) >= value - MARGIN))
        .map(([name, value]) => `${name}: ${after[name]} (was ${value})`);
      expect(regressions).toEqual([]);
    });
  }

  it('never lowers CLINC150 answered accuracy or out-of-scope recall on the half it did not learn from', () => {
    for (const { set, before, after } of results.filter((r) => r.set.startsWith('clinc150'))) {
      expect({ set, answeredAccuracy: after.answeredAccuracy! >= before.answeredAccuracy!, oosRecall: after.oosRecall! >= before.oosRecall! }).toEqual({
        set,
        answeredAccuracy: true,
        oosRecall: true,
      });
    }
  });
});
