import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LoadReport } from '../../scripts/reliability/load';
import { ensureBuilt, ROOT } from '../helpers/build';

const run = promisify(execFile);

/** The report's figures the test reads, for Slack (top level) and for Teams. */
type PlatformCounts = Pick<LoadReport, 'sent' | 'acknowledged' | 'ackErrors' | 'ackFailures' | 'replies' | 'missingReplies'>;

/** Runs the built load script; its last stdout line is the report (exit code 1 marks a failed run, reported here instead). */
async function load(...flags: string[]): Promise<LoadReport> {
  const script = path.join(ROOT, 'dist', 'scripts', 'reliability', 'load.js');
  const result = await run(process.execPath, [script, ...flags, '--json'], { cwd: ROOT, timeout: 150_000 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as LoadReport;
}

const counts = ({ sent, acknowledged, ackErrors, ackFailures, replies, missingReplies }: PlatformCounts) => ({ sent, acknowledged, ackErrors, ackFailures, replies, missingReplies });
const everything = (sent: number): PlatformCounts => ({ sent, acknowledged: sent, ackErrors: 0, ackFailures: {}, replies: sent, missingReplies: 0 });

/**
 * A short `npm run reliability:load` (10 questions a second for 5 s, half of them Slack
 * events and half Teams personal-chat messages, on one server): every question is
 * acknowledged and every reply posted, also when Slack answers some calls 429. No timing
 * is asserted here (a shared machine); the full run's figures are in the README.
 */
describe('load (signed Slack events and Teams activities over loopback)', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('acknowledges every question and posts every reply, on Slack and on Teams', async () => {
    const report = await load('--rate', '10', '--seconds', '5');
    expect({ slack: counts(report), teams: counts(report.teams), serverErrors: report.serverErrors }).toEqual({ slack: everything(25), teams: everything(25), serverErrors: {} });
  }, 120_000);

  it('under overload acknowledges every question, keeps /healthz answering, and tells those the queue cannot hold that it is too busy', async () => {
    // At most 4 answers run and 2 wait, and each reply takes 200 ms to be accepted: at most
    // about 20 answers a second, on any machine, against 100 questions a second.
    const report = await load('--rate', '100', '--seconds', '2', '--queue-limit', '2', '--post-delay', '200', '--drain', '60');
    const outcomes = (figures: PlatformCounts & Pick<LoadReport, 'busyReplies'>) => ({
      acknowledgedAll: figures.acknowledged === figures.sent && figures.ackErrors === 0,
      answeredSome: figures.replies > 0,
      turnedSomeAway: figures.busyReplies > 0,
      lostSilently: figures.sent - figures.replies - figures.busyReplies,
    });
    const expected = { acknowledgedAll: true, answeredSome: true, turnedSomeAway: true, lostSilently: 0 };
    expect({ slack: outcomes(report), teams: outcomes(report.teams), serverErrors: report.serverErrors }).toEqual({ slack: expected, teams: expected, serverErrors: {} });
    expect(report.sent + report.teams.sent).toBe(200);
    // Every health check during the run was answered, and the server counted the same questions turned away.
    expect(report.health.probes).toBeGreaterThan(0);
    expect(report.health.answered).toBe(report.health.probes);
    expect(report.health.turnedAway).toBe(report.busyReplies + report.teams.busyReplies);
  }, 180_000);

  it('loses no reply when the Slack Web API answers every 4th call 429 with Retry-After', async () => {
    const report = await load('--rate', '10', '--seconds', '5', '--throttle', '4', '--drain', '40');
    expect(report.throttledCalls).toBeGreaterThan(0);
    expect({ slack: counts(report), teams: counts(report.teams), serverErrors: report.serverErrors }).toEqual({ slack: everything(25), teams: everything(25), serverErrors: {} });
  }, 120_000);
});
