import type { SeenDeliveries } from '../../src/index';

/**
 * Keys of deliveries handled (an event id, a message's team/channel/ts, a view submission),
 * so a delivery Slack or Teams repeats is handled once. Both retry within minutes and
 * neither SDK de-duplicates; the keys are kept in the database for the retry window, so a
 * retry after a restart, or to another process sharing the database, is handled once too.
 */
export class RecentKeys {
  constructor(private readonly seen: SeenDeliveries) {}

  /** True the first time a key is claimed (within the window); false for a repeat. */
  claim(key: string): boolean {
    return this.seen.claim(key);
  }

  /** Claims a key and does `work` (database work only) in one transaction; undefined for a repeat (see SeenDeliveries.claimWith). */
  claimWith<T>(key: string, work: () => T): { value: T } | undefined {
    return this.seen.claimWith(key, work);
  }

  /** Forgets a key, so the work it stood for can be tried again (it failed). */
  release(key: string): void {
    this.seen.release(key);
  }

  /**
   * Runs `work` for a delivery claimed under `key`; a repeat is skipped. When `work` fails
   * the key is released before the error goes on, so the platform's retry is handled.
   */
  async once(key: string, work: () => Promise<void>): Promise<boolean> {
    if (!this.seen.claim(key)) return false;
    try {
      await work();
    } catch (error) {
      try {
        this.seen.release(key);
      } catch (releaseError) {
        throw new AggregateError([error, releaseError], `handling ${key} failed, and so did releasing it: a retry within the hour will be skipped`, { cause: releaseError });
      }
      throw error;
    }
    return true;
  }
}
