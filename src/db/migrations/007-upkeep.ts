import type { Migration } from '../migration';

/**
 * Keeping the base right: how often each article (or every article with a tag) must be
 * reviewed, who owns a tag's articles, who is gone and to whom their articles went,
 * which unanswered questions a later article answered (closing their gap), which
 * articles are failing, and the outbox of correction notices, each sent once.
 */
export const migration007Upkeep: Migration = {
  version: 7,
  name: 'upkeep',
  up: `
    ALTER TABLE articles ADD COLUMN review_days INTEGER CHECK (review_days IS NULL OR review_days > 0);

    CREATE TABLE tag_settings (
      workspace TEXT NOT NULL DEFAULT '',
      tag TEXT NOT NULL,
      review_days INTEGER CHECK (review_days IS NULL OR review_days > 0),
      owner TEXT,
      PRIMARY KEY (workspace, tag)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE gone_people (
      person TEXT PRIMARY KEY,
      gone_at INTEGER NOT NULL,
      handed_to TEXT NOT NULL
    ) STRICT;

    CREATE TABLE gap_closures (
      question_id INTEGER PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
      article_id TEXT REFERENCES articles (id) ON DELETE SET NULL,
      closed_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE failing_articles (
      article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
      since INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE upkeep_marks (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE notices (
      id INTEGER PRIMARY KEY,
      workspace TEXT NOT NULL DEFAULT '',
      platform TEXT NOT NULL,
      asker TEXT NOT NULL,
      place TEXT,
      question_id INTEGER REFERENCES questions (id) ON DELETE SET NULL,
      asked_at INTEGER NOT NULL,
      article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      reason TEXT NOT NULL CHECK (reason IN ('edited', 'archived', 'failing')),
      change_key TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      sent_at INTEGER,
      UNIQUE (article_id, change_key, workspace, platform, asker)
    ) STRICT;
    CREATE INDEX notices_unsent ON notices (platform, sent_at);
  `,
};
