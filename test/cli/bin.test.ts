import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { articleInput } from '../helpers/articles';
import { ensureBuilt, ROOT } from '../helpers/build';
import { useSandbox } from '../helpers/sandbox';

const BIN = path.join(ROOT, 'bin', 'lore.js');

/** Runs the built program as a user would: its own process, its own cwd, only the given variables. */
function lore(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bin/lore.js', () => {
  const sandbox = useSandbox();

  beforeAll(() => ensureBuilt(), 120_000);

  it('--help exits 0 and lists the commands', () => {
    const run = lore(['--help'], { cwd: sandbox.dir });
    expect(run.code).toBe(0);
    for (const name of ['import', 'export', 'ask', 'eval', 'stats', 'chat', 'serve']) expect(run.stdout).toContain(`  ${name} `);
  });

  it("writes from the CLI process reach a running Lore's answers, and ask --json prints one JSON line", () => {
    const server = sandbox.openLore();
    const ask = (question: string) => server.answerer.ask(question, { workspace: '', platform: 'test' }).results.map((r) => r.id);
    expect(ask('Borrow a company bicycle')).toEqual([]);

    const articles = sandbox.write('bikes.json', JSON.stringify([{ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception for a bike key.' }]));
    const imported = lore(['import', articles, '--json'], { cwd: sandbox.dir, env: { LORE_DB: sandbox.dbFile } });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ added: 1, updated: 0, unchanged: 0, rejected: [] });
    expect(ask('Borrow a company bicycle')[0]).toBe('bikes');

    server.knowledge.save(articleInput({ id: 'keys', title: 'Find the spare office keys', body: 'They are in the red box.' }), '', { reason: 'test' });
    const asked = lore(['ask', 'Find the spare office keys', '--json'], { cwd: sandbox.dir, env: { LORE_DB: sandbox.dbFile } });
    expect(asked.code).toBe(0);
    const lines = asked.stdout.trimEnd().split('\n');
    const reply = JSON.parse(lines.at(-1)!) as { decision: string; results: Array<{ id: string }> };
    expect(JSON.stringify(reply)).toBe(lines.at(-1));
    expect(reply.results[0]?.id).toBe('keys');

    const archived = sandbox.write('archived.json', JSON.stringify([{ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception for a bike key.', status: 'archived' }]));
    expect(lore(['import', archived], { cwd: sandbox.dir, env: { LORE_DB: sandbox.dbFile } }).code).toBe(0);
    expect(ask('Borrow a company bicycle')).not.toContain('bikes');
  });

  it('chats on the sample base in a new database, reading questions from stdin until it ends', () => {
    const run = lore(['chat', '--as', 'ada'], { cwd: sandbox.dir, input: 'my account is locked\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Lore is ready with \d+ articles/);
    expect(run.stdout).toContain('Unlock your account after too many failed sign-ins');
    expect(fs.existsSync(sandbox.file('data', 'lore.db'))).toBe(true);
  });

  it('fails with a message, not a stack trace, when the database cannot be opened', () => {
    const notAFolder = sandbox.write('plain-file.txt', 'x');
    const run = lore(['stats', '--create'], { cwd: sandbox.dir, env: { LORE_DB: path.join(notAFolder, 'lore.db') } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot open the database');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 naming a bad variable from the environment', () => {
    const run = lore(['stats'], { cwd: sandbox.dir, env: { PORT: '99999' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PORT="99999"');
  });
});
