import { verifySlackRequest } from '@slack/bolt';
import { createSlackApp, EVENTS_PATH } from '../../../adapters/slack/create-slack-app';
import { silentLogger } from '../../../src/logger';
import { useSandbox } from '../../helpers/sandbox';
import { startFakeSlackApi } from './support/fake-slack-api';
import { fixture, fixtureText, mention } from './support/payloads';
import { request, sendSigned, signature } from './support/signed-request';
import { SECRET, useSlackHarness } from './support/slack-harness';

interface SigningVector {
  signing_secret: string;
  x_slack_request_timestamp: string;
  x_slack_signature: string;
}

describe('the Slack app over HTTP', () => {
  const harness = useSlackHarness();

  it('answers url_verification with the challenge', async () => {
    const { event } = harness();
    const response = await event({ token: 'x', challenge: 'c-123-challenge', type: 'url_verification' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'c-123-challenge' });
  });

  it('answers GET /healthz, and 404 elsewhere', async () => {
    const { base } = harness();
    const health = await request(`${base}/healthz`, { method: 'GET' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true, articles: 5 });
    expect((await request(`${base}/nowhere`, { method: 'GET' })).status).toBe(404);
  });

  it('refuses forged, unsigned, stale and altered requests with 401, and handles none of them', async () => {
    const { url, slack, raw } = harness();
    const body = JSON.stringify(mention('Reset a forgotten password'));
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const tenMinutesAhead = Math.floor(Date.now() / 1000) + 10 * 60;
    const refusals = await Promise.all([
      sendSigned(url, body, { secret: 'not-the-secret' }),
      sendSigned(url, body, { secret: SECRET, timestamp: hourAgo }),
      sendSigned(url, body, { secret: SECRET, timestamp: sixMinutesAgo }),
      sendSigned(url, body, { secret: SECRET, timestamp: tenMinutesAhead }),
      sendSigned(url, body, { secret: SECRET, signatureHeader: signature(SECRET, Math.floor(Date.now() / 1000), `${body} `) }),
      sendSigned(url, body, { secret: SECRET, signatureHeader: 'v1=abc' }),
      request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    await harness().app.idle();
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
    // The same body, signed now with the right secret, is answered.
    expect((await raw(body)).status).toBe(200);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('refuses malformed and huge payloads without harm: the next request is answered', async () => {
    const { raw, form, event, slack } = harness();
    const statuses = [
      (await raw('{"type": "event_callback", "event": ')).status,
      (await raw('{"type": "event_callback"}')).status,
      (await raw('{"type": "event_callback", "event": "not an object"}')).status,
      (await raw('[1, 2, 3]')).status,
      (await form('payload=%7Bnot%20json')).status,
      (await form(`payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: 'none' }))}`)).status,
      (await raw(JSON.stringify({ type: 'event_callback', team_id: 'T123ABC456', event_id: 'Ev1', event: { type: 'app_mention', text: 42 } }))).status,
    ];
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 200]);

    const huge = JSON.stringify(mention('x'.repeat(2 * 1024 * 1024)));
    const tooLarge = await raw(huge).catch((error: NodeJS.ErrnoException) => ({ status: error.code ?? 'error' }));
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(tooLarge.status);

    // Longer than any Slack message: acknowledged (Slack would retry otherwise) and ignored.
    expect((await event(mention('x'.repeat(200_000)))).status).toBe(200);
    expect(slack.callsTo('chat.postMessage')).toEqual([]);

    expect((await event(mention('Reset a forgotten password'))).status).toBe(200);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe("Slack's published signing example", () => {
  const sandbox = useSandbox();
  const vector = fixture<SigningVector>('slash_command.signing_vector.json');
  const body = fixtureText('slash_command.form.txt').replace(/\n$/, '');
  const timestamp = Number(vector.x_slack_request_timestamp);

  it('passes the verification the app uses, and fails with any change', () => {
    const verify = (changes: { body?: string; signature?: string; timestamp?: number; now?: number }) => () =>
      verifySlackRequest({
        signingSecret: vector.signing_secret,
        body: changes.body ?? body,
        headers: { 'x-slack-signature': changes.signature ?? vector.x_slack_signature, 'x-slack-request-timestamp': changes.timestamp ?? timestamp },
        nowMilliseconds: changes.now ?? (timestamp + 30) * 1000,
      });
    expect(verify({})).not.toThrow();
    expect(verify({ body: body.replace('roadrunner', 'coyote') })).toThrow(/signature mismatch/);
    expect(verify({ timestamp: timestamp + 1 })).toThrow(/signature mismatch/);
    expect(verify({ signature: vector.x_slack_signature.replace(/.$/, '0') })).toThrow(/signature mismatch/);
    expect(verify({ now: (timestamp + 3600) * 1000 })).toThrow(/stale/);
  });

  it('is accepted over HTTP by an app with that secret, at that time', async () => {
    const slack = await startFakeSlackApi();
    const lore = sandbox.openLore();
    const app = createSlackApp({ lore, logger: silentLogger, settings: { botToken: 'xoxb-vector', signingSecret: vector.signing_secret, apiUrl: slack.apiUrl, autoChannels: [] } });
    const { port } = await app.start({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${port}${EVENTS_PATH}`;
    const now = jest.spyOn(Date, 'now').mockReturnValue((timestamp + 30) * 1000);
    try {
      const send = (text: string) =>
        sendSigned(url, text, { secret: vector.signing_secret, timestamp, contentType: 'application/x-www-form-urlencoded', signatureHeader: vector.x_slack_signature });
      expect((await send(body)).status).toBe(200);
      expect((await send(body.replace('text=', 'text=x'))).status).toBe(401);
    } finally {
      now.mockRestore();
      await app.stop();
      await slack.close();
    }
  });
});
