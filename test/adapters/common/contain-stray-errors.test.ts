import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureBuilt, ROOT } from '../../helpers/build';

const run = promisify(execFile);

/**
 * A Node process with the handlers `lore serve` installs, where a timer throws and a
 * promise rejects with nobody listening: Node's default would end the process at the first.
 */
const PROGRAM = `
const { containStrayErrors } = require(${JSON.stringify(path.join(ROOT, 'dist', 'adapters', 'common', 'contain-stray-errors.js'))});
const { createLogger } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'logger.js'))});
const release = containStrayErrors(createLogger('info', process.stderr));
setTimeout(() => { throw new TypeError("Cannot read properties of undefined (reading 'keys')"); }, 10);
setTimeout(() => void Promise.reject(new Error('a training round failed')), 20);
setTimeout(() => { release(); process.stdout.write('still serving'); }, 200);
`;

describe('containStrayErrors', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('logs an error thrown from a timer or a promise nobody awaited, and the process goes on', async () => {
    const { stdout, stderr } = await run(process.execPath, ['-e', PROGRAM], { cwd: ROOT, timeout: 30_000 });
    expect(stdout).toBe('still serving');
    const logs = stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string; kind: string; err: { message: string } });
    expect(logs).toEqual([
      expect.objectContaining({ level: 50, kind: 'uncaughtException', err: expect.objectContaining({ message: "Cannot read properties of undefined (reading 'keys')" }) }),
      expect.objectContaining({ level: 50, kind: 'unhandledRejection', err: expect.objectContaining({ message: 'a training round failed' }) }),
    ]);
    expect(logs[0]!.msg).toMatch(/Lore goes on serving/);
  });
});
