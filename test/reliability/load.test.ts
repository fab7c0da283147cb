import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureBuilt, ROOT } from '../helpers/build';

const run = promisify(execFile);

interface LoadReport {
  sent: number;
  acknowledged: number;
  ackErrors: number;
  ackFailures: Record<string, number>;
  replies: number;
  missingReplies: number;
  throttledCalls: number;
}

/** Runs the built load script; its last stdout line is the report (exit code 1 marks a failed run, reported here instead). */
async function load(...flags: string[]): Promise<LoadReport> {
  const script = path.join(ROOT, 'dist', 'scripts', 'reliability', 'load.js');
  const result = await run(process.execPath, [script, ...flags, '--json'], { cwd: ROOT, timeout: 90_000 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as LoadReport;
}

/**
 * A short `npm run reliability:load` (10 questions a second for 5 s): every event is
 * acknowledged and every reply posted, also when Slack answers some calls 429. No timing
 * is asserted here (a shared machine); the full run's figures are in the README.
 */
describe('load (signed Slack events over loopback)', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('acknowledges every event and posts every reply', async () => {
    const report = await load('--rate', '10', '--seconds', '5');
    expect(report).toMatchObject({ sent: 50, acknowledged: 50, ackErrors: 0, replies: 50, missingReplies: 0 });
  }, 120_000);

  it('loses no reply when the Web API answers every 4th call 429 with Retry-After', async () => {
    const report = await load('--rate', '10', '--seconds', '5', '--throttle', '4', '--drain', '40');
    expect(report.throttledCalls).toBeGreaterThan(0);
    expect({ ackFailures: report.ackFailures, missingReplies: report.missingReplies }).toEqual({ ackFailures: {}, missingReplies: 0 });
  }, 120_000);
});
