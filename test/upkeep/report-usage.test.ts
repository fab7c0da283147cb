import { ManualClock } from '../../src/clock';
import { renderReportHtml } from '../../src/upkeep/report-html';
import { seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const DAY = 86_400_000;

describe('the report a lead shows their manager', () => {
  const sandbox = useSandbox();

  it('is blank before the first question, finds nothing rising on day one, and puts counts beside percentages', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore);
    const ask = (text: string, asker: string, place: string, platform = 'slack') => lore.answerer.ask(text, { workspace: '', platform, asker, place });
    for (let i = 0; i < 4; i++) {
      const reply = ask('vpn will not connect', `U${i}`, `C0VPN:170000000${i}.0001`);
      lore.feedback.vote({ questionId: reply.questionId, articleId: 'vpn-home', voter: `U${i}`, value: 1 });
    }
    const printer = ask('how do I print', 'U9', 'C0PRINT:1700000009.0001');
    lore.feedback.vote({ questionId: printer.questionId, articleId: printer.results[0]!.id, voter: 'U9', value: -1 });
    ask('Reset a forgotten password', 'ada', '19:abc@thread.tacv2', 'teams');

    const report = lore.upkeep.report();
    const weeks = report.trends.weeks;
    // Lore's first week is the last of eight: the seven before it had no question, so no rate.
    expect(weeks.slice(0, -1).every((w) => w.questions === 0 && w.answerRate === null)).toBe(true);
    expect(weeks.at(-1)).toMatchObject({ questions: 6, answered: 5, up: 4, down: 1 });
    expect(report.trends.rising).toEqual([]);

    expect(report.usage.mostUsed[0]).toEqual({ id: 'vpn-home', title: 'Connect to the VPN from home', answers: 4, up: 4, down: 0 });
    expect(report.usage.mostFailing).toEqual([expect.objectContaining({ id: printer.results[0]!.id, down: 1 })]);
    expect(report.usage.channels).toEqual([
      { platform: 'slack', channel: 'C0VPN', questions: 4, answered: 4 },
      { platform: 'slack', channel: 'C0PRINT', questions: 1, answered: 0 },
      { platform: 'teams', channel: '19:abc@thread.tacv2', questions: 1, answered: 1 },
    ]);

    const html = renderReportHtml(report);
    // The helpful share says how many votes it rests on; the answer rate how many questions.
    expect(html).toMatch(/>80%<\/span> <small><span[^>]*>4<\/span> 👍 <span[^>]*>1<\/span> 👎<\/small>/);
    expect(html).toMatch(/>83%<\/span> <small><span[^>]*>5<\/span> of <span[^>]*>6<\/span><\/small>/);
    expect(html).toContain('Answered, no person needed, this week');
    expect(html).toContain('<h2>Most-used articles</h2>');
    expect(html).toContain('<h2>Answers by platform and channel</h2>');
    // A week before the first question shows a dash, not 0%.
    expect(html).toContain(`<span data-json="trends.weeks.0.answerRate" data-value="null">—</span>`);

    // A week later the first week is history: a topic asked far more often now rises.
    clock.set(START + 7 * DAY);
    for (let i = 0; i < 4; i++) ask('how do I print', `P${i}`, 'C0PRINT:1700000100.0001');
    expect(lore.upkeep.report().trends.rising.map((r) => r.topic)).toContain('printing');
  });
});
