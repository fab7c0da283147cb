import type { Clock } from '../clock';
import type { Db } from '../db/open-database';

/** How long logged questions are kept unless configured otherwise. */
export const DEFAULT_QUESTION_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a purge did. */
export interface PurgeResult {
  /** Questions deleted with what was shown for them. */
  deleted: number;
  /** Questions kept because people voted on their answer, with who asked and where removed. */
  anonymized: number;
  /** Questions older than this (ms since the epoch) were purged. */
  before: number;
}

/**
 * Keeps the question log for a set number of days. An expired question goes with its
 * results, evidence and capture offer. One whose answer people voted on stays as the
 * anchor of those votes (they are the article's record, and a 👎 teaches the ranking from
 * the question's text), but loses its asker and place, so it no longer points at anyone;
 * its text was stored with secrets already redacted.
 */
export class QuestionRetention {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Days a question is kept. */
    readonly days: number = DEFAULT_QUESTION_RETENTION_DAYS,
  ) {
    this.statements = {
      remove: db.prepare<[number]>('DELETE FROM questions WHERE asked_at < ? AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.question_id = questions.id)'),
      anonymize: db.prepare<[number]>('UPDATE questions SET asker = NULL, place = NULL WHERE asked_at < ? AND (asker IS NOT NULL OR place IS NOT NULL)'),
    };
  }

  /** Deletes (or, when voted on, anonymizes) every question older than the retention period. */
  purgeExpired(days: number = this.days): PurgeResult {
    const before = this.clock.now() - days * DAY_MS;
    return this.db.transaction((): PurgeResult => {
      const deleted = this.statements.remove.run(before).changes;
      const anonymized = this.statements.anonymize.run(before).changes;
      return { deleted, anonymized, before };
    }).immediate();
  }
}
