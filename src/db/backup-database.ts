import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LoreError } from '../errors';
import { asDatabaseError } from './open-database';

/** What a backup wrote. */
export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  articles: number;
  questions: number;
  ms: number;
}

/**
 * Pages copied per step after the first: the rest of the database in one step, so the copy
 * reads one snapshot. A step that finds the source changed since the previous one starts
 * the copy again (SQLite's online backup does this itself), so the result is always one
 * consistent state, never a mix of before and after a write.
 */
const REST_IN_ONE_STEP = 2 ** 30;

/**
 * Copies a Lore database to `target` while Lore keeps serving from it (SQLite's online
 * backup: writers are not blocked). The copy is written beside the target, checked
 * (`PRAGMA integrity_check`), made a self-contained file (no WAL), and renamed into place,
 * so the target is either the previous file or a complete backup.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const started = Date.now();
  if (!fs.existsSync(source)) throw new LoreError('DB_MISSING', `There is no database at ${path.resolve(source)} to back up; check --db or LORE_DB.`);
  if (path.resolve(source) === path.resolve(target)) throw new LoreError('USAGE', 'The backup must go to another file than the database itself.');
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const temporary = `${target}.${process.pid}.partial`;
  let db: Database.Database | undefined;
  try {
    db = new Database(source, { fileMustExist: true, readonly: true });
    await db.backup(temporary, { progress: () => REST_IN_ONE_STEP });
  } catch (cause) {
    fs.rmSync(temporary, { force: true });
    throw asDatabaseError(cause, source);
  } finally {
    db?.close();
  }
  try {
    const summary = sealBackup(temporary);
    fs.renameSync(temporary, target);
    syncFolder(target);
    return { file: target, bytes: fs.statSync(target).size, ...summary, ms: Date.now() - started };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Makes the copy one self-contained file, checks it, flushes it to disk, and says what it holds. */
function sealBackup(file: string): { schemaVersion: number; articles: number; questions: number } {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    return describeLoreDatabase(copy, 'The backup');
  } finally {
    copy.close();
  }
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Checks that a database is a whole Lore database (its integrity, Lore's tables, a schema
 * version) and counts what it holds; `what` names it in the error ("The backup").
 */
export function describeLoreDatabase(db: Database.Database, what: string): { schemaVersion: number; articles: number; questions: number } {
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok') throw new LoreError('DB_OPEN_FAILED', `${what} failed its integrity check (${String(check)}); it is damaged: use another backup.`);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name));
  if (schemaVersion < 1 || !tables.has('articles') || !tables.has('questions')) {
    throw new LoreError('DB_OPEN_FAILED', `${what} is not a Lore database (no Lore tables or schema version); check the file name.`);
  }
  const count = (table: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  return { schemaVersion, articles: count('articles'), questions: count('questions') };
}

/** Flushes the folder entry of a renamed file, so the rename survives a power cut. */
export function syncFolder(file: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.dirname(path.resolve(file)), 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    // Some file systems (and Windows) cannot sync a folder; the rename itself is still atomic.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'EPERM' && (error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
