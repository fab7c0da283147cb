import type { Clock } from '../clock';
import type { Db } from '../db/open-database';

/** Slack and Teams retry within minutes; an hour covers both with room to spare. */
export const RETRY_WINDOW_MS = 60 * 60 * 1000;
/** How often claims also clear out keys past the window. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Deliveries handled or being handled (an event id, a message's team/channel/ts, a
 * submission), kept in the database for the retry window, so a delivery Slack or Teams
 * repeats is handled once: after a restart too, and by whichever process sharing the
 * database claims it first. Neither SDK de-duplicates.
 */
export class SeenDeliveries {
  private readonly statements;
  private purgedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly windowMs = RETRY_WINDOW_MS,
  ) {
    this.statements = {
      // One statement, so of two processes claiming the same key exactly one changes a row.
      claim: db.prepare<{ key: string; now: number; expired: number }>(
        `INSERT INTO seen_deliveries (key, seen_at) VALUES (@key, @now)
         ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at WHERE seen_deliveries.seen_at <= @expired`,
      ),
      release: db.prepare<[string]>('DELETE FROM seen_deliveries WHERE key = ?'),
      purge: db.prepare<[number]>('DELETE FROM seen_deliveries WHERE seen_at <= ?'),
    };
  }

  /** True the first time a key is claimed within the window; false for a repeat. */
  claim(key: string): boolean {
    const now = this.clock.now();
    if (now - this.purgedAt >= PURGE_EVERY_MS) {
      this.statements.purge.run(now - this.windowMs);
      this.purgedAt = now;
    }
    return this.statements.claim.run({ key, now, expired: now - this.windowMs }).changes > 0;
  }

  /**
   * Claims a key and does the delivery's database work in one transaction: when `work`
   * fails, the claim goes with it, and a retry is handled. Undefined for a repeat.
   */
  claimWith<T>(key: string, work: () => T): { value: T } | undefined {
    return this.db.transaction(() => (this.claim(key) ? { value: work() } : undefined)).immediate();
  }

  /** Forgets a key, so the delivery it stood for is handled when it comes again (handling it failed). */
  release(key: string): void {
    this.statements.release.run(key);
  }
}
