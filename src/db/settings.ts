import type { Db } from './open-database';

/**
 * A value generated once per database and kept (the Teams app package's id): the stored
 * one when there is one, else `make()`'s, stored. Two processes asking at once get the same.
 */
export function settingOrCreate(db: Db, name: string, make: () => string): string {
  db.prepare<[string, string]>('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, make());
  return db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?').get(name)!.value;
}
