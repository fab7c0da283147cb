/**
 * The child process the benchmark starts to measure a cold start the way `lore ask` does
 * one: open the database, get the index ready, answer one question. It prints one JSON
 * line as soon as the answer is ready (the parent times that), then the memory it holds.
 * With --serving it starts as a server does: a base without a usable saved index is read in
 * the background, so the first answer comes at once (from the articles read so far); it then
 * prints how long the reading took and the longest the event loop was blocked meanwhile.
 * Usage: node --expose-gc cold-start.js DB_FILE QUESTION [--serving]
 */
import { openLore, SERVER_INDEX_IN_BACKGROUND_ABOVE } from '../../src/lore';
import { startStallProbe } from './stall-probe';

async function main(): Promise<void> {
  const [dbFile, question, mode] = process.argv.slice(2);
  if (!dbFile || !question) throw new Error('usage: cold-start.js DB_FILE QUESTION [--serving]');
  const serving = mode === '--serving';
  const lore = openLore({ dbFile, ...(serving ? { indexInBackgroundAbove: SERVER_INDEX_IN_BACKGROUND_ABOVE } : {}) });
  const reply = lore.answerer.ask(question, { workspace: '', platform: 'bench', isEval: true });
  process.stdout.write(`${JSON.stringify({ answered: reply.results[0]?.id ?? null, loading: reply.loading ?? null, uptimeMs: process.uptime() * 1000 })}\n`);
  if (serving) {
    const probe = startStallProbe();
    const started = performance.now();
    await lore.knowledge.whenReady();
    const readMs = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ readMs, maxStallMs: probe.stop() })}\n`);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ heapMB: memory.heapUsed / 2 ** 20, rssMB: memory.rss / 2 ** 20 })}\n`);
  lore.close();
}

void main();
