import type Database from 'better-sqlite3';
import { LoreError } from '../errors';
import type { Migration } from './migration';
import { migrations as allMigrations } from './migrations';

/** The schema version in the file (`PRAGMA user_version`). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws DB_TOO_NEW when the file was written by a newer Lore than this one. */
export function assertNotNewer(db: Database.Database, migrations: readonly Migration[] = allMigrations): void {
  const newest = migrations.at(-1)?.version ?? 0;
  const version = schemaVersion(db);
  if (version > newest) {
    throw new LoreError(
      'DB_TOO_NEW',
      `The database is at schema version ${version} but this Lore knows only up to ${newest}; upgrade Lore, or point --db / LORE_DB at another file.`,
    );
  }
}

/**
 * Brings the database up to the newest migration (or `target`), one transaction per
 * step so a failed step leaves the previous version intact. Refuses a database written
 * by a newer Lore: running old code on it could lose data the newer code relies on.
 */
export function migrate(
  db: Database.Database,
  options: { target?: number; migrations?: readonly Migration[] } = {},
): { from: number; to: number } {
  const migrations = options.migrations ?? allMigrations;
  const newest = migrations.at(-1)?.version ?? 0;
  const target = options.target ?? newest;
  const from = schemaVersion(db);
  assertNotNewer(db, migrations);
  for (const migration of migrations) {
    if (migration.version <= from || migration.version > target) continue;
    db.transaction(() => {
      // Another process opening the same new file may have run this step since `from` was read.
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, Math.min(target, newest)) };
}
