import type { Migration } from '../migration';

/** What people do with the knowledge: questions asked, what was shown, votes, captures. */
export const migration002Activity: Migration = {
  version: 2,
  name: 'activity',
  up: `
    CREATE TABLE questions (
      id INTEGER PRIMARY KEY,
      workspace TEXT NOT NULL DEFAULT '',
      text TEXT NOT NULL,
      asker TEXT,
      place TEXT,
      platform TEXT NOT NULL,
      asked_at INTEGER NOT NULL,
      decision TEXT NOT NULL CHECK (decision IN ('answer', 'abstain')),
      confidence REAL NOT NULL,
      top_article_id TEXT,
      is_eval INTEGER NOT NULL DEFAULT 0 CHECK (is_eval IN (0, 1))
    ) STRICT;
    CREATE INDEX questions_by_time ON questions (workspace, asked_at);

    CREATE TABLE question_results (
      question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
      rank INTEGER NOT NULL,
      article_id TEXT NOT NULL,
      score REAL NOT NULL,
      PRIMARY KEY (question_id, rank)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE votes (
      id INTEGER PRIMARY KEY,
      workspace TEXT NOT NULL DEFAULT '',
      question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
      article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      voter TEXT NOT NULL,
      value INTEGER NOT NULL CHECK (value IN (-1, 1)),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (question_id, article_id, voter)
    ) STRICT;
    CREATE INDEX votes_by_article ON votes (article_id);

    CREATE TABLE captures (
      id INTEGER PRIMARY KEY,
      workspace TEXT NOT NULL DEFAULT '',
      article_id TEXT REFERENCES articles (id) ON DELETE SET NULL,
      action TEXT NOT NULL CHECK (action IN ('created', 'merged', 'draft')),
      question TEXT NOT NULL,
      answer TEXT NOT NULL,
      answer_author TEXT,
      captured_by TEXT,
      source_url TEXT,
      source_at INTEGER,
      platform TEXT NOT NULL,
      dedupe_key TEXT UNIQUE,
      created_at INTEGER NOT NULL
    ) STRICT;
  `,
};
