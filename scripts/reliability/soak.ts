/**
 * `npm run reliability:soak`: `lore serve` stays up under a steady mix of votes and captures.
 *
 * Starts `lore serve` (the built program) on a temporary database with the sample base,
 * against a Slack Web API stand-in, asks questions to get answers to vote on, then runs
 * 20 clients for 60 s, each sending signed 👍 / 👎 clicks (block_actions) and capture
 * form submissions (view_submission) one after another. Every vote and capture replaces
 * or adds an article in the search index while it serves. /healthz is watched throughout;
 * a server that exits is counted as a crash and started again, and so is an error the
 * server only survived because it contains stray errors (it logs "failed unexpectedly").
 * The last line reads `up N s, crashes M`; the exit code is 1 when anything crashed.
 *
 * Flags: --seconds N (default 60, or LORE_SOAK_SECONDS; 600 for the ten-minute soak)
 * --clients N (default 20) --questions N (default 12) --json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, health, type LoreServer, ROOT, runLore, SIGNING_SECRET, startLoreServer } from './lore-server';
import { startSlackStandIn } from './slack-stand-in';
import { captureSubmission, FORM, freshTs, mentionEvent, sendSigned, voteButtons, voteClick } from './slack-requests';

interface Report {
  seconds: number;
  upSeconds: number;
  crashes: number;
  /** Log lines of errors the server survived only because it contains them. */
  contained: string[];
  /** How the last crashed server's log ended. */
  crashLogs: string[];
  votes: number;
  captures: number;
  acknowledged: number;
  /** Answers other than 200 (a write Slack would retry). */
  refused: number;
  /** Requests that got no answer at all (the server was down). */
  unanswered: number;
  /** Health checks that got no answer while the server was running. */
  unhealthy: number;
}

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.LORE_SOAK_SECONDS ?? '60' },
    clients: { type: 'string', default: '20' },
    questions: { type: 'string', default: '12' },
    json: { type: 'boolean', default: false },
  },
});

/** What the server logs when it survives an error nothing caught (see containStrayErrors). */
const CONTAINED = 'a background task failed unexpectedly';

