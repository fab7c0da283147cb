import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LoreError } from '../errors';
import { describeLoreDatabase, syncFolder } from './backup-database';
import { migrations } from './migrations';
import { asDatabaseError } from './open-database';

/** What a restore did. */
export interface RestoreResult {
  file: string;
  from: string;
  schemaVersion: number;
  articles: number;
  questions: number;
  /** Where the database that was replaced is kept, if there was one. */
  replacedKeptAt?: string;
}

/**
 * Restores a backup made by `lore backup` (or any Lore database) as the database `target`.
 * The backup is checked first: intact, a Lore database, and of a schema this Lore knows (a
 * newer one is refused; an older one is migrated when Lore next opens it). It is copied
 * beside the target and renamed over it in one step, and the database it replaces is kept
 * as `TARGET.replaced-TIME`. A target that a running Lore has open is never replaced: the
 * server would go on writing into its log file (`-wal`), which would then be applied to
 * the restored file and damage it; stop Lore first.
 */
export async function restoreDatabase(backup: string, target: string, now: Date = new Date()): Promise<RestoreResult> {
  if (!fs.existsSync(backup)) throw new LoreError('NOT_FOUND', `There is no backup at ${backup}; check the file name.`);
  if (path.resolve(backup) === path.resolve(target)) throw new LoreError('USAGE', 'The backup and the database are the same file; name the backup to restore from.');
  const summary = inspectBackup(backup);
  if (fs.existsSync(target) && isInUse(target)) {
    throw new LoreError('DB_LOCKED', `${target} is open in a running Lore (or another program); stop it, then run \`lore restore\` again.`);
  }
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const temporary = `${target}.${process.pid}.restoring`;
  try {
    const source = new Database(backup, { fileMustExist: true, readonly: true });
    try {
      await source.backup(temporary);
    } finally {
      source.close();
    }
    const copy = new Database(temporary, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      describeLoreDatabase(copy, 'The restored copy');
    } finally {
      copy.close();
    }
    let replacedKeptAt: string | undefined;
    if (fs.existsSync(target)) {
      replacedKeptAt = `${target}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
      // A second name for the old file, so the target never stops existing before the rename replaces it.
      fs.linkSync(target, replacedKeptAt);
    }
    fs.renameSync(temporary, target);
    syncFolder(target);
    return { file: target, from: backup, ...summary, ...(replacedKeptAt ? { replacedKeptAt } : {}) };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw asDatabaseError(error, target);
  }
}

/** Checks a backup before anything is touched: intact, Lore's, and not newer than this Lore. */
function inspectBackup(file: string): { schemaVersion: number; articles: number; questions: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, readonly: true });
  } catch (cause) {
    throw new LoreError('DB_OPEN_FAILED', `Cannot open the backup ${file}: ${(cause as Error).message}.`, { cause });
  }
  try {
    const summary = describeLoreDatabase(db, `The backup ${file}`);
    const newest = migrations.at(-1)?.version ?? 0;
    if (summary.schemaVersion > newest) {
      throw new LoreError('DB_TOO_NEW', `The backup is at schema version ${summary.schemaVersion} but this Lore knows only up to ${newest}; restore it with a newer Lore.`);
    }
    return summary;
  } catch (error) {
    throw asDatabaseError(error, file);
  } finally {
    db.close();
  }
}

/**
 * True when another connection has the database open. A Lore database is in WAL mode, and
 * the last connection to close deletes the log file (`-wal`): if it is still there after
 * this one opened and closed, someone else holds the database.
 */
function isInUse(file: string): boolean {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } finally {
    db.close();
  }
  return fs.existsSync(`${file}-wal`);
}
