import type { Migration } from '../migration';

/** Articles, their tags, alternate questions and revisions. */
export const migration001Knowledge: Migration = {
  version: 1,
  name: 'knowledge',
  up: `
    CREATE TABLE articles (
      id TEXT PRIMARY KEY,
      workspace TEXT NOT NULL DEFAULT '',
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'archived')),
      owner TEXT,
      author TEXT,
      source_url TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      verified_at INTEGER,
      verified_by TEXT,
      revision INTEGER NOT NULL DEFAULT 1,
      change_seq INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX articles_by_workspace ON articles (workspace, status);
    CREATE UNIQUE INDEX articles_by_change ON articles (change_seq);

    CREATE TABLE article_tags (
      article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      PRIMARY KEY (article_id, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags (tag);

    CREATE TABLE article_questions (
      id INTEGER PRIMARY KEY,
      article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      text TEXT NOT NULL,
      origin TEXT NOT NULL DEFAULT 'author' CHECK (origin IN ('author', 'learned', 'merged')),
      weight REAL NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      created_by TEXT,
      UNIQUE (article_id, text)
    ) STRICT;

    CREATE TABLE article_revisions (
      id INTEGER PRIMARY KEY,
      article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      revision INTEGER NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      tags TEXT NOT NULL,
      status TEXT NOT NULL,
      edited_by TEXT,
      edited_at INTEGER NOT NULL,
      reason TEXT NOT NULL,
      UNIQUE (article_id, revision)
    ) STRICT;
  `,
};
