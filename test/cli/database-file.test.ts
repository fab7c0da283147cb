import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seed } from '../helpers/articles';
import { ensureBuilt, ROOT } from '../helpers/build';
import { allCommands, runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';

const ARTICLES = path.join(__dirname, '..', 'fixtures', 'import', 'shared-format.json');

/** One way to run each command that takes a database, other than those that create one. */
const OPENING: Record<string, string[]> = {
  export: ['export', 'out.json'],
  list: ['list'],
  show: ['show', 'vpn-home'],
  edit: ['edit', 'vpn-home', '--set', 'title=x'],
  archive: ['archive', 'vpn-home'],
  restore: ['restore', 'vpn-home'],
  delete: ['delete', 'vpn-home', '--yes'],
  ask: ['ask', 'how do I connect to the vpn'],
  eval: ['eval', 'queries.json'],
  stats: ['stats'],
  questions: ['questions', 'vpn-home'],
  capture: ['capture', '--question', 'q', '--answer', 'a'],
  drafts: ['drafts'],
  publish: ['publish', 'vpn-home'],
  discard: ['discard', 'vpn-home'],
  backup: ['backup', 'copy.db'],
  person: ['person', 'export', 'U1'],
  review: ['review'],
  verify: ['verify', 'vpn-home'],
  owners: ['owners'],
  gaps: ['gaps'],
  trends: ['trends'],
  report: ['report', '--out', 'report.html'],
  sources: ['sources', 'list'],
  // Without --id, the package's app id is the one kept in the database.
  'teams-package': ['teams-package', '--app-id', '6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f', '--out', 'lore.zip'],
};
/** Commands meant to create a database. */
const NOT_OPENING = new Set(['import', 'serve', 'chat']);

describe('a database is created only where one is meant', () => {
  const sandbox = useSandbox();

  it('covers every command of the program', () => {
    expect(allCommands.map((c) => c.name).filter((name) => !NOT_OPENING.has(name)).sort()).toEqual(Object.keys(OPENING).sort());
  });

  it.each(Object.entries(OPENING))('lore %s refuses a missing database with the path it looked at, exits 2 and creates nothing', async (_name, argv) => {
    const typo = sandbox.file('typo', 'lore.db');
    sandbox.write('queries.json', JSON.stringify([{ question: 'how do I connect to the vpn', article: 'vpn-home' }]));
    const run = await runLore([...argv.map((arg) => (/\.(json|db|html|zip)$/.test(arg) ? sandbox.file(arg) : arg)), '--db', typo, '--json']);
    expect(run.code).toBe(2);
    expect(run.lastJson()).toEqual({ error: { code: 'DB_MISSING', message: expect.stringContaining(typo) } });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(sandbox.file('typo'))).toBe(false);
  });

  it('says where a mistyped LORE_DB came from', async () => {
    const run = await runLore(['stats'], { env: { LORE_DB: sandbox.file('lore.bd') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no database at ${sandbox.file('lore.bd')} (from LORE_DB)`);
    expect(run.stderr).toContain('--create');
    expect(fs.existsSync(sandbox.file('lore.bd'))).toBe(false);
  });

  it('import creates a named database and its folder; --create lets another command start an empty one', async () => {
    const named = sandbox.file('new', 'lore.db');
    expect((await runLore(['import', ARTICLES, '--db', named])).code).toBe(0);
    expect(fs.existsSync(named)).toBe(true);

    const empty = sandbox.file('empty.db');
    const run = await runLore(['stats', '--create', '--json', '--db', empty]);
    expect(run.code).toBe(0);
    expect(run.lastJson()).toMatchObject({ articles: 0 });
    expect(fs.existsSync(empty)).toBe(true);
  });
});

describe('commands that only read open the database read-only', () => {
  const sandbox = useSandbox();

  beforeAll(() => ensureBuilt(), 180_000);

  it('stats, report, export, list and show work on a database the user may not write, and leave it as it was', () => {
    const lore = sandbox.openLore();
    seed(lore);
    lore.close();
    // Root may write any file: the commands run as an unprivileged user when the tests run as root.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    fs.chmodSync(sandbox.dir, 0o777);
    fs.chmodSync(sandbox.dbFile, 0o444);
    const before = fs.readFileSync(sandbox.dbFile);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'lore.js'), ...args, '--db', sandbox.dbFile], {
        cwd: sandbox.dir,
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8',
        ...asUser,
      });

    for (const args of [['list', '--json'], ['show', 'vpn-home', '--json'], ['export', path.join(sandbox.dir, 'out.json')], ['report', '--out', path.join(sandbox.dir, 'report.html')]]) {
      const result = run(...args);
      expect({ args, stderr: result.stderr, code: result.status }).toEqual({ args, stderr: '', code: 0 });
    }
    expect(fs.readFileSync(sandbox.dbFile).equals(before)).toBe(true);

    // A command that writes says so, and what to do.
    const edit = run('edit', 'vpn-home', '--set', 'title=Connect');
    expect(edit.status).toBe(1);
    expect(edit.stderr).toMatch(/cannot write to the database/i);

    // In a folder the user may not write either (SQLite cannot put its shared-memory file beside the database).
    for (const extra of fs.readdirSync(sandbox.dir).filter((name) => name.startsWith('lore.db-'))) fs.rmSync(sandbox.file(extra));
    fs.chmodSync(sandbox.dir, 0o755);
    if (!asUser.uid) fs.chmodSync(sandbox.dir, 0o555);
    try {
      const stats = run('stats', '--json');
      expect({ stderr: stats.stderr, code: stats.status }).toEqual({ stderr: '', code: 0 });
      expect(JSON.parse(stats.stdout)).toMatchObject({ articles: 5 });
      expect(run('list', '--json').status).toBe(0);
    } finally {
      fs.chmodSync(sandbox.dir, 0o777);
    }
    expect(fs.readFileSync(sandbox.dbFile).equals(before)).toBe(true);
  });
});
