import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ArticleRecord } from '../../src/knowledge/formats/article-record';
import { savedModelFile } from '../../src/ranking/saved-model';
import { importArticles } from '../../src/knowledge/import-articles';
import { savedIndexFile } from '../../src/knowledge/knowledge-base';
import { openLore } from '../../src/lore';
import type { Fts5Peer } from './fts5-peer';
import type { GeneratedBase } from '../../src/eval/generate-base';
import { startStallProbe } from './stall-probe';
import { median, msSince, percentile } from './stats';

/** Every figure one run measures at one size. */
export interface RunFigures {
  p50Ms: number;
  p99Ms: number;
  fts5P50Ms: number;
  fts5P99Ms: number;
  coldStartMs: number;
  coldStartRebuildMs: number;
  /** A server starting without a saved index: its first answer, how long it then read the base in the background, the longest stall meanwhile. */
  servingFirstAnswerMs: number;
  servingReadMs: number;
  servingMaxStallMs: number;
  heapMB: number;
  rssMB: number;
  importPerSec: number;
  indexBuildMs: number;
  indexSaveMs: number;
  firstAskMs: number;
  voteToVisibleMs: number;
  captureToVisibleMs: number;
  maxStallMs: number;
  top1: number;
  fts5Top1: number;
}

/** Votes and captures timed per run. */
const WRITES = 20;
const ASK = { workspace: '', platform: 'bench', isEval: true };

