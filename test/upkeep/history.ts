import { ManualClock } from '../../src/clock';
import type { Lore } from '../../src/lore';
import { DAY_MS, dayOf, weekStart } from '../../src/upkeep/as-of';
import { BASE, seed } from '../helpers/articles';
import { START } from '../helpers/sandbox';

/** 2025-03-06, a Thursday: the day the history below (from START) is reported on. */
export const AS_OF = '2025-03-06';
export const AS_OF_MS = Date.UTC(2025, 2, 7) - 1;

/** The end of the day a history from `start` is reported on: the Thursday seven weeks later. */
export function asOfFor(start: number): number {
  return Math.floor(start / DAY_MS) * DAY_MS + 51 * DAY_MS - 1;
}

/**
 * A Wednesday 09:00 UTC whose history ends before today: for commands that run on the
 * real clock, where questions older than the retention period are purged at start.
 */
export function recentStart(now = Date.now()): number {
  return weekStart(now) - 8 * 7 * DAY_MS + 2 * DAY_MS + 9 * 3_600_000;
}

/** The day `days` after the history's start (YYYY-MM-DD). */
export function dayAfter(start: number, days: number): string {
  return dayOf(start + days * DAY_MS);
}

/**
 * Seven weeks of a help desk: questions answered and not, votes, a printer article five
 * people find unhelpful, a VPN surge this week, and titles and questions with markup in them.
 */
export function buildHistory(open: (clock: ManualClock) => Lore, start = START): Lore {
  const clock = new ManualClock(start);
  const lore = open(clock);
  seed(lore, [...BASE, { id: 'evil', title: '<script>alert("x")</script> & <b>bold</b> tricks', body: 'Never <img src=x onerror=alert(1)> run this.', tags: ['security'] }]);
  lore.upkeep.reviews.setTagDays('', 'finance', 30);
  let person = 0;
  const ask = (question: string, vote?: 1 | -1) => {
    const asker = `U${person++}`;
    const reply = lore.answerer.ask(question, { workspace: '', platform: 'slack', asker, place: `C1:${asker}` });
    if (vote && reply.results[0]) lore.votes.cast({ questionId: reply.questionId, articleId: reply.results[0].id, voter: asker, value: vote });
    return reply;
  };
  // From a Wednesday (START: 2025-01-15) for seven weeks: a batch of questions each week.
  for (let week = 0; week < 7; week++) {
    clock.set(start + week * 7 * DAY_MS);
    ask('Reset a forgotten password', 1);
    ask('Submit an expense claim');
    if (week % 2 === 0) ask('how much parental leave do I get');
    if (week >= 3) ask('Book a parking space', week % 3 === 0 ? -1 : 1);
  }
  clock.set(start + 5 * 7 * DAY_MS);
  for (let i = 0; i < 5; i++) ask('Add an office printer', -1);
  ask('<i>guest wifi</i> for "visitors" & contractors?');
  ask('guest wifi for visitors');
  // The last week (Monday to Thursday; from START: 2025-03-03 to 03-06): a VPN surge.
  clock.set(start + 47 * DAY_MS);
  for (let i = 0; i < 4; i++) ask('Connect to the VPN from home', i === 0 ? -1 : undefined);
  clock.set(start + 48 * DAY_MS);
  ask('vpn will not connect');
  ask('vpn will not connect', 1);
  lore.upkeep.reviews.verify('password-reset', 'grace');
  clock.set(asOfFor(start));
  return lore;
}
