/**
 * `npm run eval`: measures Lore on every open base (the open question sets in data/eval,
 * each also in the other shapes a team's base has: see src/eval/open-bases.ts) beside
 * MiniSearch with its defaults and tuned on the same questions, so a change that helps one
 * base and hurts another shows at once. `--json` ends with one JSON line of all the figures;
 * `--only NAME` (repeatable) measures the bases whose names contain NAME; `--no-baselines`
 * skips MiniSearch (its tuned grid takes minutes).
 *
 * `npm run eval -- --learn` measures what votes teach instead: for each learning set, the
 * feedback questions are replayed as people asking and voting (as `lore eval --learn`
 * does), and the queries are evaluated before and after. With `--workspace ID` as well, the
 * people asking and voting are of that workspace (a Slack team) and the articles are the
 * shared base: what they teach is kept for their workspace alone (see docs/workspaces.md),
 * so this measures a one-team install as `--learn` alone measures the terminal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type EvalMetrics, evaluateInDetail } from '../src/eval/evaluate';
import { type LabelledQuestion, readQueriesFile } from '../src/eval/queries-file';
import { type BaselineFigures, miniSearchDefaults, miniSearchTuned } from '../src/eval/minisearch-baseline';
import { type EvalBase, openBases } from '../src/eval/open-bases';
import { replayFeedback } from '../src/eval/replay-feedback';
import { readArticleFiles } from '../src/knowledge/formats/read-article-files';
import { importArticles } from '../src/knowledge/import-articles';
import { openLore } from '../src/lore';

/** The figures each base must reach (the issue's targets), by base name. */
const TARGETS: Readonly<Record<string, Partial<Record<keyof SetFigures, number>>>> = {
  'stackfaq dev': { mrr10: 0.9, top1: 0.84, confidentPrecision: 0.95 },
  'clinc150 val': { answeredAccuracy: 0.91, oosRecall: 0.5 },
};

/** A set for measuring learning: feedback to replay as people voting, then queries to evaluate. */
interface LearningSet {
  name: string;
  articles: string;
  /** The feedback and the queries, from the data folder. */
  split(dataDir: string): { feedback: LabelledQuestion[]; queries: LabelledQuestion[] };
}

/** Every other item, starting with the first (`even`) or the second: each intent and the out-of-scope questions split in half. */
function alternate<T>(items: readonly T[], half: 'even' | 'odd'): T[] {
  return items.filter((_, i) => i % 2 === (half === 'even' ? 0 : 1));
}

const readData = (dataDir: string, file: string) => readQueriesFile(path.join(dataDir, file));

export const LEARNING_SETS: readonly LearningSet[] = [
  {
    name: 'stackfaq dev after feedback',
    articles: 'stackfaq/articles.json',
    split: (dataDir) => ({ feedback: readData(dataDir, 'stackfaq/feedback.json'), queries: readData(dataDir, 'stackfaq/dev.json') }),
  },
  {
    name: 'clinc150 val odd after even',
    articles: 'clinc150/articles.json',
    split: (dataDir) => {
      const val = readData(dataDir, 'clinc150/val.json');
      return { feedback: alternate(val, 'even'), queries: alternate(val, 'odd') };
    },
  },
  {
    name: 'clinc150 val even after odd',
    articles: 'clinc150/articles.json',
    split: (dataDir) => {
      const val = readData(dataDir, 'clinc150/val.json');
      return { feedback: alternate(val, 'odd'), queries: alternate(val, 'even') };
    },
  },
];

