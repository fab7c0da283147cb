/**
 * The child process the benchmark starts to measure a cold start the way `lore ask` does
 * one: open the database, get the index ready, answer one question. It prints one JSON
 * line as soon as the answer is ready (the parent times that), then the memory it holds.
 * Usage: node --expose-gc cold-start.js DB_FILE QUESTION
 */
import { openLore } from '../../src/lore';

function main(): void {
  const [dbFile, question] = process.argv.slice(2);
  if (!dbFile || !question) throw new Error('usage: cold-start.js DB_FILE QUESTION');
  const lore = openLore({ dbFile });
  const reply = lore.answerer.ask(question, { workspace: '', platform: 'bench', isEval: true });
  process.stdout.write(`${JSON.stringify({ answered: reply.results[0]?.id ?? null, uptimeMs: process.uptime() * 1000 })}\n`);
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ heapMB: memory.heapUsed / 2 ** 20, rssMB: memory.rss / 2 ** 20 })}\n`);
  lore.close();
}

main();
