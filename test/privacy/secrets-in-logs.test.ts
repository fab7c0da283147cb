import { PassThrough } from 'node:stream';
import { createServeCommand } from '../../adapters/serve-command';
import { EVENTS_PATH } from '../../adapters/slack/create-slack-app';
import { coreCommands } from '../../src/cli/core-commands';
import { createLogger } from '../../src/logger';
import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';
import { type FakeSlackApi, startFakeSlackApi } from '../adapters/slack/support/fake-slack-api';
import { mention } from '../adapters/slack/support/payloads';
import { request, sendSigned } from '../adapters/slack/support/signed-request';
import { freePort } from '../helpers/free-port';

// Shaped like the real ones (built from parts so secret scanners leave this file alone); none is real.
const BOT_TOKEN = ['xoxb', '2718281828', '3141592653', 'Zq8XkP2mW9vB4nR7tY1uE6sA'].join('-');
const SIGNING_SECRET = ['8f742231b10e', '8888abcd99yy', 'yzzz85a5'].join('');
const CLIENT_SECRET = ['3c5e7a9b1d2f', '4a6c8e0b2d4f', '6a8c0e2b'].join('');
const STATE_SECRET = ['a-long-random', 'state-secret', '0f9e8d7c6b5a'].join('-');
const PASTED = ['xoxp', '1111111111', '2222222222', 'PastedUserTokenValue1'].join('-');
const SECRETS = [BOT_TOKEN, SIGNING_SECRET, CLIENT_SECRET, STATE_SECRET, PASTED];

function leaked(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

/**
 * Secrets never reach a log line or an error message: `lore serve` runs at the most
 * verbose level, with real-looking credentials, through the paths that log the most
 * (a forged request, a Web API failure, a refused token, a failed OAuth install).
 */
describe('secrets in logs and errors', () => {
  const sandbox = useSandbox();

  async function serve(env: Record<string, string>, whileServing: (base: string, slack: FakeSlackApi) => Promise<void>) {
    const slack = await startFakeSlackApi();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    try {
      const run = await runLore(['serve', '--db', sandbox.dbFile], {
        env: { LORE_LOG_LEVEL: 'trace', SLACK_API_URL: slack.apiUrl, PORT: String(port), LORE_SAMPLE_DIR: sandbox.file('no-sample'), ...env },
        commands: [...coreCommands, createServeCommand({ untilStopped: () => whileServing(base, slack) })],
      });
      return { run, slack };
    } finally {
      await slack.close();
    }
  }

  it('logs no token or secret while serving, on forged requests and on Web API failures', async () => {
    const { run, slack } = await serve({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }, async (base, api) => {
      const url = `${base}${EVENTS_PATH}`;
      // A forged signature, and one made with the secret but for another body.
      expect((await sendSigned(url, JSON.stringify(mention('hello')), { secret: 'wrong-secret' })).status).toBe(401);
      expect((await sendSigned(url, '{}', { secret: SIGNING_SECRET, signatureHeader: `v0=${'0'.repeat(64)}` })).status).toBe(401);
      // A question with a token pasted in it, answered.
      expect((await sendSigned(url, JSON.stringify(mention(`my token ${PASTED} gives invalid_auth, password: Hunter22!`)), { secret: SIGNING_SECRET })).status).toBe(200);
      await api.waitFor((call) => call.method === 'chat.postMessage');
      api.on('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
      // chat.postMessage now fails: the handler's error is logged with the Web API's answer.
      expect((await sendSigned(url, JSON.stringify(mention(`again ${PASTED}`)), { secret: SIGNING_SECRET })).status).toBe(200);
      let posts = 0;
      await api.waitFor((call) => call.method === 'chat.postMessage' && ++posts >= 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await request(`${base}/healthz`, { method: 'GET' })).status).toBe(200);
    });
    expect([run.code, run.stderr.split('\n').filter((line) => /"level":(50|60)/.test(line) && !/not_in_channel/.test(line))]).toEqual([0, []]);
    expect(slack.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(1);
    // The logs are rich (trace level, errors included), and carry none of the secrets.
    expect(run.stderr).toMatch(/not_in_channel/);
    expect(run.stderr.split('\n').length).toBeGreaterThan(5);
    expect(leaked(run.stderr + run.stdout)).toEqual([]);
    // The question was stored without the pasted token.
    const lore = sandbox.openLore();
    expect(leaked(JSON.stringify(lore.db.prepare('SELECT text FROM questions').all()))).toEqual([]);
  });

  it('says what to fix when Slack refuses the token, without the token', async () => {
    const slack = await startFakeSlackApi();
    slack.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    try {
      const run = await runLore(['serve', '--db', sandbox.dbFile, '--json'], {
        env: { LORE_LOG_LEVEL: 'trace', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(await freePort()), LORE_SAMPLE_DIR: sandbox.file('no') },
        commands: [...coreCommands, createServeCommand({ untilStopped: async () => undefined })],
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
      expect(leaked(run.stderr + run.stdout)).toEqual([]);
    } finally {
      await slack.close();
    }
  });

  it('logs no client or state secret when an OAuth install fails', async () => {
    const { run, slack } = await serve(
      { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET },
      async (base) => {
        const start = await request(`${base}/slack/install`, { method: 'GET' });
        const state = new URL(String(start.headers.location)).searchParams.get('state') ?? '';
        const cookie = String(start.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
        // Slack refuses the code; then a redirect with a forged state.
        const refused = await request(`${base}/slack/oauth_redirect?code=bad&state=${encodeURIComponent(state)}`, { method: 'GET', headers: { cookie } });
        expect(refused.status).toBeGreaterThanOrEqual(400);
        const forged = await request(`${base}/slack/oauth_redirect?code=bad&state=forged`, { method: 'GET' });
        expect(forged.status).toBeGreaterThanOrEqual(400);
        expect(leaked(refused.body + forged.body)).toEqual([]);
      },
    );
    expect(slack.callsTo('oauth.v2.access').length).toBe(1);
    expect(run.code).toBe(0);
    expect(leaked(run.stderr + run.stdout)).toEqual([]);
  });

  it('redacts pasted secrets and configured secrets wherever a log line carries them', () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const logger = createLogger('debug', out, { secrets: [SIGNING_SECRET] });
    const error = Object.assign(new Error(`request failed for ${BOT_TOKEN}`), { data: { headers: { authorization: `Bearer ${BOT_TOKEN}` } } });
    logger.child({ adapter: 'slack' }).error({ err: error, question: `use ${PASTED}`, nested: { deeper: [`secret ${SIGNING_SECRET}`] } }, `asked: password is Hunter22! ${PASTED}`);
    logger.info({ token: 'plain-field', signingSecret: SIGNING_SECRET }, 'fields named like secrets');
    const text = chunks.join('');
    expect(leaked(text)).toEqual([]);
    expect(text).not.toContain('Hunter22!');
    expect(text).not.toContain('plain-field');
    // The lines are still JSON with their message.
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; err?: { message: string } });
    expect(lines[0]!.msg).toBe('asked: password is [redacted] [redacted]');
    expect(lines[0]!.err?.message).toBe('request failed for [redacted]');
  });
});
