/**
 * `npm run reliability:load`: a sustained stream of questions from Slack and Teams over loopback.
 *
 * Starts `lore serve` (the built program) on the sample base with Slack and Teams, against
 * a Slack Web API stand-in and a Bot Connector stand-in, and sends questions at a steady
 * rate (open loop: a slow answer does not slow the sender, as with Slack and Teams): signed
 * `app_mention` events to /slack/events, and a share of them (--teams) as personal-chat
 * `message` activities to /api/messages (Teams runs anonymously, as in local development).
 * For each platform it measures the acknowledgement (the HTTP response: Slack wants it
 * within 3 s; botbuilder answers Teams after the turn, so it includes the reply) and the
 * reply (Lore's chat.postMessage in the thread, or its reply to the activity, seen by the
 * stand-in), and reports their percentiles, errors, and the server's memory. With
 * --throttle N the Slack stand-in answers every Nth Web API call 429 with Retry-After: 1,
 * as Slack does when an app posts too fast; no reply may be lost.
 *
 * Overload: with --queue-limit N the server lets at most N questions wait for an answer
 * (LORE_ANSWER_QUEUE_LIMIT) and tells the others it is too busy, and with --post-delay MS
 * each reply takes that long to be accepted by the stand-ins (a slow Slack or Teams), so
 * each answer holds its place in the queue: more questions than the server can answer,
 * on any machine. Each question then gets an answer or a too-busy reply (counted apart),
 * never nothing; /healthz is asked every 100 ms throughout and must always answer.
 *
 * Flags: --rate PER_SECOND, both platforms together (default 50) --seconds N (default 60)
 * --teams SHARE of the questions sent to Teams, 0..1 (default 0.5) --throttle N (default
 * off) --queue-limit N (default: the server's) --post-delay MS (default 0) --drain
 * SECONDS to wait for the last replies (default 30) --json (last line: the figures). Exit
 * code 1 when an acknowledgement or a reply is missing, a health check failed, or Slack's
 * p99.9 acknowledgement is over 3 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, health, ROOT, runLore, SIGNING_SECRET, startLoreServer } from './lore-server';
import { startSlackStandIn } from './slack-stand-in';
import { type Answered, freshTs, mentionEvent, sendSigned } from './slack-requests';
import { startTeamsConnectorStandIn } from './teams-connector-stand-in';
import { TOO_BUSY } from '../../adapters/common/answer-queue';

/** Slack's deadline for acknowledging an event. */
const SLACK_ACK_DEADLINE_MS = 3000;

