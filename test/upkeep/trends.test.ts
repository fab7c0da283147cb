import { UNTAGGED } from '../../src/upkeep/trends';
import { useSandbox } from '../helpers/sandbox';
import { AS_OF_MS, buildHistory } from './history';

describe('trends', () => {
  const sandbox = useSandbox();

  it('counts questions, answer rate and helpfulness by ISO week, and by the tag of the first article', () => {
    const lore = buildHistory((clock) => sandbox.openLore({ clock }));
    const trends = lore.upkeep.trends({ asOf: AS_OF_MS });
    expect(trends.asOf).toBe('2025-03-06');
    expect(trends.weeks.map((w) => w.week)).toEqual(['2025-W03', '2025-W04', '2025-W05', '2025-W06', '2025-W07', '2025-W08', '2025-W09', '2025-W10']);
    // The first week (W03 holds 2025-01-15): password (👍), expense claim, parental leave (not answered).
    expect(trends.weeks[0]).toEqual({ week: '2025-W03', start: '2025-01-13', questions: 3, answered: 2, answerRate: 0.667, up: 1, down: 0, helpfulness: 1 });
    // Password 👍, expense, parking 👍, five printer answers 👎 (not answered), two guest wifi questions (not answered).
    expect(trends.weeks.find((w) => w.week === '2025-W08')).toEqual({
      week: '2025-W08',
      start: '2025-02-17',
      questions: 10,
      answered: 3,
      answerRate: 0.3,
      up: 2,
      down: 5,
      helpfulness: 0.286,
    });

    const vpn = trends.tags.find((t) => t.tag === 'vpn')!;
    expect(vpn).toEqual({ tag: 'vpn', questions: 6, answered: 5, answerRate: 0.833, up: 1, down: 1, helpfulness: 0.5 });
    expect(trends.tags.find((t) => t.tag === 'printing')).toMatchObject({ questions: 5, answered: 0, helpfulness: 0 });
    // Questions nothing was even near to (parental leave, guest wifi) have no tag.
    expect(trends.tags.find((t) => t.tag === UNTAGGED)).toMatchObject({ questions: 6, answered: 0 });
  });

  it('finds topics rising since Monday against the same days of the four weeks before', () => {
    const lore = buildHistory((clock) => sandbox.openLore({ clock }));
    const { rising } = lore.upkeep.trends({ asOf: AS_OF_MS });
    expect(rising).toEqual([
      { topic: 'remote', recent: 6, usual: 0, factor: null, since: '2025-03-03' },
      { topic: 'vpn', recent: 6, usual: 0, factor: null, since: '2025-03-03' },
    ]);
    // A week earlier nothing was rising.
    expect(lore.upkeep.trends({ asOf: AS_OF_MS - 7 * 86_400_000 }).rising).toEqual([]);
  });

  it('leaves out evaluation questions and other workspaces', () => {
    const lore = buildHistory((clock) => sandbox.openLore({ clock }));
    const before = lore.upkeep.trends({ asOf: AS_OF_MS }).weeks.at(-1)!.questions;
    lore.answerer.ask('Connect to the VPN from home', { workspace: '', platform: 'eval', isEval: true });
    lore.answerer.ask('Connect to the VPN from home', { workspace: 'T9', platform: 'slack', asker: 'Z' });
    expect(lore.upkeep.trends({ asOf: AS_OF_MS }).weeks.at(-1)!.questions).toBe(before + 1);
    expect(lore.upkeep.trends({ asOf: AS_OF_MS, workspace: '' }).weeks.at(-1)!.questions).toBe(before);
  });
});
