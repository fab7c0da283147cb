import type { Clock } from '../../src/index';

/**
 * Keys seen recently (an event id, a message's team/channel/ts, a view submission), so a
 * delivery Slack or Teams repeats is handled once. Both retry within minutes and neither SDK
 * de-duplicates; an hour and a bounded count are ample, and what outlives a restart is
 * made harmless by the core (one vote per person, a capture's dedupe key).
 */
export class RecentKeys {
  /** Key to when it was first seen; a Map iterates oldest first, which makes eviction cheap. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly options: { max?: number; ttlMs?: number } = {},
  ) {}

  /** True the first time a key is claimed (within the window); false for a repeat. */
  claim(key: string): boolean {
    const now = this.clock.now();
    const ttl = this.options.ttlMs ?? 60 * 60 * 1000;
    for (const [old, at] of this.seen) {
      if (now - at < ttl && this.seen.size < (this.options.max ?? 20_000)) break;
      this.seen.delete(old);
    }
    const at = this.seen.get(key);
    if (at !== undefined && now - at < ttl) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    return true;
  }

  /** Forgets a key, so the work it stood for can be tried again (it failed). */
  release(key: string): void {
    this.seen.delete(key);
  }
}
