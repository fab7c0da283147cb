import { ManualClock } from '../../src/clock';
import { SourceSync } from '../../src/sources/source-sync';
import { DAY_MS } from '../../src/upkeep/as-of';
import { runLore } from '../helpers/run-lore';
import { START, useSandbox } from '../helpers/sandbox';
import { type ConfluenceStandIn, type StandInPage, startConfluenceStandIn } from './support/confluence-stand-in';
import { recordingSleep } from './support/stand-in-server';

const TOKEN = 'ATATT3xFfGF0-not-a-real-token';
const BASIC = `Basic ${Buffer.from(`ada@example.com:${TOKEN}`).toString('base64')}`;

const RESET: StandInPage = {
  id: '393219',
  space: 'IT',
  title: 'Reset a forgotten password',
  labels: ['password', 'accounts'],
  storage: [
    '<p>Go to <a href="https://id.example.com/reset">the reset page</a> and follow the steps.</p>',
    '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter>',
    '<ac:plain-text-body><![CDATA[kinit ada@EXAMPLE.COM && klist]]></ac:plain-text-body></ac:structured-macro>',
    '<ac:structured-macro ac:name="warning" ac:schema-version="1"><ac:rich-text-body><p>Never share the code you get by text.</p></ac:rich-text-body></ac:structured-macro>',
    '<table><tbody><tr><th>System</th><th>Where</th></tr><tr><td>Mail</td><td>Outlook</td></tr></tbody></table>',
  ].join(''),
};

function filler(id: number, space = 'IT', ancestors: string[] = []): StandInPage {
  return { id: String(id), space, title: `Page ${id} about topic ${id}`, storage: `<p>Body of page ${id}: step ${id * 7}.</p>`, ancestors };
}

