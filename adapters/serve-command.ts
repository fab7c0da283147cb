import { loginName } from './console/login-name';
import type { AdapterName, Command, EnvConfig } from '../src/index';
import { openWithSample } from './console/chat-command';
import { runConsoleChat } from './console/console-chat';
import { createSlackApp } from './slack/create-slack-app';
import { slackSettingsFrom } from './slack/slack-settings';

export interface ServeOptions {
  /** Resolves when a server adapter should stop (default: SIGINT or SIGTERM). */
  untilStopped?: () => Promise<void>;
}

/** The adapters to start: LORE_ADAPTERS, else every adapter with credentials, else the terminal chat. */
export function chooseAdapters(config: EnvConfig): AdapterName[] {
  if (config.LORE_ADAPTERS) return config.LORE_ADAPTERS;
  return slackSettingsFrom(config) ? ['slack'] : ['console'];
}

/** `lore serve`, with how it learns to stop injectable for tests. */
export function createServeCommand(options: ServeOptions = {}): Command {
  const untilStopped = options.untilStopped ?? untilSignal;
  return {
    name: 'serve',
    summary: 'run Lore: the configured chat adapters, or the terminal chat when none is configured',
    usage: 'lore serve [--db FILE]',
    options: {},
    // A server's log is its record; the terminal chat keeps the screen for the conversation.
    logLevel: (config) => (chooseAdapters(config).some((name) => name !== 'console') ? 'info' : 'warn'),
    help: [
      'Starts every adapter that has credentials (Slack: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, on PORT;',
      'or SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Socket Mode, with only /healthz on PORT;',
      'or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET for every workspace installed from /slack/install);',
      'LORE_ADAPTERS (e.g. slack,console) overrides the choice.',
      'With no credentials Lore chats in the terminal on the embedded default (data/lore.db and the sample base).',
    ],
    positionals: { min: 0, max: 0, name: '' },
    async run(_positionals, values, context) {
      const adapters = chooseAdapters(context.config);
      const lore = await openWithSample(context, values);
      context.logger.info({ adapters, articles: lore.knowledge.index.size }, 'Lore is serving');
      const stops: Array<() => Promise<void>> = [];
      try {
        const slackSettings = slackSettingsFrom(context.config);
        if (adapters.includes('slack') && slackSettings) {
          const slack = createSlackApp({ lore, settings: slackSettings, logger: context.logger });
          const address = await slack.start({ port: context.config.PORT });
          stops.push(() => slack.stop());
          if (slackSettings.appToken) context.logger.info({ port: address.port }, 'Slack adapter in Socket Mode; /healthz on PORT');
          else context.logger.info({ port: address.port }, 'Slack adapter listening on /slack/events');
        }
        if (adapters.includes('console')) {
          await runConsoleChat({ lore, input: context.stdin, output: context.stdout, user: loginName(context.env) });
        }
        if (stops.length > 0) await untilStopped();
        return 0;
      } finally {
        for (const stop of stops.reverse()) await stop();
        lore.close();
      }
    },
  };
}

export const serveCommand: Command = createServeCommand();

/** Resolves at the first SIGINT or SIGTERM: a server runs until its operator stops it. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
