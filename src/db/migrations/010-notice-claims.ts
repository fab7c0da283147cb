import type { Migration } from '../migration';

/**
 * A claim on a correction notice while one process posts it. Without it, two processes
 * sharing a database could both read a notice as due and both post it before either
 * marked it sent. A claim expires, so a process that dies mid-post does not lose the notice.
 */
export const migration010NoticeClaims: Migration = {
  version: 10,
  name: 'notice-claims',
  up: `
    ALTER TABLE notices ADD COLUMN claimed_until INTEGER;
  `,
};
