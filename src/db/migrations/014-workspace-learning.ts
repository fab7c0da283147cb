import type { Migration } from '../migration';

/**
 * Whose each alternate question is: the article's own workspace for what its editors wrote
 * (and what the article's own workspace learned), else the workspace whose votes taught it,
 * so a phrasing a Slack team taught a shared article is searched for that team only. Two
 * workspaces may learn the same words for one article, hence the wider unique key; the table
 * is rebuilt for it (SQLite cannot change a constraint), and the endorsements, which point
 * into it, are set aside meanwhile so that dropping the old table cascades to nothing.
 * A learned phrasing goes to the workspace of its first supporter's 👍 on the article (the
 * one cast for the same words if there is one), else to the article's own workspace.
 */
export const migration014WorkspaceLearning: Migration = {
  version: 14,
  name: 'workspace-learning',
  up: `
    CREATE TEMP TABLE endorsements_kept AS SELECT question_row, voter, value, at FROM question_endorsements;
    DROP TABLE question_endorsements;

    CREATE TABLE article_questions_scoped (
      id INTEGER PRIMARY KEY,
      article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      workspace TEXT NOT NULL,
      text TEXT NOT NULL,
      origin TEXT NOT NULL DEFAULT 'author' CHECK (origin IN ('author', 'learned', 'merged')),
      weight REAL NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      created_by TEXT,
      UNIQUE (article_id, workspace, text)
    ) STRICT;
    INSERT INTO article_questions_scoped (id, article_id, workspace, text, origin, weight, created_at, created_by)
      SELECT q.id, q.article_id,
        CASE WHEN q.origin = 'learned' THEN coalesce(
          (SELECT v.workspace FROM votes v JOIN questions asked ON asked.id = v.question_id
            WHERE v.article_id = q.article_id AND v.voter = q.created_by AND v.value = 1 AND lower(asked.text) = lower(q.text)
            ORDER BY v.id LIMIT 1),
          (SELECT v.workspace FROM votes v WHERE v.article_id = q.article_id AND v.voter = q.created_by AND v.value = 1 ORDER BY v.id LIMIT 1),
          a.workspace)
        ELSE a.workspace END,
        q.text, q.origin, q.weight, q.created_at, q.created_by
      FROM article_questions q JOIN articles a ON a.id = q.article_id;
    DROP TABLE article_questions;
    ALTER TABLE article_questions_scoped RENAME TO article_questions;
    CREATE INDEX article_questions_by_workspace ON article_questions (workspace, article_id);

    CREATE TABLE question_endorsements (
      question_row INTEGER NOT NULL REFERENCES article_questions (id) ON DELETE CASCADE,
      voter TEXT NOT NULL,
      value INTEGER NOT NULL CHECK (value IN (-1, 1)),
      at INTEGER NOT NULL,
      PRIMARY KEY (question_row, voter)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO question_endorsements (question_row, voter, value, at) SELECT question_row, voter, value, at FROM endorsements_kept;
    DROP TABLE endorsements_kept;
  `,
};
