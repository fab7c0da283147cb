import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureBuilt, ROOT } from '../helpers/build';

const run = promisify(execFile);

/**
 * A short `npm run reliability:soak`: 20 clients voting and capturing against `lore serve`
 * for a few seconds. The server must stay up and contain nothing it would have died of.
 * (The full soak runs 60 s, or ten minutes with --seconds 600.)
 */
describe('soak (mixed votes and captures)', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('keeps lore serve up', async () => {
    const script = path.join(ROOT, 'dist', 'scripts', 'reliability', 'soak.js');
    const { stdout } = await run(process.execPath, [script, '--seconds', '8', '--questions', '6', '--json'], { cwd: ROOT, timeout: 150_000 });
    const [json, last] = stdout.trim().split('\n').slice(-2);
    const report = JSON.parse(json!) as { crashes: number; contained: string[]; crashLogs: string[]; votes: number; captures: number; acknowledged: number; upSeconds: number };
    expect({ crashes: report.crashes, contained: report.contained, crashLogs: report.crashLogs }).toEqual({ crashes: 0, contained: [], crashLogs: [] });
    expect(report.votes).toBeGreaterThan(0);
    expect(report.captures).toBeGreaterThan(0);
    expect(report.acknowledged).toBe(report.votes + report.captures);
    expect(last).toBe(`up ${report.upSeconds} s, crashes 0`);
  }, 180_000);
});
