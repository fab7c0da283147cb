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
  'stackfaq dev': { top1: 0.8036, mrr10: 0.8695, recall5: 0.9539, ndcg10: 0.8985, confidentPrecision: 0.9574 },
  'clinc150 val': { top1: 0.9357, mrr10: 0.9543, recall5: 0.977, ndcg10: 0.9607, answeredAccuracy: 0.922, oosRecall: 0.67 },
};

const dataDir = path.join(ROOT, '..', 'shared', 'data');

describe('answer quality on the open sets', () => {
  let results: Array<Record<string, number | string | null>>;

  beforeAll(() => {
    ensureBuilt();
    const output = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'eval.js'), dataDir, '--json'], { encoding: 'utf8' });
    results = JSON.parse(output.trim().split('\n').at(-1)!).results;
  }, 300_000);

  it('finds the shared question sets beside the project', () => {
    expect(fs.existsSync(path.join(dataDir, 'stackfaq', 'dev.json'))).toBe(true);
  });

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
