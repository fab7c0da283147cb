import { loginName } from './console/login-name';
import { type AdapterName, type Command, type EnvConfig, SourceSchedule, SourceSync } from '../src/index';
import { openWithSample } from './console/chat-command';
import { containStrayErrors } from './common/contain-stray-errors';
import { runConsoleChat } from './console/console-chat';
import { AnswerQueue } from './common/answer-queue';
import { createLoreHttpServer, type Route } from './http/lore-http-server';
import { createSlackApp, type SlackApp } from './slack/create-slack-app';
import { slackSettingsFrom } from './slack/slack-settings';
import { createTeamsAdapter, MESSAGES_PATH, type TeamsAdapter } from './teams/create-teams-adapter';
import { listenHostFor, teamsSettingsFrom } from './teams/teams-settings';

/** Minutes between syncs of each source when LORE_SYNC_MINUTES is unset. */
const DEFAULT_SYNC_MINUTES = 60;

export interface ServeOptions {
  /** Resolves when a server adapter should stop (default: SIGINT or SIGTERM). */
  untilStopped?: () => Promise<void>;
}

/** The adapters to start: LORE_ADAPTERS, else every adapter with credentials, else the terminal chat. */
export function chooseAdapters(config: EnvConfig): AdapterName[] {
  if (config.LORE_ADAPTERS) return config.LORE_ADAPTERS;
  const configured: AdapterName[] = [];
  if (slackSettingsFrom(config)) configured.push('slack');
  if (config.MICROSOFT_APP_ID) configured.push('teams');
  return configured.length > 0 ? configured : ['console'];
}

/** `lore serve`, with how it learns to stop injectable for tests. */
export function createServeCommand(options: ServeOptions = {}): Command {
  const untilStopped = options.untilStopped ?? untilSignal;
  return {
    name: 'serve',
    createsDatabase: true,
    summary: 'run Lore: the configured chat adapters, or the terminal chat when none is configured',
    usage: 'lore serve [--db FILE]',
    options: {},
    runsLong: true,
    // A server's log is its record; the terminal chat keeps the screen for the conversation.
    logLevel: (config) => (chooseAdapters(config).some((name) => name !== 'console') ? 'info' : 'warn'),
    help: [
      'Starts every adapter that has credentials (Slack: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, on PORT;',
      'or SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Socket Mode, with only /healthz on PORT;',
      'or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET for every workspace installed from /slack/install;',
      `Teams: MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, at ${MESSAGES_PATH} on the same PORT).`,
      'LORE_ADAPTERS (e.g. slack,teams or console) overrides the choice; LORE_ADAPTERS=teams without an app id serves a local playground unauthenticated,',
      'on 127.0.0.1 only (LORE_ALLOW_ANONYMOUS_TEAMS=1 listens on every interface anyway).',
      'On SIGTERM or SIGINT Lore stops taking requests, finishes those in flight, and closes the database.',
      'With no credentials Lore chats in the terminal on the embedded default (data/lore.db and the sample base).',
    ],
    positionals: { min: 0, max: 0, name: '' },
    async run(_positionals, values, context) {
      const adapters = chooseAdapters(context.config);
      const lore = await openWithSample(context, values);
      context.logger.info({ adapters, articles: lore.knowledge.index.size, ...(lore.knowledge.loading ? { reading: lore.knowledge.loading } : {}) }, 'Lore is serving');
      const stops: Array<() => Promise<void>> = [];
      // Every source syncs on schedule, whichever adapters run; folders are watched.
      const sources = new SourceSchedule({
        sync: new SourceSync(lore.knowledge, lore.db, lore.clock, { env: context.env, logger: context.logger }),
        clock: lore.clock,
        logger: context.logger,
        intervalMs: (context.config.LORE_SYNC_MINUTES ?? DEFAULT_SYNC_MINUTES) * 60_000,
      });
      sources.start();
      try {
        const slackSettings = adapters.includes('slack') ? slackSettingsFrom(context.config) : undefined;
        const teamsSettings = adapters.includes('teams') ? teamsSettingsFrom(context.config) : undefined;
        let slack: SlackApp | undefined;
        let teams: TeamsAdapter | undefined;
        // One queue for both platforms: they share the process's time for answering.
        const answerQueue = new AnswerQueue({ limit: context.config.LORE_ANSWER_QUEUE_LIMIT });
        if (slackSettings || teamsSettings) {
          // A server outlives any one task: an error nothing caught is logged, not fatal (until the very end of stopping).
          const releaseErrors = containStrayErrors(context.logger);
          stops.push(async () => releaseErrors());
        }
        if (slackSettings) {
          slack = createSlackApp({ lore, settings: slackSettings, logger: context.logger, answerQueue });
          await slack.connect();
          stops.push(() => slack!.disconnect());
        }
        if (teamsSettings) {
          teams = createTeamsAdapter({ lore, settings: teamsSettings, logger: context.logger, answerQueue });
          teams.start();
          stops.push(() => teams!.stop());
        }
        if (slack || teams) {
          // One server and one PORT for both platforms; Slack's receiver takes every path Teams does not.
          const routes: Route[] = teams ? [teams.route] : [];
          const server = createLoreHttpServer({ routes, fallback: slack?.httpHandler, health: () => ({ articles: lore.knowledge.index.size, answers: answerQueue.stats() }), logger: context.logger });
          // Teams without an app id believes anyone who reaches it, so only this machine may.
          const host = listenHostFor(teamsSettings);
          const address = await server.listen({ port: context.config.PORT, ...(host ? { host } : {}) });
          // Stopping: the server first (no new requests; those in flight finish), then the adapters' own work.
          stops.push(() => server.close());
          const paths = [...(slack?.httpHandler ? ['/slack/events'] : []), ...(teams ? [MESSAGES_PATH] : []), '/healthz'];
          context.logger.info({ port: address.port, ...(host ? { host } : {}), paths, socketMode: Boolean(slackSettings?.appToken) }, 'Lore is listening');
          if (teamsSettings && !teamsSettings.appId && !host) {
            context.logger.warn({ port: address.port }, 'Teams without MICROSOFT_APP_ID listens on every interface (LORE_ALLOW_ANONYMOUS_TEAMS): anyone who can reach this port is believed');
          }
        }
        if (adapters.includes('console')) {
          await runConsoleChat({ lore, input: context.stdin, output: context.stdout, user: loginName(context.env) });
        }
        if (stops.length > 0) {
          await untilStopped();
          context.logger.info({}, 'Lore is stopping: finishing the requests in flight');
        }
        return 0;
      } finally {
        for (const stop of stops.reverse()) await stop();
        await sources.stop();
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