async function main(): Promise<number> {
  const seconds = positive('seconds', flags.seconds);
  const clients = positive('clients', flags.clients);
  const questions = positive('questions', flags.questions);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-soak-'));
  const dbFile = path.join(dir, 'lore.db');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const api = await startSlackStandIn();
  const report: Report = { seconds, upSeconds: 0, crashes: 0, contained: [], crashLogs: [], votes: 0, captures: 0, acknowledged: 0, refused: 0, unanswered: 0, unhealthy: 0 };
  let server: LoreServer | undefined;
  try {
    const imported = await runLore(['import', path.join(ROOT, 'data', 'articles'), '--db', dbFile, '--json'], {});
    if (imported.code !== 0) throw new Error(`lore import failed: ${imported.stderr}`);
    const port = await freePort();
    // Errors are what the soak looks for in the log.
    const start = () => startLoreServer({ dbFile, apiUrl: api.apiUrl, port, env: { LORE_LOG_LEVEL: 'error' } });
    server = await start();
    const url = `${server.base}/slack/events`;
    const answers = await askForAnswers(url, api, questions);
    if (answers.length === 0) throw new Error('Lore answered none of the questions; nothing to vote on.');
    log(`soaking for ${seconds} s with ${clients} clients voting on ${answers.length} answers and capturing`);

    const started = performance.now();
    const deadline = started + seconds * 1000;
    let upSince = started;
    let restarting: Promise<void> | undefined;
    // The watcher: a server that exited is a crash; it is started again so the soak goes on.
    const watch = async () => {
      while (performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        if (!server || restarting) continue;
        if (server.child.exitCode !== null || server.child.signalCode !== null) {
          report.crashes += 1;
          report.upSeconds += (performance.now() - upSince) / 1000;
          report.crashLogs = server.logs().trim().split('\n').slice(-5);
          log(`lore serve exited (${server.child.exitCode ?? server.child.signalCode}); starting it again`);
          restarting = start().then((next) => {
            server = next;
            upSince = performance.now();
            restarting = undefined;
          });
          await restarting;
        } else if (!(await health(server.base))) {
          report.unhealthy += 1;
        }
      }
    };
    let sequence = 0;
    const client = async (n: number) => {
      while (performance.now() < deadline) {
        sequence += 1;
        const i = sequence;
        // Two votes for every capture: each vote by a voter of a small pool, so votes are cast and changed.
        if (i % 3 !== 0) {
          const answer = answers[i % answers.length]!;
          const voter = `U0S${String((i * 7 + n) % 500).padStart(4, '0')}`;
          report.votes += 1;
          await send(url, voteClick(answer.value, voter, i % 5 !== 0, answer.messageTs, api.responseUrl(`vote-${i}`)), (ok) => ok);
        } else {
          const [thing, place, tool] = [madeUpWord(), madeUpWord(), madeUpWord()];
          const body = captureSubmission(
            `How do I recalibrate the ${thing} in the ${place} office?`,
            `Open the ${thing} panel, hold *reset* for ${(i % 9) + 2} seconds, then run \`${tool} --sync\`.`,
            `U0C${String(n).padStart(4, '0')}`,
            freshTs(),
            freshTs(),
            `V0SOAK${i}`,
          );
          report.captures += 1;
          // A capture answered with a form update (already answered) or errors wrote nothing, and is no failure.
          await send(url, body, (ok) => ok);
        }
      }
    };
    const send = async (target: string, body: string, counted: (ok: boolean) => boolean) => {
      try {
        const answered = await sendSigned(target, SIGNING_SECRET, body, FORM);
        if (counted(answered.status === 200)) report.acknowledged += 1;
        else report.refused += 1;
      } catch {
        report.unanswered += 1;
        // The server is down; the watcher starts it again.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await Promise.all([watch(), ...Array.from({ length: clients }, (_, n) => client(n))]);
    await restarting;
    report.upSeconds += (performance.now() - upSince) / 1000;
    report.contained = server.logs().split('\n').filter((line) => line.includes(CONTAINED));
    report.crashes += report.contained.length;
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const upSeconds = Math.floor(report.upSeconds);
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...report, upSeconds })}\n`);
  else {
    log(`votes ${report.votes}, captures ${report.captures}: acknowledged ${report.acknowledged}, refused ${report.refused}, unanswered ${report.unanswered}`);
    log(`health checks unanswered while running: ${report.unhealthy}`);
    for (const line of [...report.crashLogs, ...report.contained].slice(0, 20)) log(`  ${line}`);
  }
  process.stdout.write(`up ${upSeconds} s, crashes ${report.crashes}\n`);
  return report.crashes > 0 ? 1 : 0;
}

/** Asks a question per sample article title (by mention) and keeps the 👍 button value of each answer. */
async function askForAnswers(url: string, api: Awaited<ReturnType<typeof startSlackStandIn>>, count: number): Promise<Array<{ value: string; messageTs: string }>> {
  const titles = fs
    .readdirSync(path.join(ROOT, 'data', 'articles'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => /^title:\s*(.+)$/m.exec(fs.readFileSync(path.join(ROOT, 'data', 'articles', name), 'utf8'))?.[1]?.trim())
    .filter((title): title is string => Boolean(title))
    .slice(0, count);
  const answers: Array<{ value: string; messageTs: string }> = [];
  for (const title of titles) {
    const ts = freshTs();
    await sendSigned(url, SIGNING_SECRET, mentionEvent(`how do I ${title.toLowerCase()}?`, 'U0ASKER', ts));
    const posted = await api.waitFor((call) => call.method === 'chat.postMessage' && call.args.thread_ts === ts, 30_000);
    const { up } = voteButtons(posted.args);
    if (up) answers.push({ value: up, messageTs: String((posted.args as { ts?: string }).ts ?? ts) });
  }
  return answers;
}

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1 (got "${text}")`);
  return value;
}

/** A word no article has, so each capture brings new terms to the index. */
function madeUpWord(): string {
  const syllables = ['zor', 'vik', 'plen', 'dax', 'mur', 'quo', 'tesh', 'brin', 'gal', 'fex', 'lom', 'prax', 'wen', 'hud', 'kiv', 'sna'];
  return Array.from({ length: 3 }, () => syllables[Math.floor(Math.random() * syllables.length)]).join('');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reliability:soak failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
