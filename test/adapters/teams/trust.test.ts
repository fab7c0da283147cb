import { createHmac } from 'node:crypto';
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
import { type LogEntry, recordingLogger } from '../../reliability/support/recording-logger';
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

describe('Teams tokens that can never be valid, and signing keys that cannot be fetched', () => {
  let issuer: TokenIssuer;
  let entries: LogEntry[];
  const clock = new ManualClock(Date.now());
  beforeEach(async () => {
    // A fresh metadata URL each time: botbuilder caches fetched keys per URL for the process.
    issuer = await startTokenIssuer({ failing: true });
    entries = [];
    clock.set(Date.now());
  });
  afterEach(() => issuer.close());

  const harness = useTeamsHarness({
    settings: (connector) => ({ appId: APP_ID, appPassword: 'not-used-by-these-tests', serviceUrls: [new URL(connector.serviceUrl).origin] }),
    authentication: {
      get ToBotFromChannelOpenIdMetadataUrl() {
        return issuer.metadataUrl;
      },
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
    },
    tokenClock: clock,
    logger: () => recordingLogger(entries),
  });

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = (serviceUrl: string, more: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, ...more };
  };
  const unsigned = (header: unknown, payload: unknown) => `${encode(header)}.${encode(payload)}`;
  const hs256 = (payload: unknown) => {
    const body = unsigned({ alg: 'HS256', typ: 'JWT', kid: 'lore-test-key' }, payload);
    return `${body}.${createHmac('sha256', 'guessed').update(body).digest('base64url')}`;
  };
  const errors = () => entries.filter((entry) => entry.level === 'error');

  function voteClick(h: ReturnType<typeof harness>) {
    const reply = h.lore.answerer.ask('how do I print', { workspace: `teams:${TENANT}`, platform: 'teams' });
    return fixture('playground-invoke-adaptiveCard-action', {
      conversation: { conversationType: 'personal', tenantId: TENANT, id: 'chat-1' },
      channelData: { tenant: { id: TENANT } },
      value: { action: { type: 'Action.Execute', verb: 'vote', data: { lore: 'vote', q: reply.questionId, a: reply.results[0]!.id, v: 'up', o: [] } } },
    });
  }

  function message(id: string) {
    return fixture('playground-message-personal', { id, text: 'how do I print' });
  }

  it.each([
    ['alg none', (url: string) => `${unsigned({ alg: 'none', typ: 'JWT' }, claims(url))}.`],
    ['alg none with a signature part', (url: string) => `${unsigned({ alg: 'none', typ: 'JWT', kid: 'lore-test-key' }, claims(url))}.c2ln`],
    ['HS256', (url: string) => hs256(claims(url))],
    ['RS256 without a key id', (url: string) => issuer.sign(claims(url), { kid: '' })],
    ['another app’s audience', (url: string) => issuer.sign(claims(url, { aud: '99999999-2222-3333-4444-555555555555' }))],
    ['an expired token', (url: string) => issuer.sign(claims(url, { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 }))],
  ])('refuses %s with 401, without looking up a key or logging an error', async (_name, token) => {
    const h = harness();
    const result = await h.post(message('never-valid'), { authorization: `Bearer ${token(h.connector.serviceUrl)}` });
    expect(result.status).toBe(401);
    expect(issuer.lookups).toBe(0);
    expect(errors()).toEqual([]);
    expect(h.connector.calls).toEqual([]);
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(0);
  });

  it('answers a well-formed token 503 with Retry-After while the keys cannot be fetched, logging once per failure streak', async () => {
    const h = harness();
    const statuses: number[] = [];
    const retryAfter: Array<string | null> = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.sign(claims(h.connector.serviceUrl))}` },
        body: JSON.stringify({ ...message(`m-${i}`), serviceUrl: h.connector.serviceUrl }),
      });
      statuses.push(response.status);
      retryAfter.push(response.headers.get('retry-after'));
      // Past the pause, the next request asks for the keys again, and fails again.
      clock.advance(60_000);
    }
    await h.teams.idle();
    expect(statuses).toEqual([503, 503, 503]);
    expect(retryAfter.every((value) => Number(value) > 0)).toBe(true);
    expect(issuer.lookups).toBe(3);
    expect(errors().map((entry) => entry.msg)).toEqual([expect.stringMatching(/signing keys/)]);
    expect(h.connector.calls).toEqual([]);

    // The keys come back: the next request is handled (a vote click: its answer needs no token of Lore's own), and the recovery is logged once.
    issuer.failing = false;
    const answered = await h.post(voteClick(h), { authorization: `Bearer ${issuer.sign(claims(h.connector.serviceUrl))}` });
    expect(answered.status).toBe(200);
    expect(h.lore.db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(1);
    expect(entries.filter((entry) => entry.msg?.includes('fetched again'))).toHaveLength(1);
    expect(errors()).toHaveLength(1);
  });

  it('does not ask for the keys again within the Retry-After pause', async () => {
    const h = harness();
    const post = () => h.post(message('m'), { authorization: `Bearer ${issuer.sign(claims(h.connector.serviceUrl))}` });
    expect((await post()).status).toBe(503);
    const lookups = issuer.lookups;
    expect((await post()).status).toBe(503);
    expect(issuer.lookups).toBe(lookups);
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
