import { ManualClock } from '../../src/clock';
import type { Lore } from '../../src/lore';
import { DAY_MS } from '../../src/upkeep/as-of';
import { BASE, seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const ids = (list: Array<{ id: string }>) => list.map((a) => a.id).sort();

/** Asks the article's title as `voter` and votes on the answer. */
function vote(lore: Lore, articleId: string, voter: string, value: 1 | -1): void {
  const title = lore.knowledge.get(articleId)!.title;
  const reply = lore.answerer.ask(title, { workspace: '', platform: 'slack', asker: voter });
  expect(reply.results[0]?.id).toBe(articleId);
  lore.votes.cast({ questionId: reply.questionId, articleId, voter, value });
}

describe('Reviews', () => {
  const sandbox = useSandbox();

  describe('stale articles', () => {
    it('become stale exactly when the default interval (90 days) has passed since they were created', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      seed(lore);
      const reviews = lore.upkeep.reviews;

      expect(reviews.stale({ asOf: START + 90 * DAY_MS - 1 })).toEqual([]);
      const due = reviews.stale({ asOf: START + 90 * DAY_MS });
      expect(ids(due)).toEqual(ids([...BASE] as Array<{ id: string }>));
      expect(due[0]).toEqual({
        id: expect.any(String),
        title: expect.any(String),
        owner: 'test',
        workspace: '',
        reviewDays: 90,
        lastVerified: '2025-01-15',
        verifiedBy: null,
        due: '2025-04-15',
        overdueDays: 0,
        source: null,
        sourceUrl: null,
      });
      expect(reviews.stale({ asOf: START + 100 * DAY_MS })[0]!.overdueDays).toBe(10);
      // The clock itself moving makes them stale too: the default as-of is now.
      clock.set(START + 91 * DAY_MS);
      expect(reviews.stale()).toHaveLength(BASE.length);
    });

    it("follows an article's own interval before its tags', and the strictest tag before the default", () => {
      const lore = sandbox.openLore();
      seed(lore);
      const reviews = lore.upkeep.reviews;
      reviews.setTagDays('', 'vpn', 30);
      reviews.setTagDays('', 'remote', 60);
      reviews.setTagDays('', 'printing', 20);
      reviews.setArticleDays('printer-add', 45);

      expect(ids(reviews.stale({ asOf: START + 29 * DAY_MS }))).toEqual([]);
      expect(reviews.stale({ asOf: START + 30 * DAY_MS })).toEqual([expect.objectContaining({ id: 'vpn-home', reviewDays: 30, due: '2025-02-14' })]);
      expect(ids(reviews.stale({ asOf: START + 45 * DAY_MS }))).toEqual(['printer-add', 'vpn-home']);
      expect(ids(reviews.stale({ asOf: START + 89 * DAY_MS }))).toEqual(['printer-add', 'vpn-home']);

      reviews.setArticleDays('printer-add', null);
      expect(ids(reviews.stale({ asOf: START + 20 * DAY_MS }))).toEqual(['printer-add']);
    });

    it("uses a workspace's own tag interval before the shared base's", () => {
      const lore = sandbox.openLore();
      seed(lore, [{ id: 't1-vpn', title: 'VPN for T1', body: 'Use the T1 gateway.', tags: ['vpn'] }], 'T1');
      lore.upkeep.reviews.setTagDays('', 'vpn', 60);
      lore.upkeep.reviews.setTagDays('T1', 'vpn', 10);
      expect(ids(lore.upkeep.reviews.stale({ asOf: START + 10 * DAY_MS, workspace: 'T1' }))).toEqual(['t1-vpn']);
      expect(lore.upkeep.reviews.stale({ asOf: START + 10 * DAY_MS, workspace: '' })).toEqual([]);
    });

    it('restarts the interval when someone verifies the article, and remembers who and when for answers', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      seed(lore);
      clock.set(START + 80 * DAY_MS);
      const verified = lore.upkeep.reviews.verify('vpn-home', 'grace');
      expect(verified).toMatchObject({ verifiedBy: 'grace', verifiedAt: START + 80 * DAY_MS });

      const asOf = START + 100 * DAY_MS;
      expect(ids(lore.upkeep.reviews.stale({ asOf }))).not.toContain('vpn-home');
      expect(lore.upkeep.reviews.stale({ asOf: START + 170 * DAY_MS }).find((a) => a.id === 'vpn-home')).toMatchObject({
        lastVerified: '2025-04-05',
        verifiedBy: 'grace',
        due: '2025-07-04',
      });
      // Before the verification happened, the article was (and is reported as) stale on its creation date.
      expect(ids(lore.upkeep.reviews.stale({ asOf: START + 79 * DAY_MS }))).toEqual([]);

      const reply = lore.answerer.ask('Connect to the VPN from home', { workspace: '', platform: 'slack', asker: 'U1' });
      expect(reply.results[0]).toMatchObject({ id: 'vpn-home', verifiedBy: 'grace', verifiedAt: START + 80 * DAY_MS });
    });

    it('leaves out drafts and archived articles, and articles created after the as-of day', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      seed(lore, BASE.slice(0, 2));
      lore.knowledge.setStatus('password-reset', 'archived', { by: 'test', reason: 'archive' });
      clock.advance(10 * DAY_MS);
      seed(lore, [BASE[2]!]);
      expect(ids(lore.upkeep.reviews.stale({ asOf: START + 95 * DAY_MS }))).toEqual(['vpn-home']);
    });
  });

  describe('failing articles', () => {
    it('appear after five people vote 👎 and nobody 👍, not after three, with their tally and bound', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      seed(lore);
      for (const voter of ['U1', 'U2', 'U3']) vote(lore, 'printer-add', voter, -1);
      expect(lore.upkeep.reviews.failing()).toEqual([]);

      clock.advance(DAY_MS);
      for (const voter of ['U4', 'U5']) vote(lore, 'printer-add', voter, -1);
      expect(lore.upkeep.reviews.failing()).toEqual([
        { id: 'printer-add', title: 'Add an office printer', owner: 'test', workspace: '', up: 0, down: 5, lowerBound: 0.566, source: null, sourceUrl: null },
      ]);
      // As of the day before the last two votes, it was not failing yet.
      expect(lore.upkeep.reviews.failing({ asOf: START + DAY_MS - 1 })).toEqual([]);
    });

    it('counts one vote per person (their latest), and recovers when people change their minds', () => {
      const lore = sandbox.openLore();
      seed(lore);
      for (const voter of ['U1', 'U2', 'U3', 'U4', 'U5']) vote(lore, 'printer-add', voter, -1);
      vote(lore, 'printer-add', 'U1', -1);
      expect(lore.upkeep.reviews.failing()).toHaveLength(1);
      for (const voter of ['U6', 'U7', 'U8']) vote(lore, 'printer-add', voter, 1);
      expect(lore.upkeep.reviews.failing()).toEqual([]);
    });
  });
});
