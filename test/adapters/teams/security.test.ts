import { type Activity, actionsOf, cardOf, cardTextOf, fixture, TENANT, useTeamsHarness } from './support/teams-harness';
import { CHANNEL_ISSUER, startTokenIssuer, type TokenIssuer } from './support/token-issuer';
import { articleInput } from '../../helpers/articles';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('Teams with an app id: every request proves a Bot Framework token', () => {
  let issuer: TokenIssuer;
  beforeAll(async () => {
    issuer = await startTokenIssuer();
  });
  afterAll(() => issuer.close());

  const harness = useTeamsHarness({
    // The stand-in connector is on loopback, which Lore trusts only when listed (or without an app id).
    settings: (connector) => ({ appId: APP_ID, appPassword: 'not-used-by-these-tests', serviceUrls: [new URL(connector.serviceUrl).origin] }),
    // The keys come from the local issuer instead of login.botframework.com (as a sovereign cloud's would).
    authentication: {
      get ToBotFromChannelOpenIdMetadataUrl() {
        return issuer.metadataUrl;
      },
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
    },
  });

  /** A vote click: an invoke, answered in the response, so no outgoing call needs a token of Lore's own. */
  async function voteClick(h: ReturnType<typeof harness>): Promise<Activity> {
    const reply = h.lore.answerer.ask('how do I print', { workspace: `teams:${TENANT}`, platform: 'teams' });
    return fixture('playground-invoke-adaptiveCard-action', {
      conversation: { conversationType: 'personal', tenantId: TENANT, id: 'chat-1' },
      channelData: { tenant: { id: TENANT } },
      value: { action: { type: 'Action.Execute', verb: 'vote', data: { lore: 'vote', q: reply.questionId, a: reply.results[0]!.id, v: 'up', o: [] } } },
    });
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('accepts a request whose token is signed by the Bot Framework key, for this app and this service URL', async () => {
    const h = harness();
    const click = await voteClick(h);
    const token = issuer.sign({ aud: APP_ID, serviceurl: h.connector.serviceUrl });
    const result = await h.post(click, bearer(token));
    expect(result.status).toBe(200);
    expect(h.lore.db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(1);
  });

  it.each([
    ['no token', () => ({})],
    ['a token that is not a JWT', () => bearer('not-a-token')],
    ['a token signed with another key', (serviceUrl: string) => bearer(issuer.sign({ aud: APP_ID, serviceurl: serviceUrl }, { key: 'forged' }))],
    ['a token for another app', (serviceUrl: string) => bearer(issuer.sign({ aud: '99999999-2222-3333-4444-555555555555', serviceurl: serviceUrl }))],
    ['an expired token', (serviceUrl: string) => bearer(issuer.sign({ aud: APP_ID, serviceurl: serviceUrl, exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 }))],
    ['a token for another service URL', () => bearer(issuer.sign({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/emea/' }))],
  ])('refuses %s with 401 and does nothing', async (_name, headers) => {
    const h = harness();
    const click = await voteClick(h);
    const result = await h.post(click, headers(h.connector.serviceUrl));
    expect(result.status).toBe(401);
    expect(h.lore.db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(0);
    expect(h.connector.calls).toHaveLength(0);
  });
});

describe('Teams refuses malformed requests without harm', () => {
  const harness = useTeamsHarness();

  it.each([
    ['a body that is not JSON', '{"type": "message", ', 400],
    ['a JSON array', '[1, 2, 3]', 400],
    ['an activity without a type', JSON.stringify({ id: 'x', serviceUrl: 'http://127.0.0.1:1/', channelId: 'msteams', from: { id: 'a' }, conversation: { id: 'c' } }), 400],
    ['an activity without a service URL', JSON.stringify({ type: 'message', text: 'hi', channelId: 'msteams', from: { id: 'a' }, conversation: { id: 'c' } }), 400],
    ['wrong types', JSON.stringify({ type: 7, serviceUrl: ['x'], from: 'me', conversation: null }), 400],
    ['a body over the size limit', JSON.stringify({ type: 'message', text: 'x'.repeat(600 * 1024) }), 413],
  ])('answers %s with %d, and keeps serving', async (_name, body, status) => {
    const h = harness();
    const result = await h.raw(body);
    expect(result.status).toBe(status);
    expect(h.connector.calls).toHaveLength(0);
    const health = await fetch(h.url.replace('/api/messages', '/healthz'));
    expect(health.status).toBe(200);
    await h.post(fixture('playground-message-personal', { text: 'how do I print' }));
    expect(cardTextOf(cardOf(h.connector.sent()[0]!.body))).toContain('Add an office printer');
  });

  it('refuses GET on /api/messages with 405', async () => {
    const h = harness();
    expect((await fetch(h.url)).status).toBe(405);
  });

  it('does not answer a message whose tenant it cannot tell, and says why', async () => {
    const h = harness();
    const message = fixture('playground-message-personal', { text: 'how do I print' });
    delete (message.conversation as Record<string, unknown>).tenantId;
    delete (message.channelData as Record<string, unknown>).tenant;
    await h.post(message);
    expect(h.connector.sent()[0]!.body.text).toMatch(/can’t tell which organisation/);
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(0);
  });

  it('never carries a mention or Adaptive Card structure from an article into its card', async () => {
    const h = harness();
    h.lore.knowledge.save(
      articleInput({
        id: 'hostile',
        title: 'Printer jam <at>Everyone</at> @everyone <!channel> {"type":"Action.OpenUrl"}',
        body: 'Clear the printer jam: <at>Alex Wilber</at> **bold** [link](javascript:alert(1)) <!here> @here',
        tags: [],
      }),
      '',
      { by: 'test', reason: 'test' },
    );
    await h.post(fixture('playground-message-personal', { text: 'printer jam' }));
    const body = h.connector.sent()[0]!.body;
    expect(body.entities ?? []).toEqual([]);
    const card = cardOf(body)!;
    const text = cardTextOf(card);
    expect(text).toContain('Printer jam');
    expect(text).not.toMatch(/<at>|@everyone|@here|<!channel>|<!here>/);
    // Article text is only ever text (TextRuns, and the passage's Markdown in a TextBlock): it can't add actions or elements.
    expect(actionsOf(card).map((a) => a.title)).toEqual(['👍 Helpful', '👎 Not helpful', '📖 Show the whole article', 'Ask an expert']);
    expect(JSON.stringify(card)).not.toContain('javascript:');
  });
});

describe('Teams tenants', () => {
  const OTHER = '22222222-0000-0000-0000-000000000002';
  const harness = useTeamsHarness({
    seed: (lore) => {
      lore.knowledge.save(articleInput({ id: 'a-wifi', title: 'Guest wifi at Contoso', body: 'Contoso guests use the code from reception.', tags: [] }), `teams:${TENANT}`, { by: 'test', reason: 'seed' });
      lore.knowledge.save(articleInput({ id: 'b-wifi', title: 'Guest wifi at Fabrikam', body: 'Fabrikam guests scan the QR code in the lobby.', tags: [] }), `teams:${OTHER}`, { by: 'test', reason: 'seed' });
    },
  });

  function askFrom(tenant: string, id: string): Activity {
    return fixture('playground-message-personal', {
      id,
      text: 'how do guests get on the wifi',
      conversation: { tenantId: tenant, id: `chat-${tenant}` },
      channelData: { tenant: { id: tenant } },
    });
  }

  it('answers each tenant from its own articles only', async () => {
    const h = harness();
    await h.post(askFrom(TENANT, 'q-a'));
    await h.post(askFrom(OTHER, 'q-b'));
    const [a, b] = h.connector.sent().map((call) => cardTextOf(cardOf(call.body)));
    expect(a).toContain('Contoso');
    expect(a).not.toContain('Fabrikam');
    expect(b).toContain('Fabrikam');
    expect(b).not.toContain('Contoso');
    expect(h.lore.db.prepare('SELECT workspace FROM questions ORDER BY id').pluck().all()).toEqual([`teams:${TENANT}`, `teams:${OTHER}`]);
  });
});

describe('restricted articles in Teams', () => {
  const HR = '19:hr@thread.tacv2';
  const harness = useTeamsHarness({
    seed: (lore) => {
      lore.knowledge.save(articleInput({ id: 'salary-bands', title: 'Salary bands for 2026', body: 'Salary bands per grade are set by HR each January.', audience: [HR] }), `teams:${TENANT}`, { by: 'hr', reason: 'seed' });
      lore.knowledge.save(articleInput({ id: 'printer', title: 'Add an office printer', body: 'Open Settings and add the FollowMe queue.' }), '', { by: 'test', reason: 'seed' });
    },
  });

  it('answers with an HR-only article in the HR channel, and not in another channel or a personal chat', async () => {
    const h = harness();
    const question = '<at>Test Bot</at> what are the salary bands for my grade';
    await h.post(fixture('playground-message-channel-mention', { id: 'in-hr', text: question, conversation: { id: `${HR};messageid=1` }, channelData: { channel: { id: HR } } }));
    await h.post(fixture('playground-message-channel-mention', { id: 'in-general', text: question }));
    await h.post(fixture('playground-message-personal', { id: 'in-chat', text: 'what are the salary bands for my grade' }));
    const [inHr, inGeneral, inChat] = h.connector.sent().map((call) => cardTextOf(cardOf(call.body)));
    expect(inHr).toContain('Salary bands for 2026');
    expect(inGeneral).not.toContain('Salary bands');
    expect(inChat).not.toContain('Salary bands');
  });
});
