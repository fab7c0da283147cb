import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../../src/db/migrations';
import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';

const ARTICLES = path.join(__dirname, '..', 'fixtures', 'import', 'shared-format.json');
const NO_STACK = /\n\s+at /;
const isRoot = process.getuid?.() === 0;

describe('lore on a database it cannot use', () => {
  const sandbox = useSandbox();

  it('exits 1 saying the database is locked while another process holds the write lock', async () => {
    sandbox.openLore().close();
    const holder = sandbox.connect();
    holder.prepare('BEGIN EXCLUSIVE').run();

    const run = await runLore(['import', ARTICLES, '--db', sandbox.dbFile], { env: { LORE_BUSY_TIMEOUT_MS: '0' } });
    const asJson = await runLore(['import', ARTICLES, '--json', '--db', sandbox.dbFile], { env: { LORE_BUSY_TIMEOUT_MS: '0' } });

    holder.prepare('ROLLBACK').run();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lore import: the database is locked by another process/m);
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(asJson.code).toBe(1);
    expect(asJson.lastJson()).toEqual({ error: { code: 'DB_LOCKED', message: expect.stringContaining('locked') } });

    const after = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(after.lastJson()).toMatchObject({ articles: 0 });
  });

  it('exits 1 with a clear message when the database path cannot be created', async () => {
    const notAFolder = sandbox.write('plain-file.txt', 'x');
    const dbFile = path.join(notAFolder, 'lore.db');
    const run = await runLore(['import', ARTICLES, '--db', dbFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot open the database ${dbFile}`);
    expect(run.stderr).toContain('Check the path in --db or LORE_DB');
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.stdout).toBe('');
  });

  (isRoot ? it.skip : it)('exits 1 with a clear message when the folder is read-only', async () => {
    const folder = sandbox.file('read-only');
    fs.mkdirSync(folder);
    fs.chmodSync(folder, 0o500);
    try {
      const dbFile = path.join(folder, 'lore.db');
      const run = await runLore(['import', ARTICLES, '--db', dbFile]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Cannot open the database ${dbFile}`);
      expect(run.stderr).toContain('its permissions');
      expect(run.stderr).not.toMatch(NO_STACK);
    } finally {
      fs.chmodSync(folder, 0o700);
    }
  });

  it('exits 1 naming both versions when the database is newer than this Lore', async () => {
    const raw = sandbox.connect();
    raw.pragma('user_version = 99');
    raw.close();
    const run = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(run.code).toBe(1);
    expect(run.lastJson()).toEqual({ error: { code: 'DB_TOO_NEW', message: expect.stringContaining('99') } });
    expect(run.stderr).toContain(`only up to ${migrations.at(-1)!.version}`);
  });

  it('exits 1 on a file that is not a database', async () => {
    const file = sandbox.write('notes.db', 'plain text, not SQLite\n'.repeat(100));
    const run = await runLore(['ask', 'vpn', '--db', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} is not a Lore database`);
    expect(run.stderr).not.toMatch(NO_STACK);
  });

  it('rejects a busy timeout that is not a number of milliseconds', async () => {
    const run = await runLore(['stats', '--db', sandbox.dbFile], { env: { LORE_BUSY_TIMEOUT_MS: 'soon' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LORE_BUSY_TIMEOUT_MS="soon"');
  });
});
