import { createHmac } from 'node:crypto';
import { ManualClock } from '../../../src/clock';
import { type LogEntry, recordingLogger } from '../../reliability/support/recording-logger';
import { fixture, TENANT, useTeamsHarness } from './support/teams-harness';
import { CHANNEL_ISSUER, startTokenIssuer, type TokenIssuer } from './support/token-issuer';

const APP_ID = '11111111-2222-3333-4444-555555555555';

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
