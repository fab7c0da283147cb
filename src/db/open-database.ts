import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LoreError } from '../errors';
import { assertNotNewer, migrate, schemaVersion } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

/** How long a writer waits for another process's lock before giving up, unless told otherwise. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) a Lore database and migrates it. WAL lets CLI verbs read
 * and write while a running Lore serves from the same file; the busy timeout makes a
 * writer wait for the other instead of failing at once.
 */
export function openDatabase(file: string, options: { migrate?: boolean; busyTimeoutMs?: number; readOnly?: boolean } = {}): Db {
  if (options.readOnly) return openReadOnly(file, options.busyTimeoutMs);
  let db: Db;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw new LoreError('DB_OPEN_FAILED', `Cannot open the database ${file}: ${describe(cause)}. Check the path in --db or LORE_DB and its permissions.`, { cause });
  }
  try {
    // Refuse a newer database before switching it to WAL, which would change the file.
    if (options.migrate !== false) assertNotNewer(db);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (options.migrate !== false) migrate(db);
    return db;
  } catch (cause) {
    db.close();
    throw asDatabaseError(cause, file);
  }
}

/**
 * Opens an existing database for reading only, so commands that only read work on a
 * read-only file and can never change it. A schema older than this code's is upgraded
 * first (that one write needs a writable file).
 */
function openReadOnly(file: string, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS): Db {
  const open = (): Db => {
    try {
      return new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    } catch (cause) {
      throw new LoreError('DB_OPEN_FAILED', `Cannot open the database ${file}: ${describe(cause)}. Check the path in --db or LORE_DB and its permissions.`, { cause });
    }
  };
  let db = open();
  try {
    try {
      assertNotNewer(db);
    } catch (cause) {
      if (!isUnsharable(cause)) throw cause;
      db.close();
      return openSnapshot(file);
    }
    if (schemaVersion(db) < newestSchema()) {
      db.close();
      openDatabase(file, { busyTimeoutMs }).close();
      db = open();
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (cause) {
    if (db.open) db.close();
    throw asDatabaseError(cause, file);
  }
}

/**
 * A WAL database in a folder the user may not write cannot be read in place: SQLite must
 * create its shared-memory file beside it. The file is then read whole into memory, marked
 * as a rollback-journal database (header bytes 18-19) since memory has no WAL, and migrated
 * there if it is older: nothing reaches the disk.
 */
function openSnapshot(file: string): Db {
  try {
    const bytes = fs.readFileSync(file);
    if (bytes.length >= 20) bytes[18] = bytes[19] = 1;
    const db = new Database(bytes);
    assertNotNewer(db);
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (cause) {
    throw asDatabaseError(cause, file);
  }
}

function isUnsharable(cause: unknown): boolean {
  const code = (cause as { code?: string }).code ?? '';
  return code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN';
}

/** Turns SQLite's lock and permission failures into errors that say what to do. */
export function asDatabaseError(cause: unknown, file: string): unknown {
  if (cause instanceof LoreError) return cause;
  const code = (cause as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LoreError('DB_LOCKED', `The database ${file} is locked by another process; try again when it has finished.`, { cause });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new LoreError('DB_READONLY', `Cannot write to the database ${file}; check that the file and its folder are writable.`, { cause });
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new LoreError('DB_OPEN_FAILED', `${file} is not a Lore database (or is damaged); point --db or LORE_DB at another file.`, { cause });
  }
  return cause;
}

function newestSchema(): number {
  return migrations.at(-1)?.version ?? 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
