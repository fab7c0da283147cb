import { z } from 'zod';
import { LoreError } from '../errors';

export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

const DATE = z.iso.date({ message: 'use a date as YYYY-MM-DD, e.g. 2025-01-31' });

/**
 * The instant a report "as of DATE" describes: the end of that day (UTC), so everything
 * that happened on the day counts.
 */
export function parseAsOf(text: string): number {
  const parsed = DATE.safeParse(text);
  if (!parsed.success) throw new LoreError('USAGE', `--as-of ${JSON.stringify(text)}: ${parsed.error.issues[0]!.message}.`);
  const [year, month, day] = parsed.data.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day + 1) - 1;
}

/** YYYY-MM-DD of an instant (UTC). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday 00:00 UTC of the ISO week holding `ms`. */
export function weekStart(ms: number): number {
  const midnight = Math.floor(ms / DAY_MS) * DAY_MS;
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7;
  return midnight - weekday * DAY_MS;
}

/** The ISO week of an instant, as `2025-W03`. */
export function isoWeek(ms: number): string {
  // The ISO year and week are those of the week's Thursday.
  const thursday = new Date(weekStart(ms) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - weekStart(Date.UTC(year, 0, 4))) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export { WEEK_MS };
