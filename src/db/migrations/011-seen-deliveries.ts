import type { Migration } from '../migration';

/**
 * Deliveries already handled (a Slack event id, a Teams activity id, a message, a
 * submission), kept for the platforms' retry window. In memory they were forgotten at a
 * restart, and a second process never knew them: a retry was then answered twice.
 */
export const migration011SeenDeliveries: Migration = {
  version: 11,
  name: 'seen-deliveries',
  up: `
    CREATE TABLE seen_deliveries (
      key TEXT PRIMARY KEY,
      seen_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX seen_deliveries_by_age ON seen_deliveries (seen_at);
  `,
};