describe('a Confluence source', () => {
  const sandbox = useSandbox();
  let wiki: ConfluenceStandIn;

  beforeEach(async () => {
    wiki = await startConfluenceStandIn();
    wiki.expectAuthorization(BASIC);
  });
  afterEach(async () => {
    await wiki.close();
  });

  function setUp(settings: { spaces?: string[]; under?: string; email?: string; tokenEnv?: string } = {}, env: Record<string, string> = { CONFLUENCE_TOKEN: TOKEN }) {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sleeper = recordingSleep();
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env, http: { sleep: sleeper.sleep, timeoutMs: 2000 } });
    sources.add('it-wiki', '', { kind: 'confluence', url: `${wiki.origin}/wiki`, spaces: settings.spaces ?? ['IT'], ...(settings.under ? { under: settings.under } : {}), email: settings.email ?? 'ada@example.com', tokenEnv: settings.tokenEnv ?? 'CONFLUENCE_TOKEN' });
    return { clock, lore, sources, sleeper };
  }

  it('brings in every page of the spaces across pages of results, as Markdown with code, panels, tables, links, labels and the page URL', async () => {
    wiki.put(RESET);
    for (let id = 1; id <= 60; id++) wiki.put(filler(id, id % 2 ? 'IT' : 'HR'));
    const { lore, sources } = setUp({ spaces: ['IT', 'HR'] });

    expect(await sources.sync('it-wiki')).toEqual({ added: 61, updated: 0, archived: 0, unchanged: 0, failed: 0, diverging: 0, failures: [] });
    // Two spaces of 31 and 30 pages at 25 a request: each followed through its `_links.next`.
    // (A request retried on a slow machine counts once.)
    expect(new Set(wiki.requests.filter((r) => r.startsWith('/wiki/rest/api/content?'))).size).toBe(4);
    const reset = lore.knowledge.get('confluence:IT:393219')!;
    expect(reset).toMatchObject({ title: 'Reset a forgotten password', tags: ['accounts', 'password'], sourceUrl: `${wiki.origin}/wiki/spaces/IT/pages/393219/Reset+a+forgotten+password` });
    expect(reset.body).toBe(
      [
        'Go to [the reset page](https://id.example.com/reset) and follow the steps.',
        '',
        '```bash',
        'kinit ada@EXAMPLE.COM && klist',
        '```',
        '',
        '> **Warning**',
        '>',
        '> Never share the code you get by text.',
        '',
        '| System | Where |',
        '| --- | --- |',
        '| Mail | Outlook |',
      ].join('\n'),
    );
    expect(lore.knowledge.get('confluence:HR:2')?.title).toBe('Page 2 about topic 2');

    const change = lore.knowledge.articles.lastChange();
    expect(await sources.sync('it-wiki')).toMatchObject({ added: 0, updated: 0, unchanged: 61, archived: 0 });
    expect(lore.knowledge.articles.lastChange()).toBe(change);
  });

  it('applies an edit at the source as a revision and archives a page deleted there', async () => {
    wiki.put(RESET);
    for (let id = 1; id <= 5; id++) wiki.put(filler(id));
    const { clock, lore, sources } = setUp();
    await sources.sync('it-wiki');
    clock.advance(DAY_MS);
    wiki.put({ ...RESET, storage: '<p>Passwords are now reset at the service desk only.</p>', labels: ['password'], version: 2 });
    wiki.pages.delete('3');
    expect(await sources.sync('it-wiki')).toMatchObject({ added: 0, updated: 1, archived: 1, unchanged: 4 });
    expect(lore.knowledge.get('confluence:IT:393219')).toMatchObject({ body: 'Passwords are now reset at the service desk only.', tags: ['password'], revision: 2 });
    expect(lore.knowledge.get('confluence:IT:3')?.status).toBe('archived');
  });

  it('--under takes the page and every page below it, whatever their space', async () => {
    wiki.put({ ...filler(100), title: 'Onboarding' });
    wiki.put(filler(101, 'IT', ['100']));
    wiki.put(filler(102, 'HR', ['100', '101']));
    wiki.put(filler(103));
    const { lore, sources } = setUp({ spaces: [], under: '100' });
    expect(await sources.sync('it-wiki')).toMatchObject({ added: 3 });
    expect(lore.knowledge.get('confluence:HR:102')).toBeDefined();
    expect(lore.knowledge.get('confluence:IT:103')).toBeUndefined();
    expect(wiki.requests.some((r) => r.startsWith('/wiki/rest/api/content/search?cql=ancestor%3D100'))).toBe(true);
  });

  it('waits out 429s as Retry-After says, retries 5xx, timeouts, dropped and cut-off answers, and finishes the sync', async () => {
    for (let id = 1; id <= 100; id++) wiki.put(filler(id));
    const { lore, sources, sleeper } = setUp();
    wiki.throttleEvery(4, '7');
    wiki.fail({ status: 503 }, 'hang', 'drop', 'truncate');
    expect(await sources.sync('it-wiki')).toMatchObject({ added: 100, failed: 0 });
    expect(sleeper.waits).toContain(7000);
    expect(lore.knowledge.articles.count()).toBe(100);
  });

  it('a source that keeps failing changes nothing; the next sync picks up from the start and completes', async () => {
    for (let id = 1; id <= 60; id++) wiki.put(filler(id));
    const { lore, sources } = setUp();
    await sources.sync('it-wiki');
    wiki.put({ ...filler(1), storage: '<p>Changed.</p>', version: 2 });
    wiki.pages.delete('2');
    // The second page of results never comes: nothing of the first is applied, nothing is archived.
    wiki.fail('pass', ...Array.from({ length: 6 }, () => ({ status: 500 })));
    const error = await sources.sync('it-wiki').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('it-wiki failed 6 times in a row (HTTP 500)') });
    expect(lore.knowledge.get('confluence:IT:1')!.body).toBe('Body of page 1: step 7.');
    expect(lore.knowledge.get('confluence:IT:2')!.status).toBe('published');
    expect(sources.list()[0]).toMatchObject({ error: expect.stringContaining('HTTP 500'), lastSyncAt: new Date(START).toISOString() });

    expect(await sources.sync('it-wiki')).toMatchObject({ updated: 1, archived: 1, unchanged: 58 });
    expect(sources.list()[0]!.error).toBeNull();
  });

  it('says which source refused its credentials, without printing the token', async () => {
    wiki.put(RESET);
    const { clock, lore, sources } = setUp({}, { CONFLUENCE_TOKEN: 'expired-token' });
    const error = await sources.sync('it-wiki').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_AUTH', message: expect.stringContaining('The source it-wiki refused') });
    expect((error as Error).message).not.toContain('expired-token');
    expect(sources.list()[0]!.error).toContain('HTTP 401');

    const unset = new SourceSync(lore.knowledge, lore.db, clock, { env: {} });
    await expect(unset.sync('it-wiki')).rejects.toMatchObject({ code: 'SOURCE_AUTH', message: expect.stringContaining('CONFLUENCE_TOKEN, which is not set') });
  });

  it('uses a Data Center personal access token as a bearer token', async () => {
    wiki.expectAuthorization('Bearer dc-pat-123');
    wiki.put(RESET);
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env: { DC_PAT: 'dc-pat-123' } });
    sources.add('dc', '', { kind: 'confluence', url: `${wiki.origin}/wiki`, spaces: ['IT'], tokenEnv: 'DC_PAT' });
    expect(await sources.sync('dc')).toMatchObject({ added: 1 });
  });

  it('strips scripts and neutralises pings in page bodies, so an answer never notifies a channel', async () => {
    wiki.put({
      id: '7',
      space: 'IT',
      title: 'Outage playbook',
      storage: '<p>Tell <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link> then post &lt;!channel&gt; and @here, or &lt;@U0123ABCD&gt;.</p><script>fetch("https://evil.example")</script><p><a href="javascript:alert(1)">status</a></p>',
    });
    const { lore, sources } = setUp();
    await sources.sync('it-wiki');
    const body = lore.knowledge.get('confluence:IT:7')!.body;
    expect(body).not.toMatch(/<!channel>|@here|<@U0123ABCD>|evil|javascript/);
    expect(body).toContain('status');

    // Hostile nesting is flattened, not followed down; a body too large to be an article fails that page alone.
    wiki.put({ id: '8', space: 'IT', title: 'Deep', storage: `${'<div>'.repeat(200_000)}bottom` });
    wiki.put({ id: '9', space: 'IT', title: 'Huge', storage: `<p>${'x'.repeat(2_500_000)}</p>` });
    expect(await sources.sync('it-wiki')).toMatchObject({ added: 1, unchanged: 1, failed: 1, failures: [{ origin: expect.stringContaining('/pages/9/'), reason: expect.stringContaining('could not be converted') }] });
    expect(lore.knowledge.get('confluence:IT:8')!.body).toBe('bottom');
  });

  it('syncs from the command line, the token read from the variable --token-env names', async () => {
    wiki.put(RESET);
    const db = ['--db', sandbox.dbFile];
    const env = { CONFLUENCE_TOKEN: TOKEN };
    const added = await runLore(['sources', 'add', 'confluence', 'it-wiki', '--url', `${wiki.origin}/wiki`, '--space', 'IT', '--email', 'ada@example.com', '--token-env', 'CONFLUENCE_TOKEN', '--json', '--create', ...db], { env });
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain(TOKEN);
    const synced = await runLore(['sources', 'sync', 'it-wiki', '--json', ...db], { env });
    expect(synced.lastJson()).toMatchObject({ added: 1, updated: 0, archived: 0, unchanged: 0, failed: 0 });
    const stored = sandbox.connect().prepare('SELECT * FROM sources').all();
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
    expect(JSON.stringify(stored)).toContain('CONFLUENCE_TOKEN');

    const refused = await runLore(['sources', 'sync', 'it-wiki', '--json', ...db], { env: { CONFLUENCE_TOKEN: 'wrong' } });
    expect(refused.code).toBe(1);
    expect(refused.lastJson()).toMatchObject({ error: { code: 'SOURCE_AUTH', message: expect.stringContaining('it-wiki') } });
    const listed = await runLore(['sources', 'list', '--json', ...db]);
    expect(listed.lastJson()).toMatchObject({ sources: [{ name: 'it-wiki', kind: 'confluence', articles: 1, error: expect.stringContaining('HTTP 401') }] });
  });
});
