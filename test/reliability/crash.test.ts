import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureBuilt, ROOT } from '../helpers/build';

const run = promisify(execFile);

/**
 * A short `npm run reliability:crash`: 60 votes and 40 captures over HTTP, `kill -9` in
 * the middle, restart. Every write Lore acknowledged must be in the database, whole, and
 * findable. (The full drill, with hundreds of writes, runs on demand.)
 */
describe('crash drill (kill -9 mid-burst)', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('loses no acknowledged vote or capture', async () => {
    const script = path.join(ROOT, 'dist', 'scripts', 'reliability', 'crash.js');
    const { stdout } = await run(process.execPath, [script, '--votes', '60', '--captures', '40', '--questions', '8', '--json'], { cwd: ROOT, timeout: 90_000 });
    const [json, last] = stdout.trim().split('\n').slice(-2);
    const report = JSON.parse(json!) as { acknowledged: number; lost: number; partial: string[]; indexMissing: string[]; lostWrites: string[] };
    expect({ lost: report.lostWrites, partial: report.partial, indexMissing: report.indexMissing }).toEqual({ lost: [], partial: [], indexMissing: [] });
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(last).toBe(`acknowledged ${report.acknowledged}, lost 0`);
  }, 120_000);
});