/** Imports a learning set into a fresh database, evaluates, replays the feedback, and evaluates again. */
export async function evaluateLearning(dataDir: string, set: LearningSet, workspace = ''): Promise<{ before: EvalMetrics; after: EvalMetrics }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-eval-'));
  const lore = openLore({ dbFile: path.join(folder, 'lore.db') });
  try {
    const { records } = readArticleFiles([path.join(dataDir, set.articles)]);
    await importArticles(lore.knowledge, records, { workspace: '' });
    const { feedback, queries } = set.split(dataDir);
    const before = evaluateInDetail(lore.answerer, queries, workspace).metrics;
    await replayFeedback(lore.answerer, lore.feedback, lore.knowledge.index, feedback, workspace);
    const after = evaluateInDetail(lore.answerer, queries, workspace).metrics;
    return { before, after };
  } finally {
    lore.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** What Lore reaches on a base, with the share of its confident answers that were right. */
export type SetFigures = EvalMetrics & { confidentPrecision: number | null };

/** Imports a base into a fresh database and evaluates it through the same `ask` path as chat. */
export async function evaluateBase(base: EvalBase): Promise<SetFigures> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-eval-'));
  const lore = openLore({ dbFile: path.join(folder, 'lore.db') });
  try {
    await importArticles(lore.knowledge, base.articles, { workspace: '' });
    const report = evaluateInDetail(lore.answerer, base.queries, '');
    return { ...report.metrics, confidentPrecision: report.confidentPrecision };
  } finally {
    lore.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const COLUMNS: Array<[keyof SetFigures, string]> = [
  ['questions', 'questions'],
  ['top1', 'top1'],
  ['mrr10', 'MRR@10'],
  ['ndcg10', 'nDCG@10'],
  ['answeredAccuracy', 'answered acc'],
  ['oosRecall', 'OOS recall'],
  ['confidentPrecision', 'prec@conf≥0.9'],
  ['p50Ms', 'p50 ms'],
  ['p99Ms', 'p99 ms'],
];

interface BaseResult {
  base: string;
  shape: string;
  metrics: SetFigures;
  miniSearch?: { defaults: BaselineFigures; tuned: BaselineFigures };
  missed: string[];
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, learn: { type: 'boolean' }, only: { type: 'string', multiple: true }, 'no-baselines': { type: 'boolean' }, workspace: { type: 'string', default: '' } },
  });
  const dataDir = positionals[0] ?? path.join(__dirname, '..', '..', 'data', 'eval');
  if (!fs.existsSync(dataDir)) {
    process.stderr.write(`No question sets at ${dataDir}; pass the folder: npm run eval -- PATH/TO/DATA\n`);
    return 1;
  }
  if (values.learn) return learning(dataDir, values.json === true, values.workspace);
  const bases = openBases(dataDir).filter((base) => !values.only || values.only.some((name) => base.name.includes(name)));
  const results: BaseResult[] = [];
  for (const base of bases) {
    const metrics = await evaluateBase(base);
    const miniSearch = values['no-baselines'] ? undefined : { defaults: miniSearchDefaults(base.articles, base.queries), tuned: miniSearchTuned(base.articles, base.queries) };
    const missed = Object.entries(TARGETS[base.name] ?? {})
      .filter(([name, target]) => ((metrics[name as keyof SetFigures] as number | null) ?? 0) < target!)
      .map(([name, target]) => `${name} ${metrics[name as keyof SetFigures]} < ${target}`);
    results.push({ base: base.name, shape: base.shape, metrics, miniSearch, missed });
  }
  const rows = results.map(({ base, metrics, miniSearch }) => ({
    set: base,
    metrics,
    extra: miniSearch ? [`${miniSearch.defaults.top1} / ${miniSearch.defaults.mrr10}`, `${miniSearch.tuned.top1} / ${miniSearch.tuned.mrr10}`] : ['-', '-'],
  }));
  const out = [...tableOf(rows, COLUMNS, ['MiniSearch defaults top1 / MRR', 'MiniSearch tuned top1 / MRR']), ''];
  for (const result of results) {
    const behind = result.miniSearch && result.metrics.mrr10 <= result.miniSearch.tuned.mrr10 ? ' BEHIND MiniSearch tuned' : '';
    const targets = TARGETS[result.base] ? `; targets ${result.missed.length === 0 ? 'all met' : `missed: ${result.missed.join(', ')}`}` : '';
    out.push(`${result.base} (${result.shape})${behind}${targets}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify({ results: results.map(({ base, metrics, miniSearch }) => ({ set: base, ...metrics, miniSearch })) })}\n`);
  return 0;
}

/** Before and after learning, a row each, for every learning set. */
async function learning(dataDir: string, json: boolean, workspace: string): Promise<number> {
  const results: Array<{ set: string; before: EvalMetrics; after: EvalMetrics }> = [];
  for (const set of LEARNING_SETS) results.push({ set: set.name, ...(await evaluateLearning(dataDir, set, workspace)) });
  const rows = results.flatMap(({ set, before, after }) => [
    { set: `${set}: before`, metrics: { ...before, confidentPrecision: null } },
    { set: `${set}: after`, metrics: { ...after, confidentPrecision: null } },
  ]);
  process.stdout.write(`${tableOf(rows, COLUMNS.filter(([key]) => key !== 'confidentPrecision')).join('\n')}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ results })}\n`);
  return 0;
}

function tableOf(results: ReadonlyArray<{ set: string; metrics: SetFigures; extra?: string[] }>, columns = COLUMNS, extraLabels: string[] = []): string[] {
  const header = ['set', ...columns.map(([, label]) => label), ...extraLabels];
  const rows = results.map(({ set, metrics, extra }) => [set, ...columns.map(([key]) => format(metrics[key])), ...(extra ?? [])]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function format(value: number | null): string {
  return value === null ? 'n/a' : String(value);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`eval failed: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
}
