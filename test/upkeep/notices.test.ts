import { ManualClock } from '../../src/clock';
import type { AskContext } from '../../src/answers/question-log';
import type { Lore } from '../../src/lore';
import { DAY_MS } from '../../src/upkeep/as-of';
import { articleInput, BASE, seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const VPN = BASE[0]!;
const at = (asker: string, platform = 'slack', place = `C1:${asker}.1`): AskContext => ({ workspace: 'T1', platform, asker, place });

function editVpn(lore: Lore, body: string, by = 'editor'): void {
  lore.knowledge.save(articleInput({ ...VPN, body }), '', { by, reason: 'edit' });
}

describe('Notices', () => {
  const sandbox = useSandbox();

  function setUp() {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore);
    return { clock, lore };
  }

  it('tells everyone who got the article as an answer in the last 30 days, once, in the place they asked, after a substantial edit', () => {
    const { clock, lore } = setUp();
    lore.answerer.ask('Connect to the VPN from home', at('U-old'));
    clock.advance(10 * DAY_MS);
    lore.answerer.ask('Connect to the VPN from home', at('U1'));
    lore.answerer.ask('vpn will not connect', at('U1', 'slack', 'C2:9.9'));
    lore.answerer.ask('Connect to the VPN from home', at('U2', 'teams', '19:chat'));
    lore.answerer.ask('Reset a forgotten password', at('U3'));
    lore.answerer.ask('zxqv blorf wibble', at('U4'));
    lore.answerer.ask('Connect to the VPN from home', { ...at('U5'), isEval: true });
    clock.advance(25 * DAY_MS);

    editVpn(lore, 'The VPN moved to Zscaler. Open the Zscaler app, choose Sign in with SSO, and approve the push on your phone. GlobalProtect no longer works.');

    const slack = lore.upkeep.notices.due('slack');
    expect(slack).toEqual([
      {
        id: expect.any(Number),
        platform: 'slack',
        workspace: 'T1',
        place: 'C2:9.9',
        questionId: expect.any(Number),
        asker: 'U1',
        articleId: 'vpn-home',
        articleTitle: 'Connect to the VPN from home',
        askedAt: START + 10 * DAY_MS,
        askedOn: '2025-01-25',
        reason: 'edited',
        text: 'The answer you got on 2025-01-25 ("Connect to the VPN from home") has changed since: please read it again.',
      },
    ]);
    expect(lore.upkeep.notices.due('teams')).toEqual([expect.objectContaining({ asker: 'U2', place: '19:chat', reason: 'edited' })]);

    // Once: scanning again, or a second process scanning, queues nothing new; sent notices are not due again.
    expect(lore.upkeep.notices.scan()).toBe(0);
    expect(lore.upkeep.notices.markSent(slack[0]!.id)).toBe(true);
    expect(lore.upkeep.notices.markSent(slack[0]!.id)).toBe(false);
    expect(lore.upkeep.notices.due('slack')).toEqual([]);
  });

  it('lets one process at a time post a notice, and hands it on when that process fails or dies', () => {
    const { clock, lore } = setUp();
    lore.answerer.ask('Connect to the VPN from home', at('U1'));
    clock.advance(DAY_MS);
    editVpn(lore, 'The VPN moved to Zscaler. Open the Zscaler app, choose Sign in with SSO, and approve the push on your phone.');
    const other = sandbox.openLore({ clock });
    const [notice] = lore.upkeep.notices.due('slack');
    expect(other.upkeep.notices.due('slack')).toEqual([notice]);

    // Both read it as due; only the first claim wins, and a claimed notice is no longer due.
    expect(lore.upkeep.notices.claim(notice!.id)).toBe(true);
    expect(other.upkeep.notices.claim(notice!.id)).toBe(false);
    expect(other.upkeep.notices.due('slack')).toEqual([]);

    // A failed post gives it back at once.
    lore.upkeep.notices.release(notice!.id);
    expect(other.upkeep.notices.claim(notice!.id)).toBe(true);

    // A process that died holding it: the claim runs out and someone else posts it.
    clock.advance(9 * 60 * 1000);
    expect(lore.upkeep.notices.due('slack')).toEqual([]);
    clock.advance(60 * 1000);
    expect(lore.upkeep.notices.due('slack')).toEqual([notice]);
    expect(lore.upkeep.notices.claim(notice!.id)).toBe(true);
    expect(lore.upkeep.notices.markSent(notice!.id)).toBe(true);
    expect(other.upkeep.notices.claim(notice!.id)).toBe(false);
    expect(other.upkeep.notices.due('slack')).toEqual([]);
  });

  it('stays quiet about a small edit, and about an edit to an article nobody got recently', () => {
    const { clock, lore } = setUp();
    lore.answerer.ask('Connect to the VPN from home', at('U1'));
    clock.advance(DAY_MS);
    editVpn(lore, `${VPN.body} Ask the help desk if it fails.`);
    expect(lore.upkeep.notices.due('slack')).toEqual([]);
    clock.advance(40 * DAY_MS);
    editVpn(lore, 'Completely different text about a new client and a new way to sign in with tokens.');
    expect(lore.upkeep.notices.due('slack')).toEqual([]);
  });

  it('tells people once more for each later change, and never the person who made it', () => {
    const { clock, lore } = setUp();
    lore.answerer.ask('Connect to the VPN from home', at('U1'));
    lore.answerer.ask('Connect to the VPN from home', at('editor'));
    clock.advance(DAY_MS);
    editVpn(lore, 'First rewrite: use the Zscaler app and sign in with SSO.');
    clock.advance(DAY_MS);
    lore.knowledge.setStatus('vpn-home', 'archived', { by: 'lead', reason: 'archive' });

    const notes = lore.upkeep.notices.due('slack');
    expect(notes.map((n) => [n.asker, n.reason])).toEqual([
      ['U1', 'edited'],
      ['editor', 'archived'],
      ['U1', 'archived'],
    ]);
    expect(notes[2]!.text).toBe('The answer you got on 2025-01-15 ("Connect to the VPN from home") has been withdrawn and may no longer be right: please ask again.');
  });

  it('tells the people who got an article when it starts failing, once, and again only if it fails anew', () => {
    const { clock, lore } = setUp();
    lore.answerer.ask('Add an office printer', at('U-happy'));
    clock.advance(DAY_MS);
    const voters = ['V1', 'V2', 'V3', 'V4', 'V5'];
    for (const voter of voters) {
      const reply = lore.answerer.ask('Add an office printer', at(voter));
      lore.votes.cast({ questionId: reply.questionId, articleId: 'printer-add', voter, value: -1 });
    }
    const notes = lore.upkeep.notices.due('slack');
    expect(notes.map((n) => n.asker).sort()).toEqual(['U-happy', ...voters]);
    expect(notes.every((n) => n.reason === 'failing' && n.articleId === 'printer-add')).toBe(true);
    expect(lore.upkeep.notices.scan()).toBe(0);

    // People change their minds: it recovers; then it fails again, which is news again.
    clock.advance(DAY_MS);
    const vote = (voter: string, value: 1 | -1) => {
      const reply = lore.answerer.ask('Add an office printer', at(voter));
      lore.votes.cast({ questionId: reply.questionId, articleId: 'printer-add', voter, value });
    };
    for (const voter of ['W1', 'W2', 'W3', 'W4']) vote(voter, 1);
    expect(lore.upkeep.notices.scan()).toBe(0);
    clock.advance(DAY_MS);
    for (const voter of ['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'X8', 'X9', 'X10', 'X11', 'X12']) vote(voter, -1);
    expect(lore.upkeep.notices.scan()).toBe(1 + voters.length + 4 + 12);
  });
});
