import type { Migration } from '../migration';

/**
 * A deleted article leaves a tombstone with the change number of its deletion, so an
 * index in another process (a server while `lore delete` runs) reads the deletion the way
 * it reads every other change, and change numbers never go back when the newest article
 * goes. `settings` keeps values generated once per database (the Teams app id).
 */
export const migration012ArticleDeletions: Migration = {
  version: 12,
  name: 'article-deletions',
  up: `
    CREATE TABLE article_deletions (
      article_id TEXT PRIMARY KEY,
      workspace TEXT NOT NULL,
      title TEXT NOT NULL,
      change_seq INTEGER NOT NULL UNIQUE,
      deleted_at INTEGER NOT NULL,
      deleted_by TEXT
    ) STRICT;

    CREATE TABLE settings (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `,
};
