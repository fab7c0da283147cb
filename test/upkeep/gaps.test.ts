import { ManualClock } from '../../src/clock';
import type { AskContext } from '../../src/answers/question-log';
import { DAY_MS } from '../../src/upkeep/as-of';
import { seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const LEAVE = [
  'how many weeks of parental leave do I get',
  'parental leave policy for new fathers',
  'can I take parental leave part time',
];
const GUEST_WIFI = ['guest wifi password for visitors', 'how do visitors get on the guest wifi', 'guest wifi network name'];

const as = (asker: string): AskContext => ({ workspace: '', platform: 'slack', asker, place: `C1:${asker}` });

describe('Gaps', () => {
  const sandbox = useSandbox();

  it('groups unanswered questions by topic, ranks them by people asking, with examples, owner and due date', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock, fallbackOwner: 'helpdesk' });
    seed(lore);
    LEAVE.forEach((q, i) => lore.answerer.ask(q, as(`U${i}`)));
    clock.advance(DAY_MS);
    GUEST_WIFI.slice(0, 2).forEach((q) => lore.answerer.ask(q, as('U9')));
    lore.answerer.ask(GUEST_WIFI[2]!, as('U8'));
    const reply = lore.answerer.ask('zxqv blorf', { ...as('U7'), isEval: true });
    expect(reply.decision).toBe('abstain');

    const gaps = lore.upkeep.gaps.list();
    expect(gaps.map((g) => ({ topic: g.topic, count: g.count, asked: g.asked }))).toEqual([
      { topic: expect.stringContaining('parental'), count: 3, asked: 3 },
      { topic: expect.stringContaining('guest'), count: 2, asked: 3 },
    ]);
    expect(gaps[0]!.examples).toEqual([...LEAVE].reverse());
    expect(gaps[0]!.due).toBe('2025-01-22');
    expect(gaps[1]!.lastAsked).toBe('2025-01-16');
    // Nothing near these topics: the fallback owner takes them.
    expect(gaps.every((g) => g.owner === 'helpdesk' || g.nearest !== null)).toBe(true);
  });

  it("goes to the owner of the nearest article when one is near", () => {
    const lore = sandbox.openLore({ fallbackOwner: 'helpdesk' });
    seed(lore, [
      { id: 'vpn-home', title: 'Connect to the VPN from home', body: 'Install GlobalProtect and sign in.', tags: ['vpn'], owner: 'netops' },
      { id: 'expense-claim', title: 'Submit an expense claim', body: 'Use the Expenses app.', tags: ['finance'], owner: 'finance' },
    ]);
    for (const [i, q] of ['vpn split tunnelling for zoom calls', 'does the vpn do split tunnelling', 'split tunnelling on the vpn client'].entries()) {
      const reply = lore.answerer.ask(q, as(`U${i}`));
      if (reply.decision === 'answer') lore.votes.cast({ questionId: reply.questionId, articleId: reply.results[0]!.id, voter: `U${i}`, value: -1 });
    }
    const [gap] = lore.upkeep.gaps.list();
    expect(gap).toMatchObject({ count: 3, owner: 'netops', nearest: { id: 'vpn-home', title: 'Connect to the VPN from home' } });
    expect(gap!.topic).toContain('split');
  });

  it('counts an answer left with 👎 as a gap until someone 👍 an answer to that question', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore);
    const reply = lore.answerer.ask('Reset a forgotten password', as('U1'));
    expect(reply.decision).toBe('answer');
    const vote = { questionId: reply.questionId, articleId: 'password-reset', voter: 'U1' };
    lore.votes.cast({ ...vote, value: -1 });
    expect(lore.upkeep.gaps.list().map((g) => g.examples)).toEqual([['Reset a forgotten password']]);

    clock.advance(1000);
    lore.votes.cast({ ...vote, voter: 'U2', value: 1 });
    expect(lore.upkeep.gaps.list()).toEqual([]);
    // As of before the 👍, it was a gap.
    expect(lore.upkeep.gaps.list({ asOf: START + 500 })).toHaveLength(1);
  });

  it('closes a gap by itself when a capture answers its questions, and only that gap', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore);
    LEAVE.forEach((q, i) => lore.answerer.ask(q, as(`U${i}`)));
    GUEST_WIFI.forEach((q, i) => lore.answerer.ask(q, as(`V${i}`)));
    expect(lore.upkeep.gaps.list()).toHaveLength(2);

    clock.advance(DAY_MS);
    const capture = lore.capturer.capture({
      workspace: '',
      platform: 'slack',
      question: 'How much parental leave do I get?',
      answer: 'Parental leave is 16 weeks at full pay, and can be taken part time over the first year.',
      capturedBy: 'hr-anna',
      onDuplicate: 'new',
    });
    expect(capture.action).toBe('created');

    const open = lore.upkeep.gaps.list();
    expect(open.map((g) => g.topic)).toEqual([expect.stringContaining('guest')]);
    const closed = lore.db.prepare<[], { article_id: string; closed_at: number }>('SELECT article_id, closed_at FROM gap_closures').all();
    expect(closed.length).toBeGreaterThanOrEqual(2);
    expect(closed.every((row) => row.article_id === capture.article.id && row.closed_at === START + DAY_MS)).toBe(true);
    // A report for the day before the capture still shows the gap.
    expect(lore.upkeep.gaps.list({ asOf: START + DAY_MS - 1 }).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps workspaces apart and forgets questions older than 90 days', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore);
    lore.answerer.ask(LEAVE[0]!, { ...as('U1'), workspace: 'T1' });
    lore.answerer.ask(LEAVE[1]!, { ...as('U2'), workspace: 'T2' });
    expect(lore.upkeep.gaps.list({ workspace: 'T1' }).map((g) => [g.workspace, g.count])).toEqual([['T1', 1]]);
    expect(lore.upkeep.gaps.list().map((g) => g.workspace).sort()).toEqual(['T1', 'T2']);
    expect(lore.upkeep.gaps.list({ asOf: START + 91 * DAY_MS })).toEqual([]);
  });
});

