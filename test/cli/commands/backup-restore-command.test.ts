import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seed } from '../../helpers/articles';
import { ROOT } from '../../helpers/build';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';

/**
 * Another process writing to the database as fast as it can: each transaction logs one
 * question with the articles shown for it, numbered 1, 2, 3… A consistent copy holds
 * questions 1..N with every result row, and nothing after a gap.
 */
const WRITER = `
const Database = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))});
const db = new Database(process.argv[1], { timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const question = db.prepare("INSERT INTO questions (text, platform, asked_at, decision, confidence) VALUES (?, 'test', ?, 'abstain', 0)");
const result = db.prepare("INSERT INTO question_results (question_id, rank, article_id, score) VALUES (?, ?, 'vpn-home', 0.5)");
const write = db.transaction((n) => {
  const id = Number(question.run('question ' + n, Date.now()).lastInsertRowid);
  for (let rank = 1; rank <= 3; rank += 1) result.run(id, rank);
});
let n = 0;
process.stdout.write('ready\\n');
for (;;) write(++n);
`;

describe('lore backup and lore restore', () => {
  const sandbox = useSandbox();
  let writer: ChildProcess | undefined;

  afterEach(() => {
    writer?.kill('SIGKILL');
    writer = undefined;
  });

  function startWriter(): Promise<void> {
    writer = spawn(process.execPath, ['-e', WRITER, sandbox.dbFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      writer!.once('error', reject);
      writer!.stdout!.once('data', () => resolve());
    });
  }

  /** The questions a copy holds: 1..N with three results each, or a description of what is wrong. */
  function prefixOf(file: string): number {
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const { n, max } = db.prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS max FROM questions').get() as { n: number; max: number };
      expect(max).toBe(n);
      const partial = db.prepare('SELECT q.id FROM questions q WHERE (SELECT count(*) FROM question_results r WHERE r.question_id = q.id) <> 3').all();
      expect(partial).toEqual([]);
      return n;
    } finally {
      db.close();
    }
  }

  it('takes consistent backups while another process writes, and each restores to a working Lore', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    lore.close();
    await startWriter();

    const sizes: number[] = [];
    for (const name of ['one.db', 'two.db', 'three.db']) {
      const run = await runLore(['backup', sandbox.file('backups', name), '--db', sandbox.dbFile, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.lastJson()).toMatchObject({ file: sandbox.file('backups', name), articles: 5 });
      sizes.push(prefixOf(sandbox.file('backups', name)));
      // A backup is one file: no log beside it.
      expect(fs.existsSync(`${sandbox.file('backups', name)}-wal`)).toBe(false);
    }
    writer!.kill('SIGKILL');
    // The writer was writing throughout: each backup holds more than the one before.
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[1]).toBeGreaterThan(sizes[0]!);
    expect(sizes[2]).toBeGreaterThan(sizes[1]!);

    const target = sandbox.file('restored', 'lore.db');
    const restored = await runLore(['restore', sandbox.file('backups', 'two.db'), '--db', target, '--json']);
    expect(restored.code).toBe(0);
    expect(restored.lastJson()).toMatchObject({ file: target, questions: sizes[1], articles: 5 });
    const ask = await runLore(['ask', 'vpn will not connect', '--db', target, '--json']);
    expect(ask.lastJson()).toMatchObject({ decision: 'answer', results: [expect.objectContaining({ id: 'vpn-home' })] });
  });

  it('restores over an existing database in one step, keeping the replaced one beside it', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    lore.close();
    expect((await runLore(['backup', sandbox.file('backup.db'), '--db', sandbox.dbFile])).code).toBe(0);
    const other = sandbox.openLore({ dbFile: sandbox.file('other.db') });
    other.close();

    const run = await runLore(['restore', sandbox.file('backup.db'), '--db', sandbox.file('other.db')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/restored 5 articles .*\nthe replaced database is kept as .*other\.db\.replaced-/);
    const kept = fs.readdirSync(sandbox.dir).filter((name) => name.startsWith('other.db.replaced-'));
    expect(kept).toHaveLength(1);
    const count = new Database(sandbox.file('other.db'), { readonly: true });
    expect(count.prepare('SELECT count(*) AS n FROM articles').get()).toEqual({ n: 5 });
    count.close();
    // Nothing half-written is left behind.
    expect(fs.readdirSync(sandbox.dir).filter((name) => /restoring|partial/.test(name))).toEqual([]);
  });

  it('refuses to restore under a running Lore, and leaves its database alone', async () => {
    const serving = sandbox.openLore();
    seed(serving);
    expect((await runLore(['backup', sandbox.file('backup.db'), '--db', sandbox.dbFile])).code).toBe(0);
    const run = await runLore(['restore', sandbox.file('backup.db'), '--db', sandbox.dbFile, '--json']);
    expect(run.code).toBe(1);
    expect(run.lastJson()).toEqual({ error: { code: 'DB_LOCKED', message: expect.stringMatching(/running Lore.*stop it/) } });
    expect(serving.knowledge.get('vpn-home')).toBeDefined();
  });

  it('refuses a backup from a newer Lore, a file that is not a Lore database, and a missing file', async () => {
    const newer = new Database(sandbox.file('newer.db'));
    newer.exec('CREATE TABLE articles (id TEXT); CREATE TABLE questions (id INTEGER);');
    newer.pragma('user_version = 999');
    newer.close();
    const tooNew = await runLore(['restore', sandbox.file('newer.db'), '--db', sandbox.file('target.db'), '--json']);
    expect(tooNew.lastJson()).toEqual({ error: { code: 'DB_TOO_NEW', message: expect.stringContaining('schema version 999') } });

    fs.writeFileSync(sandbox.file('notes.txt'), 'not a database at all, just some notes about the VPN\n'.repeat(100));
    const garbage = await runLore(['restore', sandbox.file('notes.txt'), '--db', sandbox.file('target.db'), '--json']);
    expect(garbage.lastJson()).toEqual({ error: { code: 'DB_OPEN_FAILED', message: expect.stringContaining('not a Lore database') } });

    const empty = new Database(sandbox.file('empty.db'));
    empty.exec('CREATE TABLE t (x)');
    empty.close();
    const foreign = await runLore(['restore', sandbox.file('empty.db'), '--db', sandbox.file('target.db'), '--json']);
    expect(foreign.lastJson()).toEqual({ error: { code: 'DB_OPEN_FAILED', message: expect.stringContaining('not a Lore database') } });

    const missing = await runLore(['restore', sandbox.file('nope.db'), '--db', sandbox.file('target.db'), '--json']);
    expect(missing.lastJson()).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('nope.db') } });
    expect(fs.existsSync(sandbox.file('target.db'))).toBe(false);

    const noSource = await runLore(['backup', sandbox.file('copy.db'), '--db', sandbox.file('absent.db'), '--json']);
    expect(noSource.code).toBe(2);
    expect(noSource.lastJson()).toEqual({ error: { code: 'DB_MISSING', message: expect.stringContaining('absent.db') } });
  });
});
