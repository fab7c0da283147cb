/**
 * `npm run reliability:load`: a sustained stream of signed Slack questions over loopback.
 *
 * Starts `lore serve` (the built program) on the sample base against a Slack Web API
 * stand-in and sends `app_mention` events at a steady rate (open loop: a slow answer does
 * not slow the sender, as with Slack). For each event it measures the acknowledgement
 * (the HTTP response, which Slack wants within 3 s) and the reply (Lore's chat.postMessage
 * in the thread, seen by the stand-in), and reports their percentiles, errors, and the
 * server's memory. With --throttle N the stand-in answers every Nth Web API call 429 with
 * Retry-After: 1, as Slack does when an app posts too fast; no reply may be lost.
 *
 * Flags: --rate PER_SECOND (default 50) --seconds N (default 60) --throttle N (default off)
 * --drain SECONDS to wait for the last replies (default 30) --json (last line: the figures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, health, ROOT, runLore, SIGNING_SECRET, startLoreServer } from './lore-server';
import { startSlackStandIn } from './slack-stand-in';
import { freshTs, mentionEvent, sendSigned } from './slack-requests';

/** Slack's deadline for acknowledging an event. */
const SLACK_ACK_DEADLINE_MS = 3000;

interface Percentiles {
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** What a load run measured; printed as a table and, with --json, as the last line. */
export interface LoadReport {
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
  missingReplies: number;
  throttledCalls: number;
  /** Web API calls Lore made during the run, by method. */
  webApiCalls: Record<string, number>;
  ackMs: Percentiles;
  replyMs: Percentiles;
  /** The server's resident memory at start and at most during the run (MB). */
  rssStartMb: number;
  rssMaxMb: number;
  /** Events sent per second, as achieved. */
  achievedRate: number;
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
    throttle: { type: 'string', default: '0' },
    drain: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const rate = Number(flags.rate);
  const seconds = Number(flags.seconds);
  const throttleEvery = Number(flags.throttle);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-load-'));
  const dbFile = path.join(dir, 'lore.db');
  const api = await startSlackStandIn({ throttleEvery });
  try {
    const imported = await runLore(['import', path.join(ROOT, 'data', 'articles'), '--db', dbFile], {});
    if (imported.code !== 0) throw new Error(`lore import failed: ${imported.stderr}`);
    const server = await startLoreServer({ dbFile, apiUrl: api.apiUrl, port: await freePort() });
    const url = `${server.base}/slack/events`;
    // Warm up: the first answers train the ranking model; Slack would see that once, at start.
    await sendSigned(url, SIGNING_SECRET, mentionEvent(QUESTIONS[0]!, 'U0WARMUP'));
    await api.waitFor((call) => call.method === 'chat.postMessage', 30_000);

    const sentAt = new Map<string, number>();
    const replyMs: number[] = [];
    api.onCall((call) => {
      const started = call.method === 'chat.postMessage' ? sentAt.get(String(call.args.thread_ts)) : undefined;
      if (started !== undefined) {
        replyMs.push(call.at - started);
        sentAt.delete(String(call.args.thread_ts));
      }
    });
    const rssStartMb = rssMb(server.child.pid!);
    let rssMaxMb = rssStartMb;
    const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(server.child.pid!))), 250);

    const callsBefore = api.calls.length;
    const ackMs: number[] = [];
    let ackErrors = 0;
    const ackFailures: Record<string, number> = {};
    const fail = (reason: string) => {
      ackErrors += 1;
      ackFailures[reason] = (ackFailures[reason] ?? 0) + 1;
    };
    const total = Math.round(rate * seconds);
    const started = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < total; i += 1) {
      // Open loop: each event leaves at its scheduled time, whatever the server is doing.
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const ts = freshTs();
      const body = mentionEvent(QUESTIONS[i % QUESTIONS.length]!, `U0P${String(i % 500).padStart(5, '0')}`, ts);
      sentAt.set(ts, performance.now());
      inFlight.push(
        sendSigned(url, SIGNING_SECRET, body).then(
          (answer) => {
            if (answer.status === 200) ackMs.push(answer.ms);
            else fail(String(answer.status));
          },
          (error: NodeJS.ErrnoException) => fail(error.code ?? error.message),
        ),
      );
    }
    const achievedRate = total / ((performance.now() - started) / 1000);
    await Promise.all(inFlight);
    const drainUntil = performance.now() + Number(flags.drain) * 1000;
    while (sentAt.size > 0 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(sampler);
    const healthy = await health(server.base);
    server.child.kill('SIGTERM');
    await server.exited;

    const report: LoadReport = {
      rate,
      seconds,
      throttleEvery,
      sent: total,
      acknowledged: ackMs.length,
      ackErrors,
      ackFailures,
      ackOverDeadline: ackMs.filter((ms) => ms > SLACK_ACK_DEADLINE_MS).length,
      replies: replyMs.length,
      missingReplies: total - replyMs.length,
      throttledCalls: api.throttled,
      webApiCalls: api.calls.slice(callsBefore).reduce<Record<string, number>>((counts, call) => ({ ...counts, [call.method]: (counts[call.method] ?? 0) + 1 }), {}),
      ackMs: percentiles(ackMs),
      replyMs: percentiles(replyMs),
      rssStartMb,
      rssMaxMb,
      achievedRate: Math.round(achievedRate * 10) / 10,
    };
    printTable(report, healthy !== undefined);
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    return report.ackErrors > 0 || report.missingReplies > 0 || report.ackMs.p999 > SLACK_ACK_DEADLINE_MS ? 1 : 0;
  } finally {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 10) / 10);
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1) };
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

function printTable(report: LoadReport, healthy: boolean): void {
  const line = (label: string, p: Percentiles) => `| ${label.padEnd(16)} | ${[p.p50, p.p99, p.p999, p.max].map((v) => `${v} ms`.padStart(10)).join(' | ')} |`;
  const lines = [
    `${report.sent} app_mention events at ${report.rate}/s for ${report.seconds} s (achieved ${report.achievedRate}/s)${report.throttleEvery ? `, every ${report.throttleEvery}th Web API call answered 429 (${report.throttledCalls} in all)` : ''}`,
    '',
    `| ${''.padEnd(16)} | ${['p50', 'p99', 'p99.9', 'max'].map((h) => h.padStart(10)).join(' | ')} |`,
    `| ${'-'.repeat(16)} | ${Array(4).fill('-'.repeat(10)).join(' | ')} |`,
    line('acknowledgement', report.ackMs),
    line('reply posted', report.replyMs),
    '',
    `acknowledged ${report.acknowledged}, errors ${report.ackErrors}${report.ackErrors ? ` ${JSON.stringify(report.ackFailures)}` : ''}, over 3 s ${report.ackOverDeadline}; replies ${report.replies}, missing ${report.missingReplies}`,
    `Web API calls: ${Object.entries(report.webApiCalls).map(([method, n]) => `${method} ${n}`).join(', ')}`,
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
