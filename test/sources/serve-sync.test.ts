import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';

describe('lore serve and sources', () => {
  const sandbox = useSandbox();

  it('syncs the sources when it starts, whichever adapters run', async () => {
    sandbox.write('handbook/laptop.md', '---\nid: laptop-swap\ntitle: Swap a broken laptop\n---\nBring it to the IT bar on floor 2.\n');
    const db = ['--db', sandbox.dbFile];
    expect((await runLore(['sources', 'add', 'folder', 'handbook', '--path', sandbox.file('handbook'), '--create', ...db])).code).toBe(0);

    const served = await runLore(['serve', ...db], { env: { LORE_ADAPTERS: 'console', LORE_SAMPLE_DIR: sandbox.file('no-sample') }, stdin: '' });
    expect(served.code).toBe(0);

    const listed = await runLore(['sources', 'list', '--json', ...db]);
    expect(listed.lastJson()).toMatchObject({ sources: [{ name: 'handbook', articles: 1, error: null, lastSyncAt: expect.any(String) }] });
  });
});
