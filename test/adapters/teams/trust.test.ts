import os from 'node:os';
import { isLoreError } from '../../../src/errors';
import { ManualClock } from '../../../src/clock';
import { UpkeepLoop } from '../../../adapters/common/upkeep-loop';
import { TeamsConversations } from '../../../adapters/teams/teams-conversations';
import { teamsUpkeepDelivery } from '../../../adapters/teams/upkeep-delivery';
import { silentLogger } from '../../../src/logger';
import { DAY_MS } from '../../../src/upkeep/as-of';
import { articleInput, BASE } from '../../helpers/articles';
import { chatCommand } from '../../../adapters/console/chat-command';
import { createServeCommand } from '../../../adapters/serve-command';
import { coreCommands } from '../../../src/cli/core-commands';
import { loadConfig } from '../../../src/config';
import { teamsSettingsFrom } from '../../../adapters/teams/teams-settings';
import { isTrustedServiceUrl } from '../../../adapters/teams/trusted-service-urls';
import { freePort } from '../../helpers/free-port';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';
import { type FakeConnector, startFakeConnector } from './support/fake-connector';
import { fixture, TENANT, useTeamsHarness } from './support/teams-harness';
import { CHANNEL_ISSUER, startTokenIssuer, type TokenIssuer } from './support/token-issuer';

const APP_ID = '11111111-2222-3333-4444-555555555555';

/** An address of this machine that is not loopback, standing for a server on another host; none on a machine without one. */
export function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('lore serve with Teams but no app id', () => {
  const sandbox = useSandbox();

  /** Whether a GET /healthz at `host` is answered while `lore serve` runs with `env`; and its log. */
  async function reachable(env: Record<string, string>, host: string | undefined) {
    const port = await freePort();
    const seen: { loopback?: number; outside?: number | string } = {};
    const serve = createServeCommand({
      untilStopped: async () => {
        seen.loopback = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
        if (host) seen.outside = await fetch(`http://${host}:${port}/healthz`).then((response) => response.status, (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed');
      },
    });
    const run = await runLore(['serve', '--db', sandbox.dbFile], { env: { LORE_ADAPTERS: 'teams', PORT: String(port), ...env }, commands: [...coreCommands, chatCommand, serve] });
    expect(run.code).toBe(0);
    const logs = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    return { seen, listening: logs.find((entry) => entry.msg === 'Lore is listening'), logs };
  }

  it('listens on loopback only, where it believes anyone', async () => {
    const host = outsideAddress();
    const { seen, listening } = await reachable({}, host);
    expect(listening).toEqual(expect.objectContaining({ host: '127.0.0.1' }));
    expect(seen.loopback).toBe(200);
    if (host) expect(seen.outside).toBe('ECONNREFUSED');
  });

  it('listens on every interface when LORE_ALLOW_ANONYMOUS_TEAMS=1, and warns', async () => {
    const host = outsideAddress();
    const { seen, listening, logs } = await reachable({ LORE_ALLOW_ANONYMOUS_TEAMS: '1' }, host);
    expect(listening).not.toHaveProperty('host');
    expect(logs).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/LORE_ALLOW_ANONYMOUS_TEAMS/) }));
    if (host) expect(seen.outside).toBe(200);
  });
});

describe('Teams without an app id replies only to services Lore trusts', () => {
  const harness = useTeamsHarness();
  let elsewhere: FakeConnector | undefined;
  afterEach(async () => {
    await elsewhere?.close();
    elsewhere = undefined;
  });

  it('refuses an activity whose serviceUrl is someone else’s server, and sends it nothing', async () => {
    const h = harness();
    const host = outsideAddress();
    elsewhere = host ? await startFakeConnector({ host }) : undefined;
    const serviceUrl = elsewhere?.serviceUrl ?? 'https://collector.invalid/';
    const result = await h.raw(JSON.stringify({ ...fixture('playground-message-personal', { text: 'how do I print' }), serviceUrl }));
    expect(result.status).toBe(403);
    expect(result.body).toEqual({ error: expect.stringMatching(/LORE_TEAMS_SERVICE_URLS/) });
    expect(elsewhere?.calls ?? []).toEqual([]);
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(0);
  });

  it.each([
    ['a look-alike of Microsoft’s host', 'https://smba.trafficmanager.net.collector.invalid/'],
    ['another name under trafficmanager.net', 'https://collector.trafficmanager.net/'],
    ['Microsoft’s host without TLS', 'http://smba.trafficmanager.net/amer/'],
    ['a URL with credentials', 'http://user:pass@127.0.0.1:9/'],
  ])('refuses %s', async (_name, serviceUrl) => {
    const h = harness();
    const result = await h.raw(JSON.stringify({ ...fixture('playground-message-personal', { text: 'how do I print' }), serviceUrl }));
    expect(result.status).toBe(403);
  });

  it('does not send proactively to a conversation whose serviceUrl it does not trust', async () => {
    const h = harness();
    let ran = false;
    const sending = h.teams.adapter.continueConversationAsync('', { serviceUrl: 'https://collector.invalid/', channelId: 'msteams', conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' } }, async () => {
      ran = true;
    });
    const refusal = await sending.then(() => undefined, (error: unknown) => error);
    expect(isLoreError(refusal, 'INVALID_INPUT')).toBe(true);
    expect(ran).toBe(false);
  });
});

