import { ManualClock } from '../../src/clock';
import { SourceSync } from '../../src/sources/source-sync';
import { DAY_MS } from '../../src/upkeep/as-of';
import { renderReportHtml } from '../../src/upkeep/report-html';
import { runLore } from '../helpers/run-lore';
import { START, useSandbox } from '../helpers/sandbox';

describe('the upkeep views and sources', () => {
  const sandbox = useSandbox();

  it('review, gaps and the report say which source an article comes from', async () => {
    sandbox.write('kb/vpn.md', '---\nid: vpn-home\ntitle: Connect to the VPN from home\nsource: https://git.example.com/kb/vpn.md\n---\nInstall GlobalProtect and sign in.\n');
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env: {} });
    sources.add('kb', '', { kind: 'folder', path: sandbox.file('kb') });
    await sources.sync('kb');
    lore.knowledge.save({ id: 'lunch', title: 'Order lunch for a meeting', body: 'Use the catering form.', tags: [], questions: [], learnedQuestions: [], mergedQuestions: [], status: 'published' }, '', { by: 'ada', reason: 'written in Lore' });
    clock.advance(100 * DAY_MS);
    for (const asker of ['U1', 'U2', 'U3']) lore.answerer.ask('vpn keeps dropping with error 809 on the hotel wifi', { workspace: '', platform: 'slack', asker });

    const stale = lore.upkeep.reviews.stale();
    expect(stale.find((a) => a.id === 'vpn-home')).toMatchObject({ source: 'kb', sourceUrl: 'https://git.example.com/kb/vpn.md' });
    expect(stale.find((a) => a.id === 'lunch')).toMatchObject({ source: null, sourceUrl: null });
    const gaps = lore.upkeep.gaps.list();
    expect(gaps).toEqual([expect.objectContaining({ nearest: { id: 'vpn-home', title: 'Connect to the VPN from home', source: 'kb' } })]);
    expect(renderReportHtml(lore.upkeep.report())).toContain('<small>from <a href="https://git.example.com/kb/vpn.md">kb</a></small>');

    const review = await runLore(['review', '--db', sandbox.dbFile], { env: {} });
    expect(review.stdout).toMatch(/vpn-home .*, from kb \(https:\/\/git\.example\.com\/kb\/vpn\.md\)/);
  });
});
