import { chooseAdapters, createServeCommand } from '../../../adapters/serve-command';
import { chatCommand } from '../../../adapters/console/chat-command';
import { loadConfig } from '../../../src/config';
import { coreCommands } from '../../../src/cli/core-commands';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';
import { startFakeSlackApi } from './support/fake-slack-api';
import { request } from './support/signed-request';
import { freePort } from '../../helpers/free-port';

describe('lore serve with Slack', () => {
  const sandbox = useSandbox();
  const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: 'shh' };

  it('starts the adapters that have credentials, else the terminal chat, unless LORE_ADAPTERS says otherwise', () => {
    expect(chooseAdapters(loadConfig({}))).toEqual(['console']);
    expect(chooseAdapters(loadConfig(slackEnv))).toEqual(['slack']);
    expect(chooseAdapters(loadConfig({ ...slackEnv, LORE_ADAPTERS: 'console,slack' }))).toEqual(['console', 'slack']);
    expect(chooseAdapters(loadConfig({ ...slackEnv, LORE_ADAPTERS: 'console' }))).toEqual(['console']);
  });

  it('serves Slack on PORT until stopped, with the Web API at SLACK_API_URL', async () => {
    const slack = await startFakeSlackApi();
    const port = await freePort();
    let health: { status: number; body: string } | undefined;
    const serve = createServeCommand({
      untilStopped: async () => {
        health = await request(`http://127.0.0.1:${port}/healthz`, { method: 'GET' });
      },
    });
    try {
      const run = await runLore(['serve', '--db', sandbox.dbFile], {
        env: { ...slackEnv, SLACK_API_URL: slack.apiUrl, PORT: String(port), LORE_SAMPLE_DIR: sandbox.file('no-sample') },
        commands: [...coreCommands, chatCommand, serve],
      });
      // A server logs its start at info (JSON lines), never an error, and never the token.
      const logs = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(logs).toContainEqual(expect.objectContaining({ msg: 'Lore is listening', paths: ['/slack/events', '/healthz'] }));
      expect(logs.every((log) => log.level < 50)).toBe(true);
      expect(run.stderr).not.toContain('xoxb-serve');
      expect(run.code).toBe(0);
      expect(health?.status).toBe(200);
      expect(slack.callsTo('auth.test')).toEqual([expect.objectContaining({ token: 'xoxb-serve' })]);
      // Stopped: the port is free again.
      await expect(request(`http://127.0.0.1:${port}/healthz`, { method: 'GET' })).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await slack.close();
    }
  });

  it('serves the install path instead of checking a token when installing into many workspaces', async () => {
    const slack = await startFakeSlackApi();
    const port = await freePort();
    let install: { status: number; headers: Record<string, unknown> } | undefined;
    const serve = createServeCommand({
      untilStopped: async () => {
        install = await request(`http://127.0.0.1:${port}/slack/install`, { method: 'GET' });
      },
    });
    try {
      const run = await runLore(['serve', '--db', sandbox.dbFile], {
        env: {
          SLACK_CLIENT_ID: '1111.2222',
          SLACK_CLIENT_SECRET: 'client-secret',
          SLACK_STATE_SECRET: 'state-secret',
          SLACK_SIGNING_SECRET: 'shh',
          SLACK_API_URL: slack.apiUrl,
          PORT: String(port),
          LORE_SAMPLE_DIR: sandbox.file('no-sample'),
        },
        commands: [...coreCommands, chatCommand, serve],
      });
      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain('client-secret');
      expect(run.stderr).not.toContain('not supported');
      expect(install?.status).toBe(302);
      expect(String(install?.headers.location)).toContain('client_id=1111.2222');
      expect(slack.calls).toEqual([]);
    } finally {
      await slack.close();
    }
  });

  it('stops with a message that says what to do when Slack refuses the token', async () => {
    const slack = await startFakeSlackApi();
    slack.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    try {
      const run = await runLore(['serve', '--db', sandbox.dbFile], {
        env: { ...slackEnv, SLACK_API_URL: slack.apiUrl, PORT: String(await freePort()), LORE_SAMPLE_DIR: sandbox.file('no-sample') },
        commands: [...coreCommands, chatCommand, createServeCommand({ untilStopped: async () => undefined })],
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    } finally {
      await slack.close();
    }
  });
});
