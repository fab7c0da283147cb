import { ManualClock } from '../../src/clock';
import { SourceSync } from '../../src/sources/source-sync';
import { START, useSandbox } from '../helpers/sandbox';
import { type ConfluenceStandIn, startConfluenceStandIn } from './support/confluence-stand-in';

/**
 * 2,000 pages by default, to keep the default test run short on a shared machine; the
 * figures in docs/sources.md come from `SOURCES_PAGES=10000 SOURCES_TIMING=1 npx jest test/sources/large-space`.
 */
const PAGES = Number(process.env.SOURCES_PAGES) || 2_000;

describe(`a ${PAGES}-page Confluence space`, () => {
  const sandbox = useSandbox();
  let wiki: ConfluenceStandIn;

  beforeAll(async () => {
    wiki = await startConfluenceStandIn();
    wiki.maxLimit = 100;
    for (let id = 1; id <= PAGES; id++) {
      wiki.put({
        id: String(id),
        space: 'KB',
        title: `How to handle case ${id} of the ${['printer', 'vpn', 'laptop', 'badge', 'payroll'][id % 5]} queue`,
        labels: [['printer', 'vpn', 'laptop', 'badge', 'payroll'][id % 5]!],
        storage: `<p>When case ${id} comes in, check the ${id % 7} log first.</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[lore-check --case ${id}]]></ac:plain-text-body></ac:structured-macro><table><tr><th>Step</th><th>Who</th></tr><tr><td>${id}</td><td>desk</td></tr></table>`,
      });
    }
  });
  afterAll(async () => {
    await wiki.close();
  });

  it('syncs in full, then re-syncs without writing anything', async () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env: {} });
    sources.add('kb', '', { kind: 'confluence', url: `${wiki.origin}/wiki`, spaces: ['KB'] });
    let progress = 0;
    const t0 = performance.now();
    const first = await sources.sync('kb', { onProgress: (done) => (progress = done) });
    if (process.env.SOURCES_TIMING) console.log('first sync ms', performance.now() - t0);
    expect(first).toMatchObject({ added: PAGES, failed: 0 });
    expect(progress).toBe(PAGES);
    expect(lore.knowledge.index.size).toBe(PAGES);
    const change = lore.knowledge.articles.lastChange();
    const t1 = performance.now();
    expect(await sources.sync('kb')).toMatchObject({ added: 0, updated: 0, unchanged: PAGES });
    if (process.env.SOURCES_TIMING) console.log('re-sync ms', performance.now() - t1);
    expect(lore.knowledge.articles.lastChange()).toBe(change);
  }, 180_000);
});
