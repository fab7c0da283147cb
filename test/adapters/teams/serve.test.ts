import { chooseAdapters, createServeCommand } from '../../../adapters/serve-command';
import { chatCommand } from '../../../adapters/console/chat-command';
import { loadConfig } from '../../../src/config';
import { coreCommands } from '../../../src/cli/core-commands';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';
import { startFakeSlackApi } from '../slack/support/fake-slack-api';
import { startFakeConnector } from './support/fake-connector';
import { cardOf, cardTextOf, fixture } from './support/teams-harness';
import { freePort } from '../../helpers/free-port';

describe('lore serve with Teams', () => {
  const sandbox = useSandbox();
  const APP = { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'secret' };

  it('starts Teams when an app id is configured, or when LORE_ADAPTERS names it', () => {
    expect(chooseAdapters(loadConfig(APP))).toEqual(['teams']);
    expect(chooseAdapters(loadConfig({ ...APP, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toEqual(['slack', 'teams']);
    expect(chooseAdapters(loadConfig({ LORE_ADAPTERS: 'teams' }))).toEqual(['teams']);
  });

  it('refuses to start Teams with an app id but no password, naming the variable', async () => {
    const run = await runLore(['serve', '--db', sandbox.dbFile], { env: { MICROSOFT_APP_ID: APP.MICROSOFT_APP_ID, PORT: String(await freePort()) } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/MICROSOFT_APP_PASSWORD/);
  });

  it('serves Slack and Teams on one PORT, and on stopping finishes the request in flight before closing', async () => {
    const slack = await startFakeSlackApi();
    const connector = await startFakeConnector();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let inFlight: Promise<Response> | undefined;
    let slackHealth: number | undefined;
    const serve = createServeCommand({
      untilStopped: async () => {
        slackHealth = (await fetch(`${base}/healthz`)).status;
        // A slow connector: the Teams answer is still being sent when Lore is told to stop.
        const release = connector.hold();
        inFlight = fetch(`${base}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...fixture('playground-message-personal', { text: 'how do I connect to the VPN from home?' }), serviceUrl: connector.serviceUrl }),
        });
        try {
          await connector.waitForCalls(1, 30_000);
        } finally {
          setTimeout(release, 200);
        }
      },
    });
    try {
      const run = await runLore(['serve', '--db', sandbox.dbFile], {
        env: { SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: 'shh', SLACK_API_URL: slack.apiUrl, LORE_ADAPTERS: 'slack,teams', PORT: String(port) },
        commands: [...coreCommands, chatCommand, serve],
      });
      expect(run.code).toBe(0);
      const logs = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logs).toContainEqual(expect.objectContaining({ msg: 'Lore is listening', paths: ['/slack/events', '/api/messages', '/healthz'] }));
      expect(slackHealth).toBe(200);
      // The request that was in flight got its answer; the reply reached the connector.
      expect((await inFlight!).status).toBe(200);
      expect(cardTextOf(cardOf(connector.sent()[0]!.body))).toMatch(/VPN/);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      await slack.close();
      await connector.close();
    }
  });
});