interface Percentiles {
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** What one platform's questions came to. */
interface PlatformFigures {
  sent: number;
  acknowledged: number;
  ackErrors: number;
  /** The failed acknowledgements by HTTP status or network error code. */
  ackFailures: Record<string, number>;
  replies: number;
  /** Questions told Lore is too busy (the queue was full), instead of answered. */
  busyReplies: number;
  /** Questions that got neither an answer nor a too-busy reply. */
  missingReplies: number;
  ackMs: Percentiles;
  replyMs: Percentiles;
}

/** GET /healthz every 100 ms from the first question to the end of the drain, each waited for. */
interface HealthFigures {
  probes: number;
  answered: number;
  failed: number;
  /** Questions turned away, by the server's own count at the end (`answers.turnedAway`). */
  turnedAway: number | null;
}

/**
 * What a load run measured; printed as a table and, with --json, as the last line. The
 * top-level counts and latencies are Slack's; `teams` holds Teams'.
 */
export interface LoadReport {
  /** Questions per second, Slack and Teams together. */
  rate: number;
  seconds: number;
  throttleEvery: number;
  sent: number;
  acknowledged: number;
  ackErrors: number;
  /** The failed acknowledgements by HTTP status or network error code. */
  ackFailures: Record<string, number>;
  ackOverDeadline: number;
  replies: number;
  busyReplies: number;
  missingReplies: number;
  /** --queue-limit and --post-delay, when given. */
  queueLimit: number | null;
  postDelayMs: number;
  health: HealthFigures;
  throttledCalls: number;
  /** Web API calls Lore made during the run, by method. */
  webApiCalls: Record<string, number>;
  ackMs: Percentiles;
  replyMs: Percentiles;
  /** The server's resident memory at start and at most during the run (MB). */
  rssStartMb: number;
  rssMaxMb: number;
  /** Questions sent per second, as achieved. */
  achievedRate: number;
  /** What the server logged as errors during the run, counted by message and cause. */
  serverErrors: Record<string, number>;
  /** `share`: the share of the questions sent to Teams (--teams). */
  teams: PlatformFigures & { share: number };
}

const QUESTIONS = [
  'how do I connect to the VPN from home?',
  'I forgot my password',
  'my account is locked after too many sign-ins',
  'how do I add an office printer?',
  'where do I submit an expense claim?',
  'how do I book a parking space?',
  'outlook keeps asking for my password',
  'how do I set up MFA on a new phone',
  'the wifi in meeting room 4 does not work',
  'who approves my holiday request?',
  'can I install software on my laptop',
  'what is the capital of Mongolia',
];

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    teams: { type: 'string', default: '0.5' },
    throttle: { type: 'string', default: '0' },
    'queue-limit': { type: 'string', default: '' },
    'post-delay': { type: 'string', default: '0' },
    drain: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const rate = Number(flags.rate);
  const seconds = Number(flags.seconds);
  const throttleEvery = Number(flags.throttle);
  const teamsShare = Number(flags.teams);
  if (!(rate > 0) || !(seconds > 0)) throw new Error('--rate and --seconds must be positive numbers');
  if (!(teamsShare >= 0 && teamsShare <= 1)) throw new Error('--teams must be a share between 0 and 1, e.g. 0.5');
  const queueLimit = flags['queue-limit'] === '' ? null : Number(flags['queue-limit']);
  const postDelayMs = Number(flags['post-delay']);
  if (queueLimit !== null && !(Number.isInteger(queueLimit) && queueLimit >= 0)) throw new Error('--queue-limit must be a whole number, e.g. 5');
  if (!(postDelayMs >= 0)) throw new Error('--post-delay must be milliseconds, e.g. 200');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-load-'));
  const dbFile = path.join(dir, 'lore.db');
  const api = await startSlackStandIn({ throttleEvery, postDelayMs });
  const connector = await startTeamsConnectorStandIn({ replyDelayMs: postDelayMs });
  try {
    const imported = await runLore(['import', path.join(ROOT, 'data', 'articles'), '--db', dbFile], {});
    if (imported.code !== 0) throw new Error(`lore import failed: ${imported.stderr}`);
    // Teams without MICROSOFT_APP_ID: activities need no token, as in local development.
    const server = await startLoreServer({ dbFile, apiUrl: api.apiUrl, port: await freePort(), env: { LORE_ADAPTERS: 'slack,teams', ...(queueLimit !== null ? { LORE_ANSWER_QUEUE_LIMIT: String(queueLimit) } : {}) } });
    const url = `${server.base}/slack/events`;
    const messagesUrl = `${server.base}/api/messages`;
    // Warm up: the first answers train the ranking model; Slack and Teams would see that once, at start.
    await sendSigned(url, SIGNING_SECRET, mentionEvent(QUESTIONS[0]!, 'U0WARMUP'));
    await api.waitFor((call) => call.method === 'chat.postMessage', 30_000);
    const warmTeams = await connector.sendMessage(messagesUrl, { id: 'warm-up', text: QUESTIONS[0]!, person: 99_999 });
    if (warmTeams.status !== 200) throw new Error(`the warm-up Teams message was answered ${warmTeams.status}: ${warmTeams.body}`);

    const slack = new Tally();
    const teams = new Tally();
    api.onCall((call) => {
      if (call.method !== 'chat.postMessage') return;
      if (call.args.text === TOO_BUSY) slack.declined(String(call.args.thread_ts));
      else slack.replied(String(call.args.thread_ts), call.at);
    });
    // A Teams answer is a card; the apology after a failed turn is not an answer.
    connector.onReply((reply) => {
      if (reply.activity.text === TOO_BUSY) teams.declined(reply.replyToId);
      else if (Array.isArray(reply.activity.attachments) && reply.activity.attachments.length > 0) teams.replied(reply.replyToId, reply.at);
    });
    const prober = probeHealth(server.base);
    const rssStartMb = rssMb(server.child.pid!);
    let rssMaxMb = rssStartMb;
    const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(server.child.pid!))), 250);

    const callsBefore = api.calls.length;
    const total = Math.round(rate * seconds);
    const started = performance.now();
    for (let i = 0; i < total; i += 1) {
      // Open loop: each question leaves at its scheduled time, whatever the server is doing.
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const question = QUESTIONS[i % QUESTIONS.length]!;
      // Spread evenly: question i goes to Teams when it takes the running Teams count up by one.
      if (Math.floor((i + 1) * teamsShare) > Math.floor(i * teamsShare)) {
        const id = `load-${i}`;
        teams.send(id, () => connector.sendMessage(messagesUrl, { id, text: question, person: i % 500 }));
      } else {
        const ts = freshTs();
        slack.send(ts, () => sendSigned(url, SIGNING_SECRET, mentionEvent(question, `U0P${String(i % 500).padStart(5, '0')}`, ts)));
      }
    }
    const achievedRate = total / ((performance.now() - started) / 1000);
    await Promise.all([slack.acknowledgements(), teams.acknowledgements()]);
    const drainUntil = performance.now() + Number(flags.drain) * 1000;
    while (slack.waiting.size + teams.waiting.size > 0 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(sampler);
    const healthy = await health(server.base);
    const healthFigures = await prober.stop();
    const turnedAway = (healthy?.answers as { turnedAway?: unknown } | undefined)?.turnedAway;
    server.child.kill('SIGTERM');
    await server.exited;

    const report: LoadReport = {
      rate,
      seconds,
      throttleEvery,
      ...slack.figures(),
      ackOverDeadline: slack.ackMs.filter((ms) => ms > SLACK_ACK_DEADLINE_MS).length,
      queueLimit,
      postDelayMs,
      health: { ...healthFigures, turnedAway: typeof turnedAway === 'number' ? turnedAway : null },
      throttledCalls: api.throttled,
      webApiCalls: api.calls.slice(callsBefore).reduce<Record<string, number>>((counts, call) => ({ ...counts, [call.method]: (counts[call.method] ?? 0) + 1 }), {}),
      rssStartMb,
      rssMaxMb,
      achievedRate: Math.round(achievedRate * 10) / 10,
      serverErrors: loggedErrors(server.logs()),
      teams: { share: teamsShare, ...teams.figures() },
    };
    printTable(report, healthy !== undefined);
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    const lost = report.ackErrors + report.missingReplies + report.teams.ackErrors + report.teams.missingReplies;
    return lost > 0 || report.health.failed > 0 || report.ackMs.p999 > SLACK_ACK_DEADLINE_MS ? 1 : 0;
  } finally {
    await api.close();
    await connector.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One platform's questions: when each left, its acknowledgement or why it failed, and its reply. */
class Tally {
  sent = 0;
  ackErrors = 0;
  readonly ackFailures: Record<string, number> = {};
  readonly ackMs: number[] = [];
  readonly replyMs: number[] = [];
  /** Questions not replied to yet, by the key their reply names (Slack's thread ts, Teams' activity id). */
  readonly waiting = new Map<string, number>();
  busy = 0;
  private readonly inFlight: Array<Promise<void>> = [];

  send(key: string, post: () => Promise<Answered>): void {
    this.sent += 1;
    this.waiting.set(key, performance.now());
    this.inFlight.push(
      post().then(
        (answer) => (answer.status === 200 ? void this.ackMs.push(answer.ms) : this.fail(String(answer.status))),
        (error: NodeJS.ErrnoException) => this.fail(error.code ?? error.message),
      ),
    );
  }

  replied(key: string, at: number): void {
    const sentAt = this.waiting.get(key);
    if (sentAt === undefined) return;
    this.replyMs.push(at - sentAt);
    this.waiting.delete(key);
  }

  /** The question was told Lore is too busy: an outcome, not a reply's latency. */
  declined(key: string): void {
    if (!this.waiting.delete(key)) return;
    this.busy += 1;
  }

  figures(): PlatformFigures {
    const { sent, ackErrors, ackFailures, busy } = this;
    const replies = this.replyMs.length;
    return {
      sent,
      acknowledged: this.ackMs.length,
      ackErrors,
      ackFailures,
      replies,
      busyReplies: busy,
      missingReplies: sent - replies - busy,
      ackMs: percentiles(this.ackMs),
      replyMs: percentiles(this.replyMs),
    };
  }

  /** Resolves when every question sent has been answered over HTTP or failed. */
  async acknowledgements(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private fail(reason: string): void {
    this.ackErrors += 1;
    this.ackFailures[reason] = (this.ackFailures[reason] ?? 0) + 1;
  }
}

/** Asks /healthz every 100 ms, one probe at a time, each waited for however long it takes, until stopped. */
function probeHealth(base: string): { stop(): Promise<Omit<HealthFigures, 'turnedAway'>> } {
  const figures = { probes: 0, answered: 0, failed: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      figures.probes += 1;
      if (await health(base)) figures.answered += 1;
      else figures.failed += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return figures;
    },
  };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 10) / 10);
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1) };
}

