/**
 * `npm run bench`: how fast Lore answers, starts and takes writes on generated knowledge
 * bases of 1k, 10k and 100k articles, beside SQLite FTS5 over the same articles and
 * questions. Every figure is the median of `--runs` runs. `--json` ends with one line:
 * {results: [{articles, p50Ms, p99Ms, fts5P50Ms, fts5P99Ms, ratioToFts5, coldStartMs,
 * coldStartRebuildMs, heapMB, importPerSec, voteToVisibleMs, maxStallMs}]}.
 *
 * Usage: node --expose-gc dist/scripts/bench/bench.js [--sizes 1000,10000,100000]
 *        [--runs 3] [--questions 1000] [--seed 42] [--json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Fts5Peer } from './fts5-peer';
import { generateBase } from '../../src/eval/generate-base';
import { measureRun, type RunFigures } from './measure-size';
import { median, round } from './stats';

/** The figures the issue promises in the JSON line, in its order. */
export interface SizeResult {
  articles: number;
  p50Ms: number;
  p99Ms: number;
  fts5P50Ms: number;
  fts5P99Ms: number;
  ratioToFts5: number;
  coldStartMs: number;
  coldStartRebuildMs: number;
  heapMB: number;
  importPerSec: number;
  /** The slower of a 👍 and a capture, each until the next question sees it (medians). */
  voteToVisibleMs: number;
  /** The longest the event loop was blocked while the base was imported. */
  maxStallMs: number;
}

/** Votes and captures measured after the timed questions, each needing one more question. */
const EXTRA_QUESTIONS = 20;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      runs: { type: 'string', default: '3' },
      questions: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '42' },
      json: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  const questionCount = Number(values.questions);
  if (sizes.some((n) => !Number.isInteger(n) || n < 10) || !(runs >= 1) || !(questionCount >= 1)) {
    process.stderr.write('usage: bench [--sizes 1000,10000,100000] [--runs 3] [--questions 1000] [--seed 42] [--json]\n');
    return 2;
  }
  const results: SizeResult[] = [];
  const details: RunFigures[] = [];
  for (const size of sizes) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-bench-'));
    try {
      const base = generateBase(size, questionCount + EXTRA_QUESTIONS, Number(values.seed));
      const fts5 = new Fts5Peer(path.join(folder, 'fts5.db'), base.articles);
      const figures: RunFigures[] = [];
      for (let run = 0; run < runs; run++) {
        const runFolder = fs.mkdtempSync(path.join(folder, `run-${run}-`));
        figures.push(await measureRun(base, questionCount, fts5, runFolder));
        fs.rmSync(runFolder, { recursive: true, force: true });
        process.stderr.write(`${size} articles, run ${run + 1}/${runs}: ${JSON.stringify(roundAll(figures.at(-1)!))}\n`);
      }
      fts5.close();
      const mid = medianOf(figures);
      details.push(mid);
      results.push({
        articles: size,
        p50Ms: mid.p50Ms,
        p99Ms: mid.p99Ms,
        fts5P50Ms: mid.fts5P50Ms,
        fts5P99Ms: mid.fts5P99Ms,
        ratioToFts5: mid.p50Ms / mid.fts5P50Ms,
        coldStartMs: mid.coldStartMs,
        coldStartRebuildMs: mid.coldStartRebuildMs,
        heapMB: mid.heapMB,
        importPerSec: mid.importPerSec,
        voteToVisibleMs: Math.max(mid.voteToVisibleMs, mid.captureToVisibleMs),
        maxStallMs: mid.maxStallMs,
      });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${table(results, details, runs)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify({ results: results.map(roundAll) })}\n`);
  return 0;
}

/** Each figure's median over the runs. */
function medianOf(runs: RunFigures[]): RunFigures {
  const keys = Object.keys(runs[0]!) as Array<keyof RunFigures>;
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => run[key]))])) as unknown as RunFigures;
}

function roundAll<T extends object>(figures: T): T {
  return Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, typeof value === 'number' ? round(value) : value])) as T;
}

function table(results: SizeResult[], details: RunFigures[], runs: number): string {
  const header = [
    'articles', 'p50 ms', 'p99 ms', 'FTS5 p50', 'FTS5 p99', 'p50 ÷ FTS5', 'p99 ÷ FTS5', 'cold start', 'cold, rebuild',
    'serve, rebuild: 1st answer', 'read in bg', 'bg stall', 'index build', 'heap MB', 'RSS MB', 'import/s', 'vote→seen',
    'capture→seen', 'max stall', 'top1', 'FTS5 top1',
  ];
  const rows = results.map((r, i) => {
    const d = details[i]!;
    return [r.articles, r.p50Ms, r.p99Ms, r.fts5P50Ms, r.fts5P99Ms, r.ratioToFts5, r.p99Ms / r.fts5P99Ms, r.coldStartMs, r.coldStartRebuildMs,
      d.servingFirstAnswerMs, d.servingReadMs, d.servingMaxStallMs, d.indexBuildMs, r.heapMB, d.rssMB, r.importPerSec, d.voteToVisibleMs, d.captureToVisibleMs, r.maxStallMs, d.top1, d.fts5Top1].map((v) => String(round(v)));
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padStart(widths[i]!)).join(' | ')} |`;
  return [
    `Medians of ${runs} run(s); times in ms; cold start = process start to first answer (saved index / rebuilt from the database / a server rebuilding in the background, then how long it read and its longest stall meanwhile; max stall = during the import).`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
}
