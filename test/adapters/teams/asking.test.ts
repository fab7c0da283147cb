import { createLoreHttpServer } from '../../../adapters/http/lore-http-server';
import { createTeamsAdapter, MESSAGES_PATH } from '../../../adapters/teams/create-teams-adapter';
import { silentLogger } from '../../../src/logger';
import { actionsOf, cardOf, cardTextOf, fixture, TENANT, useTeamsHarness } from './support/teams-harness';

describe('asking Lore in Teams', () => {
  const harness = useTeamsHarness();

  it('answers a personal chat message with an Adaptive Card: the article, its snippet, verification, votes and Ask an expert', async () => {
    const h = harness();
    const result = await h.post(fixture('playground-message-personal', { text: 'how do I connect to the VPN from home?' }));

    expect(result.status).toBe(200);
    const [reply] = h.connector.sent();
    expect(reply!.conversationId).toBe('29d241e3-0d27-463c-b9d4-1e3567ee7e3b');
    expect(reply!.activityId).toBe('cdecfe4a-5481-40e1-b067-5147cc8aa7ee');
    const card = cardOf(reply!.body)!;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const text = cardTextOf(card);
    expect(text).toContain('Connect to the VPN from home');
    // The snippet shows why it matched: the question's words in bold.
    expect(JSON.stringify(card)).toMatch(/"type":"TextRun","text":"[^"]*vpn[^"]*","weight":"Bolder"/i);
    expect(text).toMatch(/Not yet verified/);
    const actions = actionsOf(card);
    expect(actions.map((a) => [a.type, a.title, a.verb])).toEqual([
      ['Action.Execute', '👍 Helpful', 'vote'],
      ['Action.Execute', '👎 Not helpful', 'vote'],
      ['Action.Submit', '📖 Show the whole article', undefined],
      ['Action.Execute', 'Ask an expert', 'expert'],
    ]);
    expect(actions[2]!.data).toEqual({ msteams: { type: 'task/fetch' }, lore: 'article', a: 'vpn-home' });
    // Older clients get Action.Submit with the same data.
    for (const action of actions.filter((a) => a.type === 'Action.Execute')) expect(action.fallback).toMatchObject({ type: 'Action.Submit', data: action.data });
    expect(actions[0]!.data).toMatchObject({ lore: 'vote', a: 'vpn-home', v: 'up' });

    const logged = h.lore.db.prepare('SELECT workspace, platform, asker, place, text FROM questions').all();
    expect(logged).toEqual([
      { workspace: `teams:${TENANT}`, platform: 'teams', asker: '00000000-0000-0000-0000-0000000000020', place: '29d241e3-0d27-463c-b9d4-1e3567ee7e3b', text: 'how do I connect to the VPN from home?' },
    ]);
  });

  it('answers a channel mention in its reply chain, with the mention stripped from the question', async () => {
    const h = harness();
    await h.post(fixture('playground-message-channel-mention', { text: '<at>Test Bot</at> where do I submit an expense claim?' }));

    const [reply] = h.connector.sent();
    expect(reply!.conversationId).toBe('team-id;messageid=1795437943405');
    expect(reply!.activityId).toBe('37362ca1-88ab-4c82-bb79-6637e044d9f4');
    expect(cardTextOf(cardOf(reply!.body))).toContain('Submit an expense claim');
    expect(h.lore.db.prepare('SELECT text FROM questions').pluck().all()).toEqual(['where do I submit an expense claim?']);
  });

  it('answers a mention in a group chat in that chat', async () => {
    const h = harness();
    await h.post(
      fixture('playground-message-channel-mention', {
        text: '<at>Test Bot</at> how do I print',
        conversation: { conversationType: 'groupChat', id: '19:group-chat-1@thread.v2' },
        channelData: { team: null, channel: null, teamsTeamId: null, teamsChannelId: null },
      }),
    );
    const [reply] = h.connector.sent();
    expect(reply!.conversationId).toBe('19:group-chat-1@thread.v2');
    expect(cardTextOf(cardOf(reply!.body))).toContain('Add an office printer');
  });

  it('says plainly when it does not know, offers an expert, and logs the gap', async () => {
    const h = harness();
    await h.post(fixture('playground-message-personal', { text: 'what is the wifi password for the cafeteria guests' }));

    const card = cardOf(h.connector.sent()[0]!.body)!;
    expect(cardTextOf(card)).toMatch(/I don't know that one yet/);
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Ask an expert']);
    expect(h.lore.db.prepare('SELECT decision FROM questions').pluck().all()).toEqual(['abstain']);
  });

  it('answers thanks in kind, with no buttons, and logs no question', async () => {
    const h = harness();
    await h.post(fixture('playground-message-personal', { text: 'Thank you so much!' }));
    const card = cardOf(h.connector.sent()[0]!.body)!;
    expect(cardTextOf(card)).toMatch(/You're welcome/);
    expect(actionsOf(card)).toEqual([]);
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(0);
  });

  it('explains how to ask when the message has no question in it', async () => {
    const h = harness();
    await h.post(fixture('playground-message-channel-mention', { text: '<at>Test Bot</at>' }));
    await h.post(fixture('playground-message-personal', { id: 'help-1', text: 'help' }));
    const texts = h.connector.sent().map((call) => call.body.text);
    expect(texts).toEqual([expect.stringMatching(/^Ask me a question/), expect.stringMatching(/^Ask me a question/)]);
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(0);
  });

  it('answers a message Teams delivers twice once', async () => {
    const h = harness();
    const message = fixture('playground-message-personal', { text: 'how do I print' });
    await h.post(message);
    await h.post(message);
    expect(h.connector.sent()).toHaveLength(1);
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(1);
  });

  it('answers a message once when Teams delivers it again to a restarted (or second) process on the same database', async () => {
    const h = harness();
    const message = fixture('playground-message-personal', { text: 'how do I print' });
    await h.post(message);
    // Another Lore process on the same file gets the repeat, as after a restart.
    const other = createTeamsAdapter({ lore: h.sandbox.openLore(), logger: silentLogger, settings: { appType: 'MultiTenant' } });
    const server = createLoreHttpServer({ routes: [other.route], health: () => ({}), logger: silentLogger });
    const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`http://127.0.0.1:${port}${MESSAGES_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...message, serviceUrl: h.connector.serviceUrl }),
      });
      await response.text();
      await other.idle();
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
    expect(h.connector.sent()).toHaveLength(1);
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(1);
  });

  it('remembers the conversation it was spoken to in, a channel by its own id', async () => {
    const h = harness();
    await h.post(fixture('playground-message-channel-mention', { text: '<at>Test Bot</at> how do I print', channelData: { channel: { id: '19:helpdesk@thread.tacv2', name: 'Help desk' } } }));
    const rows = h.lore.db.prepare('SELECT tenant_id, conversation_id, kind, team_id, name FROM teams_conversations').all();
    expect(rows).toEqual([{ tenant_id: TENANT, conversation_id: '19:helpdesk@thread.tacv2', kind: 'channel', team_id: 'team-id', name: 'Help desk' }]);
  });
});