/** The server's log lines at level error and above (pino: 50), counted by message and the error's own message. */
function loggedErrors(logs: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of logs.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    if ((entry.level ?? 0) < 50) continue;
    const key = `${entry.msg ?? '(no message)'}${entry.err?.message ? `: ${entry.err.message}` : ''}`.slice(0, 200);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The server's resident memory in MB, from /proc (Linux); 0 elsewhere. */
function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** 2 → 2nd, 3 → 3rd, 10 → 10th. */
function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function printTable(report: LoadReport, healthy: boolean): void {
  const width = 35;
  const line = (label: string, p: Percentiles) => `| ${label.padEnd(width)} | ${[p.p50, p.p99, p.p999, p.max].map((v) => `${v} ms`.padStart(10)).join(' | ')} |`;
  const outcome = (figures: PlatformFigures) =>
    `acknowledged ${figures.acknowledged}, errors ${figures.ackErrors}${figures.ackErrors ? ` ${JSON.stringify(figures.ackFailures)}` : ''}`;
  const { teams } = report;
  const lines = [
    `${report.sent + teams.sent} questions at ${report.rate}/s for ${report.seconds} s (achieved ${report.achievedRate}/s): ${report.sent} Slack app_mention events, ${teams.sent} Teams personal messages${report.throttleEvery ? `; every ${ordinal(report.throttleEvery)} Slack Web API call answered 429 (${report.throttledCalls} in all)` : ''}`,
    '',
    `| ${''.padEnd(width)} | ${['p50', 'p99', 'p99.9', 'max'].map((h) => h.padStart(10)).join(' | ')} |`,
    `| ${'-'.repeat(width)} | ${Array(4).fill('-'.repeat(10)).join(' | ')} |`,
    line('Slack acknowledgement', report.ackMs),
    line('Slack reply posted', report.replyMs),
    line('Teams acknowledgement (after reply)', teams.ackMs),
    line('Teams reply posted', teams.replyMs),
    '',
    `Slack: ${outcome(report)}, over 3 s ${report.ackOverDeadline}; replies ${report.replies}, too busy ${report.busyReplies}, missing ${report.missingReplies}`,
    `Teams: ${outcome(teams)}; replies ${teams.replies}, too busy ${teams.busyReplies}, missing ${teams.missingReplies}`,
    `/healthz during the run: ${report.health.answered} of ${report.health.probes} answered${report.queueLimit !== null ? `; queue limit ${report.queueLimit}` : ''}${report.postDelayMs ? `, each reply held ${report.postDelayMs} ms` : ''}; turned away (server's count) ${report.health.turnedAway ?? '?'}`,
    `Slack Web API calls: ${Object.entries(report.webApiCalls).map(([method, n]) => `${method} ${n}`).join(', ')}`,
    ...Object.entries(report.serverErrors).map(([message, n]) => `server logged ${n} × ${message}`),
    `server memory: RSS ${report.rssStartMb} MB at start, ${report.rssMaxMb} MB at most; /healthz after the run: ${healthy ? 'ok' : 'NOT ANSWERING'}`,
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reliability:load failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