/** One run at one size: import into a fresh database, then start, serve and write as Lore does. */
export async function measureRun(base: GeneratedBase, questionCount: number, fts5: Fts5Peer, folder: string): Promise<RunFigures> {
  const dbFile = path.join(folder, 'lore.db');
  const records: ArticleRecord[] = base.articles.map((input, i) => ({ source: `generated #${i}`, input }));

  // Import, with a probe timing the longest the event loop was blocked.
  let lore = openLore({ dbFile });
  const probe = startStallProbe();
  let started = process.hrtime.bigint();
  await importArticles(lore.knowledge, records, { workspace: '' });
  const importMs = msSince(started);
  const maxStallMs = probe.stop();
  lore.close();

  // A serving process: it builds the index from the database, trains the ranking model on
  // its first question (inline here, to time it; a server trains in a worker and answers
  // meanwhile), and saves both beside the database when it stops.
  fs.rmSync(savedIndexFile(dbFile), { force: true });
  fs.rmSync(savedModelFile(dbFile), { force: true });
  started = process.hrtime.bigint();
  lore = openLore({ dbFile, backgroundTrainingAbove: Number.POSITIVE_INFINITY });
  const indexBuildMs = msSince(started);
  const probeQuestion = base.questions[0]!.question;
  started = process.hrtime.bigint();
  lore.answerer.ask(probeQuestion, ASK);
  const firstAskMs = msSince(started);
  started = process.hrtime.bigint();
  lore.close();
  const indexSaveMs = msSince(started);

  // Restarts: with what it saved, and with the index to rebuild from the database.
  const saved = await coldStart(dbFile, probeQuestion);
  fs.rmSync(savedIndexFile(dbFile), { force: true });
  const rebuilt = await coldStart(dbFile, probeQuestion);
  // A server with no saved index: answers at once while it reads the base in the background (and saves the index).
  fs.rmSync(savedIndexFile(dbFile), { force: true });
  const serving = await coldStart(dbFile, probeQuestion, true);

  // Steady state: the questions people wait for, after a first one.
  lore = openLore({ dbFile, backgroundTrainingAbove: Number.POSITIVE_INFINITY });
  lore.answerer.ask(probeQuestion, ASK);
  const asked = base.questions.slice(0, questionCount);
  const times: number[] = [];
  let right = 0;
  for (const { question, article } of asked) {
    started = process.hrtime.bigint();
    const reply = lore.answerer.ask(question, ASK);
    times.push(msSince(started));
    if (reply.results[0]?.id === article) right += 1;
  }
  const ftsTimes: number[] = [];
  let ftsRight = 0;
  for (const { question, article } of asked) {
    started = process.hrtime.bigint();
    const ids = fts5.search(question);
    ftsTimes.push(msSince(started));
    if (ids[0] === article) ftsRight += 1;
  }

  // A 👍 teaches the question to the article; a capture makes a new article. Each is timed
  // with the next question, which must already see it.
  const voteTimes: number[] = [];
  const captureTimes: number[] = [];
  const writes = base.questions.slice(questionCount, questionCount + WRITES);
  for (const [i, { question, article: expected }] of writes.entries()) {
    const reply = lore.answerer.ask(question, ASK, { limit: 10 });
    // A vote is on an article that was shown: the right one when it is there.
    const article = reply.results.find((r) => r.id === expected)?.id ?? reply.results[0]?.id ?? expected;
    started = process.hrtime.bigint();
    lore.feedback.vote({ questionId: reply.questionId, articleId: article, voter: `bench-${i}`, value: 1 });
    const after = lore.answerer.ask(question, ASK, { limit: 10 });
    voteTimes.push(msSince(started));
    if (!after.results.some((r) => r.id === article)) throw new Error(`a 👍 on ${article} did not reach the next question`);

    const captured = `zq${i}x${base.articles.length} ${question}`;
    started = process.hrtime.bigint();
    const result = lore.capturer.capture({ workspace: '', platform: 'bench', question: captured, answer: 'Captured answer.', capturedBy: 'bench', onDuplicate: 'new' });
    const seen = lore.answerer.ask(captured, ASK, { limit: 10 });
    captureTimes.push(msSince(started));
    if (!seen.results.some((r) => r.id === result.article.id)) throw new Error(`captured article ${result.article.id} did not reach the next question`);
  }
  lore.close();

  return {
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    fts5P50Ms: percentile(ftsTimes, 0.5),
    fts5P99Ms: percentile(ftsTimes, 0.99),
    coldStartMs: saved.ms,
    coldStartRebuildMs: rebuilt.ms,
    servingFirstAnswerMs: serving.ms,
    servingReadMs: serving.readMs ?? NaN,
    servingMaxStallMs: serving.maxStallMs ?? NaN,
    heapMB: saved.heapMB,
    rssMB: saved.rssMB,
    importPerSec: base.articles.length / (importMs / 1000),
    indexBuildMs,
    indexSaveMs,
    firstAskMs,
    voteToVisibleMs: median(voteTimes),
    captureToVisibleMs: median(captureTimes),
    maxStallMs,
    top1: right / asked.length,
    fts5Top1: ftsRight / asked.length,
  };
}

interface ColdStart {
  /** Process start to first answer. */
  ms: number;
  heapMB: number;
  rssMB: number;
  /** --serving: how long the background reading took after the first answer, and the longest stall meanwhile. */
  readMs?: number;
  maxStallMs?: number;
}

/**
 * Starts a process that opens the database and answers one question, as `lore ask` does
 * (or as a server does, `serving`); the time is from starting it to its answer, node's own
 * start included.
 */
function coldStart(dbFile: string, question: string, serving = false): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const args = ['--expose-gc', path.join(__dirname, 'cold-start.js'), dbFile, question, ...(serving ? ['--serving'] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ms = NaN;
    child.stdout.on('data', (chunk: Buffer) => {
      if (Number.isNaN(ms)) ms = msSince(started);
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trim().split('\n');
      if (code !== 0 || lines.length < (serving ? 3 : 2)) return reject(new Error(`cold start failed (${code}): ${err}`));
      const reading = serving ? (JSON.parse(lines[1]!) as { readMs: number; maxStallMs: number }) : {};
      const memory = JSON.parse(lines.at(-1)!) as { heapMB: number; rssMB: number };
      resolve({ ms, ...memory, ...reading });
    });
  });
}
