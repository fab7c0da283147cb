import fs from 'node:fs';
import { schemaVersion } from '../../src/db/migrate';
import { migrations } from '../../src/db/migrations';
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase } from '../../src/db/open-database';
import { isLoreError, type LoreErrorCode } from '../../src/errors';
import { useSandbox } from '../helpers/sandbox';

const NEWEST = migrations.at(-1)!.version;

function failureOf(open: () => unknown): { code?: LoreErrorCode; message: string } {
  try {
    open();
  } catch (error) {
    return { code: isLoreError(error) ? error.code : undefined, message: (error as Error).message };
  }
  throw new Error('expected the database to be refused');
}

describe('openDatabase', () => {
  const sandbox = useSandbox();

  it('creates the file and its folder, migrated to the newest version', () => {
    const file = sandbox.file('nested', 'folder', 'lore.db');
    const db = openDatabase(file);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(db.pragma('user_version', { simple: true })).toBe(NEWEST);
    } finally {
      db.close();
    }
  });

  it('uses WAL, enforces foreign keys and waits for locks', () => {
    const db = openDatabase(sandbox.dbFile);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS);
      expect(() => db.prepare("INSERT INTO article_tags (article_id, tag) VALUES ('no-such-article', 'x')").run()).toThrow(
        /FOREIGN KEY constraint failed/,
      );
    } finally {
      db.close();
    }
  });

  it('takes a shorter busy timeout when asked', () => {
    const db = openDatabase(sandbox.dbFile, { busyTimeoutMs: 25 });
    try {
      expect(db.pragma('busy_timeout', { simple: true })).toBe(25);
    } finally {
      db.close();
    }
  });

  it('makes every table STRICT, so a string never slips into a number column', () => {
    const db = openDatabase(sandbox.dbFile);
    try {
      const tables = db
        .prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all();
      expect(tables.length).toBeGreaterThan(0);
      expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
      expect(() =>
        db
          .prepare(
            "INSERT INTO articles (id, title, body, created_at, updated_at, change_seq) VALUES ('a', 'A', '', 'yesterday', 1, 1)",
          )
          .run(),
      ).toThrow(/cannot store TEXT value in INTEGER column/);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer Lore with DB_TOO_NEW, naming both versions', () => {
    const raw = sandbox.connect();
    raw.pragma('user_version = 99');
    raw.close();

    const failure = failureOf(() => openDatabase(sandbox.dbFile));
    expect(failure.code).toBe('DB_TOO_NEW');
    expect(failure.message).toContain('99');
    expect(failure.message).toContain(String(NEWEST));

    const check = sandbox.connect();
    expect(schemaVersion(check)).toBe(99);
  });

  it('reports a file that is not a database as DB_OPEN_FAILED', () => {
    const file = sandbox.write('notes.db', 'these are not the bytes of a SQLite database, just some text that is long enough\n'.repeat(20));
    const failure = failureOf(() => openDatabase(file));
    expect(failure.code).toBe('DB_OPEN_FAILED');
    expect(failure.message).toContain(file);
  });

  it('reports a path it cannot create as DB_OPEN_FAILED, naming the path', () => {
    const notAFolder = sandbox.write('plain-file.txt', 'x');
    const file = `${notAFolder}/lore.db`;
    const failure = failureOf(() => openDatabase(file));
    expect(failure.code).toBe('DB_OPEN_FAILED');
    expect(failure.message).toContain(file);
  });
});