describe('a conversation stored with a service URL Lore does not trust', () => {
  const harness = useTeamsHarness();

  it('gets no correction notice: it counts as undeliverable, and nothing is sent', async () => {
    const h = harness();
    await h.post(fixture('playground-message-channel-mention', { text: '<at>Test Bot</at> how do I connect to the VPN from home?' }));
    // As a row stored before service URLs were checked would be.
    h.lore.db.prepare("UPDATE teams_conversations SET reference = json_set(reference, '$.serviceUrl', 'https://collector.invalid/')").run();
    (h.lore.clock as ManualClock).advance(DAY_MS);
    h.lore.knowledge.save(articleInput({ ...BASE[0]!, body: 'The VPN moved to Zscaler. Open the Zscaler app and sign in with SSO.' }), '', { by: 'editor', reason: 'edit' });
    const before = h.connector.calls.length;
    const delivery = teamsUpkeepDelivery({ lore: h.lore, logger: silentLogger, adapter: h.teams.adapter, conversations: new TeamsConversations(h.lore) });
    const loop = new UpkeepLoop({ lore: h.lore, delivery, logger: silentLogger });

    expect(await loop.tick()).toEqual({ sent: 0, failed: 0, undeliverable: 1, digest: false });
    expect(h.connector.calls).toHaveLength(before);
  });
});

describe('Teams with an app id trusts Microsoft’s service URLs and those listed', () => {
  let issuer: TokenIssuer;
  beforeAll(async () => {
    issuer = await startTokenIssuer();
  });
  afterAll(() => issuer.close());

  const harness = useTeamsHarness({
    settings: { appId: APP_ID, appPassword: 'not-used-by-these-tests', serviceUrls: ['https://connector.contoso.example'] },
    authentication: {
      get ToBotFromChannelOpenIdMetadataUrl() {
        return issuer.metadataUrl;
      },
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
    },
  });

  it('refuses loopback, which only anonymous mode trusts, even with a valid token for it', async () => {
    const h = harness();
    const reply = h.lore.answerer.ask('how do I print', { workspace: `teams:${TENANT}`, platform: 'teams' });
    const click = fixture('playground-invoke-adaptiveCard-action', {
      conversation: { conversationType: 'personal', tenantId: TENANT, id: 'chat-1' },
      channelData: { tenant: { id: TENANT } },
      value: { action: { type: 'Action.Execute', verb: 'vote', data: { lore: 'vote', q: reply.questionId, a: reply.results[0]!.id, v: 'up', o: [] } } },
    });
    const result = await h.post(click, { authorization: `Bearer ${issuer.sign({ aud: APP_ID, serviceurl: h.connector.serviceUrl })}` });
    expect(result.status).toBe(403);
    expect(h.lore.db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(0);
  });
});

describe('LORE_TEAMS_SERVICE_URLS and LORE_ALLOW_ANONYMOUS_TEAMS', () => {
  it('keeps each listed service URL as its origin, and reads the switch', () => {
    const settings = teamsSettingsFrom(loadConfig({ LORE_ADAPTERS: 'teams', LORE_TEAMS_SERVICE_URLS: ' https://connector.contoso.example/teams/ , http://10.0.0.5:8080/x', LORE_ALLOW_ANONYMOUS_TEAMS: 'true' }));
    expect(settings).toEqual(expect.objectContaining({ serviceUrls: ['https://connector.contoso.example', 'http://10.0.0.5:8080'], anonymousOnEveryInterface: true }));
  });

  it.each([
    ['LORE_TEAMS_SERVICE_URLS', 'smba.example.net'],
    ['LORE_TEAMS_SERVICE_URLS', 'ftp://smba.example.net/'],
    ['LORE_ALLOW_ANONYMOUS_TEAMS', 'yes'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});

describe('isTrustedServiceUrl', () => {
  const withAppId = { anonymous: false, extra: ['https://connector.contoso.example'] };

  it.each([
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/teams/',
    'https://SMBA.TrafficManager.net/emea/',
    'https://smba.infra.gcc.teams.microsoft.com/teams',
    'https://smba.infra.gov.teams.microsoft.us/teams',
    'https://smba.infra.dod.teams.microsoft.us/teams',
    'https://webchat.botframework.com/',
    'https://directline.botframework.azure.us/',
    'https://connector.contoso.example/v3/',
  ])('trusts %s', (url) => {
    expect(isTrustedServiceUrl(url, withAppId)).toBe(true);
  });

  it.each([
    'https://smba.trafficmanager.net:8443/amer/',
    'https://evilbotframework.com/',
    'https://botframework.com.collector.invalid/',
    'https://connector.contoso.example:8443/',
    'http://127.0.0.1:3978/',
    'http://localhost/',
    'not a url',
    '',
  ])('does not trust %s with an app id', (url) => {
    expect(isTrustedServiceUrl(url, withAppId)).toBe(false);
  });

  it.each(['http://localhost:56150/_connector', 'http://127.0.0.1:9/', 'http://127.1:9/', 'http://[::1]:9/'])('trusts this machine, %s, only without an app id', (url) => {
    expect(isTrustedServiceUrl(url, { anonymous: true, extra: [] })).toBe(true);
    expect(isTrustedServiceUrl(url, { anonymous: false, extra: [] })).toBe(false);
  });
});
