/**
 * Sizes long work (an import, reading a base into the index) done in slices between other
 * work, so a Slack request waits at most about one slice: each slice aims at `targetMs`,
 * judged by how fast the last one went, and grows at most twofold.
 */
export class SliceSizer {
  constructor(
    private readonly targetMs: number,
    private current: number,
    private readonly max: number,
  ) {}

  /** How many items the next slice takes. */
  get size(): number {
    return this.current;
  }

  /** Records that the last slice did `count` items in `ms`. */
  took(count: number, ms: number): void {
    const perItem = Math.max(ms, 0.1) / Math.max(count, 1);
    this.current = Math.max(1, Math.min(this.max, Math.round(this.targetMs / perItem), this.current * 2));
  }
}

/** Resolves after other waiting work (I/O, timers) had its turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
