import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, ROOT } from '../helpers/build';

/**
 * A smoke run of `npm run bench` at a small size: it runs through the built program in its
 * own process, prints the table and the JSON line the issue promises, with sane values.
 * Times are not checked (a shared machine); `npm run bench` is where they are measured.
 */
const FIELDS = [
  'articles', 'p50Ms', 'p99Ms', 'fts5P50Ms', 'fts5P99Ms', 'ratioToFts5', 'coldStartMs',
  'coldStartRebuildMs', 'heapMB', 'importPerSec', 'voteToVisibleMs', 'maxStallMs',
];

describe('npm run bench (smoke, 300 articles)', () => {
  let lines: string[];

  beforeAll(() => {
    ensureBuilt();
    const script = path.join(ROOT, 'dist', 'scripts', 'bench', 'bench.js');
    const output = execFileSync(process.execPath, ['--expose-gc', script, '--sizes', '300', '--runs', '1', '--questions', '50', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    lines = output.trim().split('\n');
  }, 120_000);

  it('prints the table', () => {
    expect(lines.some((line) => /^\| +articles \|/.test(line))).toBe(true);
    expect(lines.some((line) => /^\| +300 \|/.test(line))).toBe(true);
  });

  it('ends with the JSON line, every figure a sane number', () => {
    const { results } = JSON.parse(lines.at(-1)!) as { results: Array<Record<string, number>> };
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(Object.keys(result!)).toEqual(FIELDS);
    expect(result!.articles).toBe(300);
    for (const field of FIELDS) {
      expect(Number.isFinite(result![field])).toBe(true);
      expect(result![field]).toBeGreaterThan(0);
    }
    expect(result!.p99Ms).toBeGreaterThanOrEqual(result!.p50Ms!);
  });
});
