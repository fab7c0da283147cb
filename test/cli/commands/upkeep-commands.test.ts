import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';
import { DAY_MS, dayOf, isoWeek } from '../../../src/upkeep/as-of';
import { asOfFor, buildHistory, dayAfter, recentStart } from '../../upkeep/history';

// Commands run on the real clock, and a Lore opened on it purges questions older than a
// year: the history ends in the last weeks.
const START = recentStart();
const AS_OF = dayOf(asOfFor(START));
const day = (days: number) => dayAfter(START, days);

describe('lore review, gaps, trends, verify, owners', () => {
  const sandbox = useSandbox();
  const lore = (...args: string[]) => runLore([...args, '--db', sandbox.dbFile]);

  beforeEach(() => {
    buildHistory((clock) => sandbox.openLore({ clock }), START).close();
  });

  it('review --json prints {stale, failing} with exactly the documented fields', async () => {
    const run = await lore('review', '--json', '--as-of', AS_OF);
    expect(run.code).toBe(0);
    const json = run.lastJson<{ stale: Array<Record<string, unknown>>; failing: Array<Record<string, unknown>> }>();
    expect(Object.keys(json)).toEqual(['stale', 'failing']);
    // Finance articles are reviewed every 30 days; the others (90 days) are not due yet.
    expect(json.stale).toEqual([
      { id: 'expense-claim', title: 'Submit an expense claim', owner: 'test', workspace: '', reviewDays: 30, lastVerified: day(0), verifiedBy: null, due: day(30), overdueDays: 20, source: null, sourceUrl: null },
    ]);
    expect(json.failing).toEqual([{ id: 'printer-add', title: 'Add an office printer', owner: 'test', workspace: '', up: 0, down: 5, lowerBound: 0.566, source: null, sourceUrl: null }]);

    const earlier = (await lore('review', '--json', '--as-of', day(29))).lastJson<{ stale: unknown[]; failing: unknown[] }>();
    expect(earlier).toEqual({ stale: [], failing: [] });
  });

  it('gaps --json prints {gaps: [{topic, count, examples, owner, due, …}]}', async () => {
    const run = await lore('gaps', '--json', '--as-of', AS_OF);
    expect(run.code).toBe(0);
    const { gaps } = run.lastJson<{ gaps: Array<Record<string, unknown>> }>();
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps) expect(Object.keys(gap)).toEqual(['topic', 'count', 'examples', 'owner', 'due', 'workspace', 'asked', 'lastAsked', 'nearest']);
    expect(gaps[0]).toMatchObject({ topic: expect.stringContaining('printer'), count: 5, examples: ['Add an office printer'], due: day(42) });
    expect(gaps.find((g) => String(g.topic).includes('leave'))).toMatchObject({ count: 4, due: day(7) });
    expect(gaps.find((g) => String(g.topic).includes('wifi'))).toMatchObject({ count: 2, examples: ['guest wifi for visitors', '<i>guest wifi</i> for "visitors" & contractors?'] });
  });

  it('trends --json prints {asOf, weeks, tags, rising}', async () => {
    const run = await lore('trends', '--json', '--as-of', AS_OF, '--weeks', '4');
    expect(run.code).toBe(0);
    const json = run.lastJson<{ asOf: string; weeks: Array<Record<string, unknown>>; tags: unknown[]; rising: unknown[] }>();
    expect(Object.keys(json)).toEqual(['asOf', 'weeks', 'tags', 'rising']);
    expect(json.weeks.map((w) => w.week)).toEqual([28, 35, 42, 49].map((days) => isoWeek(START + days * DAY_MS)));
    expect(Object.keys(json.weeks[0]!)).toEqual(['week', 'start', 'questions', 'answered', 'answerRate', 'up', 'down', 'helpfulness']);
    expect(json.rising).toEqual([
      { topic: 'remote', recent: 6, usual: 0, factor: null, since: day(47) },
      { topic: 'vpn', recent: 6, usual: 0, factor: null, since: day(47) },
    ]);
    const human = await lore('trends', '--as-of', AS_OF);
    expect(human.stdout).toContain(`rising: vpn questions 6, new since ${day(47)}`);
  });

  it('refuses a malformed --as-of with a usage error (exit 2) that shows the format', async () => {
    const run = await lore('review', '--json', '--as-of', '6/3/2025');
    expect(run.code).toBe(2);
    expect(run.lastJson()).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('YYYY-MM-DD') } });
  });

  it('verify restarts the review clock; owners hands articles over and lists queues', async () => {
    const verified = await lore('verify', 'expense-claim', '--by', 'grace', '--json');
    expect(verified.lastJson()).toEqual({ verified: { id: 'expense-claim', title: 'Submit an expense claim', verifiedBy: 'grace', verifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });

    const queues = (await lore('owners', '--json', '--as-of', AS_OF)).lastJson<{ owners: Array<{ owner: string; stale: number; failing: number; gaps: number }> }>();
    expect(queues.owners.find((o) => o.owner === 'test')).toMatchObject({ stale: 1, failing: 1 });

    const gone = await lore('owners', '--gone', 'test', '--json');
    expect(gone.code).toBe(1);
    expect(gone.lastJson()).toEqual({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('--to PERSON') } });
    const moved = (await lore('owners', '--gone', 'test', '--to', 'helpdesk', '--json')).lastJson<{ to: string; articles: string[] }>();
    expect(moved.to).toBe('helpdesk');
    expect(moved.articles).toHaveLength(6);
    const review = (await lore('review', '--json', '--as-of', AS_OF)).lastJson<{ failing: Array<{ owner: string }> }>();
    expect(review.failing[0]!.owner).toBe('helpdesk');

    const interval = await lore('review', '--interval', '7', '--tag', 'Security', '--json');
    expect(interval.lastJson()).toEqual({ tag: 'security', workspace: '', reviewDays: 7 });
    const stale = (await lore('review', '--json', '--as-of', AS_OF)).lastJson<{ stale: Array<{ id: string }> }>();
    expect(stale.stale.map((a) => a.id)).toContain('evil');
  });
});
