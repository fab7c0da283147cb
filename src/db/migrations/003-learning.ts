import type { Migration } from '../migration';

/**
 * Who stands behind each alternate question Lore learned from votes: one row per person,
 * so one person cannot raise a phrasing twice, and 👎 from many people outweighs 👍
 * from a few. And the evidence behind each answer's confidence, so that votes on answers
 * can recalibrate what a confidence means on this base.
 */
export const migration003Learning: Migration = {
  version: 3,
  name: 'learning',
  up: `
    CREATE TABLE question_endorsements (
      question_row INTEGER NOT NULL REFERENCES article_questions (id) ON DELETE CASCADE,
      voter TEXT NOT NULL,
      value INTEGER NOT NULL CHECK (value IN (-1, 1)),
      at INTEGER NOT NULL,
      PRIMARY KEY (question_row, voter)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX votes_by_voter ON votes (voter, article_id);

    CREATE TABLE answer_evidence (
      question_id INTEGER PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
      probability REAL NOT NULL,
      coverage REAL NOT NULL,
      runner_up REAL NOT NULL,
      learned REAL NOT NULL
    ) STRICT;
  `,
};
