import type { Logger } from '../../src/index';

/**
 * Whether botbuilder could fetch the Bot Framework signing keys lately. A failure is
 * logged once per streak, not once per request (a flood of requests would flood the log),
 * and for a short while requests are answered 503 without asking again.
 */
export class SigningKeyHealth {
  private failingSince: number | undefined;
  private retryAt = 0;
  private unavailable = 0;

  constructor(
    private readonly logger: Logger,
    private readonly retryAfterMs: number,
  ) {}

  /** True while requests are answered 503 without asking botbuilder again. */
  isCoolingDown(now: number): boolean {
    if (this.failingSince === undefined || now >= this.retryAt) return false;
    this.unavailable += 1;
    return true;
  }

  /** botbuilder could not check a token for want of keys; logged only when a streak starts. */
  failed(now: number, error: unknown): void {
    this.retryAt = now + this.retryAfterMs;
    this.unavailable += 1;
    if (this.failingSince !== undefined) return;
    this.failingSince = now;
    this.logger.error({ err: error }, 'could not fetch the Bot Framework signing keys: Teams requests are answered 503 until they can be fetched');
  }

  /** botbuilder checked a token (valid or not), so it had the keys. */
  fetched(): void {
    if (this.failingSince === undefined) return;
    this.logger.info({ answered503: this.unavailable }, 'the Bot Framework signing keys can be fetched again');
    this.failingSince = undefined;
    this.unavailable = 0;
  }
}
