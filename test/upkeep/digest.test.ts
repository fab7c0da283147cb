import { useSandbox } from '../helpers/sandbox';
import { AS_OF_MS, buildHistory } from './history';

describe('Upkeep.digest', () => {
  const sandbox = useSandbox();

  it("gives each owner their queue and the help desk the top gaps and the week's trends", () => {
    const lore = buildHistory((clock) => sandbox.openLore({ clock, fallbackOwner: 'helpdesk' }));
    const digest = lore.upkeep.digest({ asOf: AS_OF_MS, gaps: 2 });
    expect(digest.asOf).toBe('2025-03-06');
    const test = digest.owners.find((q) => q.owner === 'test')!;
    expect(test.stale.map((a) => a.id)).toEqual(['expense-claim']);
    expect(test.failing.map((a) => a.id)).toEqual(['printer-add']);
    // Gaps nothing is near go to the fallback owner, who gets a digest too.
    expect(digest.owners.find((q) => q.owner === 'helpdesk')!.gaps.map((g) => g.topic).join(' ')).toContain('parental');
    expect(digest.helpDesk.gaps).toHaveLength(2);
    expect(digest.helpDesk.lastWeek).toMatchObject({ week: '2025-W10', questions: 6 });
    expect(digest.helpDesk.rising.map((r) => r.topic)).toEqual(['remote', 'vpn']);
  });
});