describe('Gaps and 👍', () => {
  const sandbox = useSandbox();
  const WIFI = [{ id: 'wifi', title: 'Office Wi-Fi', body: 'Company laptops join CORP-SECURE by themselves; guests use CORP-GUEST.', tags: ['network'] }];

  it('closes the gap questions a 👍 answers: the phrasing it taught now answers them', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore, [...WIFI, { id: 'parking', title: 'Book a parking space', body: 'Reserve a bay in the Desk app.' }]);
    const gap = lore.answerer.ask('wlan pwd', as('U1'));
    expect(gap.decision).toBe('abstain');
    lore.answerer.ask('canteen opening hours', as('U3'));
    expect(lore.upkeep.gaps.list()).toHaveLength(2);

    clock.advance(DAY_MS);
    const answered = lore.answerer.ask('wlan pwd for the office wifi', as('U2'));
    expect(answered.results[0]?.id).toBe('wifi');
    lore.feedback.vote({ questionId: answered.questionId, articleId: 'wifi', voter: 'U2', value: 1 });

    expect(lore.upkeep.gaps.list().flatMap((g) => g.examples)).toEqual(['canteen opening hours']);
    expect(lore.db.prepare('SELECT question_id, article_id, closed_at FROM gap_closures').all()).toEqual([{ question_id: gap.questionId, article_id: 'wifi', closed_at: START + DAY_MS }]);
  });

  it('leaves a gap open when its asker gave that article 👎, whoever 👍 it for their own question', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const rejected = lore.answerer.ask('Reset a forgotten password', as('U1'));
    lore.feedback.vote({ questionId: rejected.questionId, articleId: 'password-reset', voter: 'U1', value: -1 });
    const helped = lore.answerer.ask('I forgot my password', as('U2'));
    lore.feedback.vote({ questionId: helped.questionId, articleId: 'password-reset', voter: 'U2', value: 1 });
    expect(lore.upkeep.gaps.list().flatMap((g) => g.examples)).toEqual(['Reset a forgotten password']);
  });
});
