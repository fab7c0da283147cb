import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '../../src/clock';
import { type Lore, type LoreOptions, openLore } from '../../src/lore';

/** The time every sandboxed Lore starts at: a fixed instant, so nothing depends on the wall clock. */
export const START = Date.UTC(2025, 0, 15, 9, 0, 0);

/** A fresh temporary folder for each test, and everything opened in it. */
export interface Sandbox {
  /** The current test's folder. */
  readonly dir: string;
  /** A path inside the folder. */
  file(...parts: string[]): string;
  /** The default database file of the folder. */
  readonly dbFile: string;
  /** Opens Lore on the folder's database (or `options.dbFile`) with a clock that stands still at START. */
  openLore(options?: Partial<LoreOptions>): Lore;
  /** A plain better-sqlite3 connection to a file in the folder (default the database). */
  connect(file?: string): Database.Database;
  /** Writes a file in the folder (creating folders) and returns its path. */
  write(name: string, content: string): string;
}

/**
 * Registers beforeEach/afterEach hooks that give each test its own temp folder. After the
 * test, every Lore and connection opened through the sandbox is closed and the folder removed.
 */
export function useSandbox(): Sandbox {
  let dir: string | undefined;
  let closers: Array<() => void> = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-test-'));
  });
  afterEach(() => {
    for (const close of closers.reverse()) close();
    closers = [];
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const current = (): string => {
    if (!dir) throw new Error('The sandbox exists only while a test runs.');
    return dir;
  };

  return {
    get dir() {
      return current();
    },
    get dbFile() {
      return path.join(current(), 'lore.db');
    },
    file: (...parts) => path.join(current(), ...parts),
    openLore(options = {}) {
      const lore = openLore({ dbFile: path.join(current(), 'lore.db'), clock: new ManualClock(START), ...options });
      closers.push(() => lore.close());
      return lore;
    },
    connect(file = 'lore.db') {
      const db = new Database(path.join(current(), file));
      closers.push(() => {
        if (db.open) db.close();
      });
      return db;
    },
    write(name, content) {
      const target = path.join(current(), name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      return target;
    },
  };
}
