import { ManualClock } from '../../src/clock';
import { SourceSync } from '../../src/sources/source-sync';
import { START, useSandbox } from '../helpers/sandbox';
import { recordingSleep } from './support/stand-in-server';
import { type StandInArticle, startZendeskStandIn, type ZendeskStandIn } from './support/zendesk-stand-in';

const TOKEN = 'zd-api-token-not-real';
const BASIC = `Basic ${Buffer.from(`agent@acme.com/token:${TOKEN}`).toString('base64')}`;
const HOUR_S = 3600;
const startS = Math.floor(START / 1000);

const SSO: StandInArticle = {
  id: 360001,
  title: 'Sign in with SSO',
  section_id: 11,
  label_names: ['login'],
  updated_at: startS - 30 * 24 * HOUR_S,
  body: '<h2>Steps</h2><ol><li>Open <a href="https://acme.okta.com">Okta</a>.</li><li>Approve the push.</li></ol><pre><code>okta-verify --reset</code></pre><script>steal()</script><p>Still stuck? @here &lt;!channel&gt;</p>',
};

function article(id: number, section = 11, extra: Partial<StandInArticle> = {}): StandInArticle {
  return { id, title: `Article ${id}`, section_id: section, updated_at: startS - 10 * 24 * HOUR_S, body: `<p>Answer number ${id}.</p>`, ...extra };
}

describe('a Zendesk source', () => {
  const sandbox = useSandbox();
  let zendesk: ZendeskStandIn;

  beforeEach(async () => {
    zendesk = await startZendeskStandIn();
    zendesk.expectAuthorization(BASIC);
    zendesk.sections.set(11, 'Accounts & Login');
    zendesk.sections.set(12, 'Hardware');
  });
  afterEach(async () => {
    await zendesk.close();
  });

  function setUp(sections: string[] = []) {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sleeper = recordingSleep();
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env: { ZENDESK_TOKEN: TOKEN }, http: { sleep: sleeper.sleep, timeoutMs: 2000 } });
    sources.add('help', '', { kind: 'zendesk', url: zendesk.origin, sections, email: 'agent@acme.com', tokenEnv: 'ZENDESK_TOKEN' });
    return { clock, lore, sources, sleeper };
  }

  it('brings in the chosen sections in the locale, sections and labels as tags, HTML as Markdown without scripts or pings', async () => {
    zendesk.put(SSO);
    for (let id = 1; id <= 150; id++) zendesk.put(article(id, id % 3 === 0 ? 12 : 11));
    zendesk.put(article(900, 11, { draft: true }));
    zendesk.put(article(901, 11, { locale: 'de' }));
    const { lore, sources } = setUp(['11']);

    expect(await sources.sync('help')).toEqual({ added: 101, updated: 0, archived: 0, unchanged: 0, failed: 0, diverging: 0, failures: [] });
    // 101 articles of section 11 at 100 a page: the cursor's `links.next` was followed.
    expect(new Set(zendesk.requests.filter((r) => r.includes('/sections/11/articles.json'))).size).toBe(2);
    const sso = lore.knowledge.get('zendesk:360001')!;
    expect(sso).toMatchObject({ title: 'Sign in with SSO', tags: ['accounts-login', 'login'], sourceUrl: `${zendesk.origin}/hc/en-us/articles/360001-sign-in-with-sso` });
    expect(sso.body).toBe(['## Steps', '', '1. Open [Okta](https://acme.okta.com).', '2. Approve the push.', '', '```', 'okta-verify --reset', '```', '', 'Still stuck?'].join('\n'));
    expect(lore.knowledge.get('zendesk:3')).toBeUndefined();
    expect(lore.knowledge.get('zendesk:900')).toBeUndefined();
    expect(lore.knowledge.get('zendesk:901')).toBeUndefined();

    // Nothing changed since: the incremental export lists nothing, and nothing is written.
    const change = lore.knowledge.articles.lastChange();
    expect(await sources.sync('help')).toEqual({ added: 0, updated: 0, archived: 0, unchanged: 0, failed: 0, diverging: 0, failures: [] });
    expect(zendesk.requests.at(-1)).toMatch(/^\/api\/v2\/help_center\/incremental\/articles\.json\?start_time=\d+$/);
    expect(lore.knowledge.articles.lastChange()).toBe(change);
  });

  it('then syncs incrementally by updated_at, and lists in full once a day to see deletions', async () => {
    zendesk.put(SSO);
    for (let id = 1; id <= 5; id++) zendesk.put(article(id));
    const { clock, lore, sources } = setUp();
    expect(await sources.sync('help')).toMatchObject({ added: 6 });

    clock.advance(HOUR_S * 1000);
    const nowS = Math.floor(clock.now() / 1000);
    zendesk.put({ ...SSO, body: '<p>SSO moved to Microsoft Entra: use your Microsoft sign-in.</p>', updated_at: nowS - 60 });
    zendesk.put(article(6, 11, { updated_at: nowS - 50 }));
    zendesk.put(article(2, 11, { draft: true, updated_at: nowS - 40 }));
    zendesk.articles.delete(3);
    zendesk.incrementalPage = 1;
    const before = zendesk.requests.length;

    expect(await sources.sync('help')).toEqual({ added: 1, updated: 1, archived: 1, unchanged: 0, failed: 0, diverging: 0, failures: [] });
    const asked = zendesk.requests.slice(before);
    expect(new Set(asked.filter((r) => r.startsWith('/api/v2/help_center/incremental/articles.json?start_time='))).size).toBe(3);
    expect(asked.some((r) => r.startsWith('/api/v2/help_center/en-us/articles.json'))).toBe(false);
    expect(lore.knowledge.get('zendesk:360001')!.body).toBe('SSO moved to Microsoft Entra: use your Microsoft sign-in.');
    expect(lore.knowledge.get('zendesk:2')!.status).toBe('archived');
    // An incremental export cannot say what was deleted...
    expect(lore.knowledge.get('zendesk:3')!.status).toBe('published');

    // ...a full listing a day later can.
    clock.advance(24 * HOUR_S * 1000);
    expect(await sources.sync('help')).toMatchObject({ archived: 1, unchanged: 5 });
    expect(lore.knowledge.get('zendesk:3')!.status).toBe('archived');
  });

  it('accepts an OAuth token alone, honours Retry-After and retries 5xx', async () => {
    zendesk.expectAuthorization('Bearer oauth-123');
    for (let id = 1; id <= 250; id++) zendesk.put(article(id));
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sleeper = recordingSleep();
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env: { ZD_OAUTH: 'oauth-123' }, http: { sleep: sleeper.sleep } });
    sources.add('help', '', { kind: 'zendesk', url: zendesk.origin, tokenEnv: 'ZD_OAUTH' });
    zendesk.throttleEvery(2, '30');
    zendesk.fail({ status: 500 }, { status: 503 });
    expect(await sources.sync('help')).toMatchObject({ added: 250, failed: 0 });
    expect(sleeper.waits).toContain(30_000);
  });

  it('gives up on a Retry-After beyond the bound instead of hanging the sync', async () => {
    zendesk.put(SSO);
    const { sources } = setUp();
    zendesk.fail({ status: 429, retryAfter: '86400' });
    await expect(sources.sync('help')).rejects.toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('wait 86400 s') });
  });

  it('refuses a next link to another site, which would carry the credentials there', async () => {
    zendesk.put(SSO);
    const { sources } = setUp();
    zendesk.fail('pass', { status: 200, body: { articles: [], meta: { has_more: true }, links: { next: 'https://evil.example/api/v2/steal' } } });
    await expect(sources.sync('help')).rejects.toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('another site') });
  });
});
