import type { Migration } from '../migration';

/**
 * Who stands behind each alternate question Lore learned from votes: one row per person,
 * so one person cannot raise a phrasing twice, and 👎 from many people outweighs 👍
 * from a few.
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
  `,
};
