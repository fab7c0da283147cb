import fs from 'node:fs';
import type { Logger } from '../../src/logger';
import type { Lore } from '../../src/lore';
import { DEFAULT_RANKING_WEIGHTS, Ranker } from '../../src/ranking/ranker';
import { savedModelFile } from '../../src/ranking/saved-model';
import { seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

/** A logger that keeps every message, to see whether the model was trained inline, in the background, or taken up. */
function recordingLogger(): Logger & { said(msg: string): number } {
  const lines: string[] = [];
  const keep = (_obj: object, msg?: string) => void lines.push(msg ?? '');
  const logger = { debug: keep, info: keep, warn: keep, error: keep, child: () => logger, said: (msg: string) => lines.filter((line) => line === msg).length };
  return logger;
}

// 'password expired' is an alternate question the trained model is surer of than the ranking without it.
const QUESTIONS = ['vpn will not connect', 'I forgot my password', 'how do I print', 'claim back a taxi fare', 'where do I park', 'submit receipts', 'password expired'];
const ASKER = { workspace: '', platform: 'test', asker: 'ada' };

/** Every result of every question, with its score and confidence. */
function answers(lore: Lore): unknown[] {
  return QUESTIONS.map((question) => {
    const reply = lore.answerer.ask(question, ASKER, { limit: 5 });
    return { question, decision: reply.decision, confidence: reply.confidence, results: reply.results.map((r) => [r.id, r.score]) };
  });
}

/** What a ranker without a learned model (BM25, the bodies' passages and the default calibration) makes of the questions: confidence and order. */
function untrained(lore: Lore): unknown[] {
  const ranker = new Ranker(lore.knowledge.index, DEFAULT_RANKING_WEIGHTS, (id) => lore.knowledge.articles.bodyOf(id));
  return QUESTIONS.map((question) => {
    const ranking = ranker.rank(question, '');
    return { confidence: ranking.confidence, ids: ranking.candidates.slice(0, 5).map((c) => c.id) };
  });
}

function shape(replies: unknown[]): unknown[] {
  return (replies as Array<{ confidence: number; results: Array<[string, number]> }>).map((reply) => ({
    confidence: reply.confidence,
    ids: reply.results.map(([id]) => id),
  }));
}

/** Asks until the model the worker saved is in use; bounded, as a worker that never finishes is a failure. */
async function untilTakenUp(lore: Lore, logger: ReturnType<typeof recordingLogger>, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    lore.answerer.ask('vpn', ASKER);
    if (logger.said('ranking model loaded') > 0) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the background training did not finish within ${timeoutMs} ms`);
}

describe('training the ranking model in the background', () => {
  const sandbox = useSandbox();

  /** The answers of a Lore that trained inline on the base (the default threshold is far above it). */
  function inlineAnswers(): unknown[] {
    const logger = recordingLogger();
    const lore = sandbox.openLore({ dbFile: sandbox.file('inline.db'), logger });
    seed(lore);
    const replies = answers(lore);
    expect(logger.said('ranking model trained')).toBe(1);
    expect(logger.said('training the ranking model in the background')).toBe(0);
    return replies;
  }

  it('answers at once without a model, then with the one the worker trained, as a Lore that trained inline', async () => {
    const expected = inlineAnswers();
    const logger = recordingLogger();
    const lore = sandbox.openLore({ logger, backgroundTrainingAbove: 0 });
    seed(lore);

    const first = answers(lore);
    expect(logger.said('training the ranking model in the background')).toBe(1);
    expect(logger.said('ranking model trained')).toBe(0);
    expect(shape(first)).toEqual(untrained(lore));

    // The trained model ranks differently from none, so the comparisons below tell them apart.
    expect(shape(expected)).not.toEqual(untrained(lore));
    await untilTakenUp(lore, logger);
    expect(answers(lore)).toEqual(expected);
    // One worker: the questions asked while it trained did not start another.
    expect(logger.said('training the ranking model in the background')).toBe(1);
    expect(logger.said('ranking model trained')).toBe(0);

    // The model file is the worker's: a restart loads it and answers the same.
    lore.close();
    const restartLogger = recordingLogger();
    const again = sandbox.openLore({ logger: restartLogger, backgroundTrainingAbove: 0 });
    expect(restartLogger.said('ranking model loaded')).toBe(1);
    expect(answers(again)).toEqual(expected);
    expect(restartLogger.said('training the ranking model in the background')).toBe(0);
  });

  it('leaves no model file, whole or half-written, when Lore closes while the worker runs', async () => {
    // How long a worker takes here, to wait well past it below.
    const timingLogger = recordingLogger();
    const timing = sandbox.openLore({ dbFile: sandbox.file('timing.db'), logger: timingLogger, backgroundTrainingAbove: 0 });
    seed(timing);
    answers(timing);
    const workerMs = await untilTakenUp(timing, timingLogger);
    timing.close();

    const lore = sandbox.openLore({ backgroundTrainingAbove: 0 });
    seed(lore);
    answers(lore);
    lore.close();
    await new Promise((resolve) => setTimeout(resolve, 2 * workerMs + 500));
    expect(fs.existsSync(savedModelFile(sandbox.dbFile))).toBe(false);
    expect(fs.readdirSync(sandbox.dir).filter((name) => name.startsWith('lore.db.model'))).toEqual([]);
  });

  it('still trains inline below the threshold, and for an in-memory database', () => {
    const logger = recordingLogger();
    const lore = sandbox.openLore({ logger, backgroundTrainingAbove: 1_000 });
    seed(lore);
    answers(lore);
    expect(logger.said('ranking model trained')).toBe(1);
    expect(logger.said('training the ranking model in the background')).toBe(0);

    const memoryLogger = recordingLogger();
    const memory = sandbox.openLore({ dbFile: ':memory:', logger: memoryLogger, backgroundTrainingAbove: 0 });
    seed(memory);
    answers(memory);
    expect(memoryLogger.said('ranking model trained')).toBe(1);
    expect(memoryLogger.said('training the ranking model in the background')).toBe(0);
  });
});
