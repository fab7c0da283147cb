/**
 * `npm run eval`: measures Lore on every open question set in ../shared/data and prints
 * one table beside the reference figures, so a change that helps one set and hurts
 * another shows at once. `--json` ends with one JSON line of all the figures.
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
import { type EvalMetrics, evaluateInDetail } from '../src/eval/evaluate';
import { type LabelledQuestion, readQueriesFile } from '../src/eval/queries-file';
import { replayFeedback } from '../src/eval/replay-feedback';
import { readArticleFiles } from '../src/knowledge/formats/read-article-files';
import { importArticles } from '../src/knowledge/import-articles';
import { openLore } from '../src/lore';

interface EvalSet {
  name: string;
  articles: string;
  queries: string;
  /** What other engines reach on the same set (the issue's measurements and published figures). */
  reference: string;
  targets: Partial<Record<keyof SetFigures, number>>;
}

export const OPEN_SETS: readonly EvalSet[] = [
  {
    name: 'stackfaq dev',
    articles: 'stackfaq/articles.json',
    queries: 'stackfaq/dev.json',
    reference: 'MRR@10: Lunr tuned 0.860, MiniSearch tuned 0.818 (top1 0.72), FTS5 0.800, MiniSearch defaults 0.742',
    targets: { mrr10: 0.9, top1: 0.84, confidentPrecision: 0.95 },
  },
  {
    name: 'clinc150 val',
    articles: 'clinc150/articles.json',
    queries: 'clinc150/val.json',
    reference: 'in-scope acc / OOS recall: DialogFlow 0.908/0.267, Rasa 0.909/0.312, BERT 0.962/0.523; best lexical top1 0.847',
    targets: { answeredAccuracy: 0.91, oosRecall: 0.5 },
  },
];

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

/** Imports a set into a fresh database and evaluates it through the same `ask` path as chat. */
export type SetFigures = EvalMetrics & { confidentPrecision: number | null };

export async function evaluateSet(dataDir: string, set: EvalSet): Promise<SetFigures> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-eval-'));
  const lore = openLore({ dbFile: path.join(folder, 'lore.db') });
  try {
    const { records } = readArticleFiles([path.join(dataDir, set.articles)]);
    await importArticles(lore.knowledge, records, { workspace: '' });
    const report = evaluateInDetail(lore.answerer, readQueriesFile(path.join(dataDir, set.queries)), '');
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

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const at = argv.indexOf('--workspace');
  const workspace = at < 0 ? '' : argv[at + 1];
  if (workspace === undefined || workspace.startsWith('--')) {
    process.stderr.write('--workspace needs an id, e.g. --workspace slack:T1\n');
    return 1;
  }
  const dataArg = argv.find((arg, i) => !arg.startsWith('--') && !(at >= 0 && i === at + 1));
  const dataDir = dataArg ?? path.join(__dirname, '..', '..', '..', 'shared', 'data');
  if (!fs.existsSync(dataDir)) {
    process.stderr.write(`No question sets at ${dataDir}; pass the folder: npm run eval -- PATH/TO/shared/data\n`);
    return 1;
  }
  if (argv.includes('--learn')) return learning(dataDir, json, workspace);
  const results: Array<{ set: string; metrics: SetFigures; missed: string[] }> = [];
  for (const set of OPEN_SETS) {
    const metrics = await evaluateSet(dataDir, set);
    const missed = Object.entries(set.targets)
      .filter(([name, target]) => ((metrics[name as keyof SetFigures] as number | null) ?? 0) < target!)
      .map(([name, target]) => `${name} ${metrics[name as keyof SetFigures]} < ${target}`);
    results.push({ set: set.name, metrics, missed });
  }
  const out = [...tableOf(results.map(({ set, metrics }) => ({ set, metrics }))), ''];
  for (const [i, set] of OPEN_SETS.entries()) {
    out.push(`${set.name}: reference ${set.reference}`);
    out.push(`  targets ${JSON.stringify(set.targets)}: ${results[i]!.missed.length === 0 ? 'all met' : `missed: ${results[i]!.missed.join(', ')}`}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ results: results.map(({ set, metrics }) => ({ set, ...metrics })) })}\n`);
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

function tableOf(results: ReadonlyArray<{ set: string; metrics: SetFigures }>, columns = COLUMNS): string[] {
  const header = ['set', ...columns.map(([, label]) => label)];
  const rows = results.map(({ set, metrics }) => [set, ...columns.map(([key]) => format(metrics[key]))]);
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
