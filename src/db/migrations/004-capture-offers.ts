import type { Migration } from '../migration';

/** Which unanswered questions Lore has offered to capture an answer for: never offered twice. */
export const migration004CaptureOffers: Migration = {
  version: 4,
  name: 'capture-offers',
  up: `
    CREATE TABLE capture_offers (
      question_id INTEGER PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
      offered_to TEXT NOT NULL,
      offered_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX questions_by_place ON questions (workspace, place, asked_at);
  `,
};
