import { type Logger, type Lore, LoreError, type Notice } from '../../src/index';

/** What posting a notice came to: posted, or never postable (the place or person is gone) so it is dropped. */
export type NoticeOutcome = 'sent' | 'undeliverable';

/** How one platform posts what the upkeep loop has to say; a thrown error means "try again next tick". */
export interface UpkeepDelivery {
  /** The platform the notices were logged under (`slack`, `teams`). */
  platform: string;
  deliverNotice(notice: Notice): Promise<NoticeOutcome>;
  /** Sends the weekly digest as of `asOf`; throws only when nothing at all could be sent. */
  sendDigest(asOf: number): Promise<void>;
}

export interface UpkeepLoopOptions {
  lore: Pick<Lore, 'db' | 'clock' | 'upkeep'>;
  delivery: UpkeepDelivery;
  logger: Logger;
  /** LORE_DIGEST_SCHEDULE as validated, e.g. `mon 09:00` (UTC); unset: no digest. */
  schedule?: string;
  /** Time between ticks (default a minute). */
  intervalMs?: number;
}

/** What one tick did. */
export interface TickResult {
  sent: number;
  /** Posts that failed for now; tried again next tick. */
  failed: number;
  /** Notices dropped because their place or person is gone. */
  undeliverable: number;
  digest: boolean;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** A digest more than this late (Lore was down at the time) is skipped rather than sent days after. */
const DIGEST_GRACE_MS = DAY_MS;

/**
 * Delivers what the upkeep core has queued for one platform: correction notices every
 * tick, and the weekly digest at its scheduled time. Both are recorded in the database,
 * so a restart or a second Lore process neither repeats nor loses them.
 */
export class UpkeepLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickResult> | undefined;
  private readonly slot: ((now: number) => number) | undefined;
  private readonly statements;
  private readonly markName: string;

  constructor(private readonly options: UpkeepLoopOptions) {
    this.slot = options.schedule ? weeklySlot(options.schedule) : undefined;
    this.markName = `digest.${options.delivery.platform}`;
    // Claiming the week's slot is one statement, so of several processes exactly one wins it.
    const { db } = options.lore;
    this.statements = {
      mark: db.prepare<[string], { value: number }>('SELECT value FROM upkeep_marks WHERE name = ?'),
      claim: db.prepare<{ name: string; slot: number }>(
        `INSERT INTO upkeep_marks (name, value) VALUES (@name, @slot)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE upkeep_marks.value < excluded.value`,
      ),
      restore: db.prepare<{ name: string; slot: number; previous: number }>('UPDATE upkeep_marks SET value = @previous WHERE name = @name AND value = @slot'),
      forget: db.prepare<{ name: string; slot: number }>('DELETE FROM upkeep_marks WHERE name = @name AND value = @slot'),
    };
  }

  /** Ticks every interval from now on, never keeping the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.options.logger.error({ err: error, platform: this.options.delivery.platform }, 'an upkeep tick failed; the next one tries again'));
    }, this.options.intervalMs ?? MINUTE_MS).unref();
  }

  /** Stops ticking, and waits for a tick under way to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One round: due notices, then the digest if its time has come. A tick under way is joined, not repeated. */
  tick(): Promise<TickResult> {
    if (!this.running) {
      this.running = this.round().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async round(): Promise<TickResult> {
    const result: TickResult = { sent: 0, failed: 0, undeliverable: 0, digest: false };
    const { delivery, logger, lore } = this.options;
    for (const notice of lore.upkeep.notices.due(delivery.platform)) {
      // Another process sharing the database may have taken it since `due` was read.
      if (!lore.upkeep.notices.claim(notice.id)) continue;
      let outcome: NoticeOutcome;
      try {
        outcome = await delivery.deliverNotice(notice);
      } catch (error) {
        lore.upkeep.notices.release(notice.id);
        result.failed++;
        logger.warn({ err: error, notice: notice.id, platform: delivery.platform }, 'could not post a correction notice; will try again');
        continue;
      }
      lore.upkeep.notices.markSent(notice.id);
      if (outcome === 'sent') result.sent++;
      else {
        result.undeliverable++;
        logger.warn({ notice: notice.id, platform: delivery.platform, place: notice.place }, 'dropped a correction notice: its thread and its asker can no longer be reached');
      }
    }
    result.digest = await this.digestIfDue();
    return result;
  }

  private async digestIfDue(): Promise<boolean> {
    if (!this.slot) return false;
    const now = this.options.lore.clock.now();
    const slot = this.slot(now);
    if (now - slot > DIGEST_GRACE_MS) return false;
    const previous = this.statements.mark.get(this.markName)?.value;
    if (this.statements.claim.run({ name: this.markName, slot }).changes === 0) return false;
    try {
      await this.options.delivery.sendDigest(now);
    } catch (error) {
      // Nothing went out: give the slot back so the next tick tries again.
      if (previous === undefined) this.statements.forget.run({ name: this.markName, slot });
      else this.statements.restore.run({ name: this.markName, slot, previous });
      throw error;
    }
    this.options.logger.info({ platform: this.options.delivery.platform, slot: new Date(slot).toISOString() }, 'sent the weekly upkeep digest');
    return true;
  }
}

/** For a schedule such as `mon 09:00` (UTC): the latest scheduled instant at or before `now`. */
export function weeklySlot(schedule: string): (now: number) => number {
  const match = /^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)$/.exec(schedule.trim().toLowerCase());
  if (!match) throw new LoreError('CONFIG_INVALID', `LORE_DIGEST_SCHEDULE="${schedule}" is not a weekly schedule; use a weekday and a UTC time, e.g. "mon 09:00"`);
  const weekday = WEEKDAYS.indexOf(match[1]!);
  const offset = Number(match[2]) * 60 * MINUTE_MS + Number(match[3]) * MINUTE_MS;
  return (now) => {
    const today = now - (now % DAY_MS);
    const daysBack = (new Date(today).getUTCDay() - weekday + 7) % 7;
    const slot = today - daysBack * DAY_MS + offset;
    return slot > now ? slot - WEEK_MS : slot;
  };
}
