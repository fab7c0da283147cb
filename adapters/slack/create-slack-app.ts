import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ErrorCode, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { type Logger, type Lore, LoreError } from '../../src/index';
import { AnswerMessages } from './answer-messages';
import { registerAppHome } from './app-home';
import { registerAsking } from './ask-handlers';
import { boltLogger } from './bolt-logger';
import { registerCaptureShortcut } from './capture-shortcut';
import { registerAskExpert } from './expert-handler';
import { ExpertThreads } from './expert-threads';
import type { HandlerDeps } from './handler-deps';
import { INSTALL_PATH, oauthReceiverOptions } from './oauth-install';
import { RecentKeys } from './recent-keys';
import { RecentReplies } from './recent-replies';
import type { SlackSettings } from './slack-settings';
import { registerThreadCapture } from './thread-capture';
import { TrackedReceiver } from './tracked-receiver';
import { registerVoting } from './vote-handlers';

export interface SlackAppOptions {
  lore: Lore;
  settings: SlackSettings;
  logger: Logger;
  /** How long the capture modal waits for the thread before opening with a placeholder (default 1.5 s). */
  modalWaitMs?: number;
}

/** Lore's Slack app: a Bolt app over HTTP (or Socket Mode), wired to the core. */
export interface SlackApp {
  app: App;
  /** Checks the bot token with Slack (none to check with OAuth), then listens; resolves with the address it listens on. */
  start(listen: { port: number; host?: string }): Promise<AddressInfo>;
  stop(): Promise<void>;
  /** Resolves when every request received so far has been handled, including what it posts. */
  idle(): Promise<void>;
}

/** Where Slack sends events, interactivity and slash commands: one URL for all three. */
export const EVENTS_PATH = '/slack/events';
/** Requests larger than this are refused (413); Slack's payloads are far smaller. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the Slack app: Bolt's HTTP receiver checks every request's signature and age,
 * then the handlers translate Slack's payloads to the core and render its replies. With
 * a bot token it serves that one workspace; with OAuth settings it serves every workspace
 * installed through /slack/install, each event authorized with its own team's token.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { lore, settings } = options;
  const logger = options.logger.child({ adapter: 'slack' });
  const health = (response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, articles: lore.knowledge.index.size }));
  };
  // A few retries (about 7 s) rather than the default half hour, so a wrong SLACK_API_URL shows at once.
  const clientOptions = { ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}), retryConfig: { retries: 3 } };
  const transport = settings.appToken && settings.botToken ? socketTransport(settings.appToken, clientOptions) : httpTransport();
  const receiver = new TrackedReceiver(transport.inner);
  const installer = transport.inner instanceof HTTPReceiver ? transport.inner.installer : undefined;

  function socketTransport(appToken: string, webClientOptions: typeof clientOptions) {
    const inner = new SocketModeReceiver({
      appToken,
      logger: boltLogger(logger),
      // apps.connections.open goes to SLACK_API_URL like every other Web API call.
      installerOptions: { clientOptions: webClientOptions },
      processEventErrorHandler: TrackedReceiver.handleSocketProcessError,
    });
    // Slack connects to nothing of Lore's in Socket Mode; PORT serves only the health check.
    const server = createServer((request, response) => {
      if (request.method === 'GET' && request.url?.split('?')[0] === '/healthz') return health(response);
      response.writeHead(404);
      response.end();
    });
    return {
      inner,
      async listen(listen: { port: number; host?: string }): Promise<Server> {
        await inner.start();
        try {
          await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(listen.port, listen.host, () => (server.off('error', reject), resolve()));
          });
        } catch (error) {
          // PORT taken: close the socket too, so a failed start leaves nothing open.
          await inner.client.disconnect();
          throw error;
        }
        logger.info({ socketMode: true }, 'Slack connected in Socket Mode');
        return server;
      },
      async close(): Promise<void> {
        // The receiver's own stop() does not wait for the socket to close; the client's disconnect() does.
        await inner.client.disconnect();
        if (server.listening) {
          server.closeAllConnections();
          await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        }
      },
    };
  }

  function httpTransport() {
    if (!settings.signingSecret) throw new LoreError('CONFIG_INVALID', 'Slack over HTTP needs SLACK_SIGNING_SECRET (Basic Information page of the Slack app); or set SLACK_APP_TOKEN for Socket Mode.');
    const inner = new HTTPReceiver({
      signingSecret: settings.signingSecret,
      endpoints: EVENTS_PATH,
      logger: boltLogger(logger),
      bodyLimit: BODY_LIMIT,
      processEventErrorHandler: TrackedReceiver.handleProcessError,
      // Bolt refuses requests older than 5 minutes; the receiver also refuses ones from the future.
      customPropertiesExtractor: (request) => ({ requestTimestamp: String(request.headers['x-slack-request-timestamp'] ?? '') }),
      customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_request, response) => health(response) }],
      ...(settings.oauth ? oauthReceiverOptions(settings.oauth, lore, settings.apiUrl) : {}),
    });
    return {
      inner,
      listen: (listen: { port: number; host?: string }): Promise<Server> => inner.start({ port: listen.port, host: listen.host }),
      close: () => inner.stop(),
    };
  }
  const app = new App({
    receiver,
    // Many workspaces: each event runs with the token its team installed Lore with.
    ...(installer ? { authorize: (source) => installer.authorize(source) } : { token: settings.botToken }),
    logger: boltLogger(logger),
    // auth.test runs at start() instead, where a wrong token stops start-up with a clear message.
    tokenVerificationEnabled: false,
    convoStore: false,
    clientOptions,
  });
  app.error(async (error) => {
    if (error.code === ErrorCode.AuthorizationError) {
      // A team that never installed Lore (or uninstalled it): expected with OAuth, not a fault of Lore's.
      logger.warn({ err: error.original ?? error }, `an event came from a Slack team Lore has no token for; its admin can install Lore from ${INSTALL_PATH}`);
      return;
    }
    logger.error({ err: error.original ?? error, code: error.code }, 'a Slack handler failed');
  });

  const deps: HandlerDeps = {
    lore,
    settings,
    logger,
    recent: new RecentKeys(lore.clock),
    answers: new AnswerMessages(),
    replies: new RecentReplies(),
    experts: new ExpertThreads(),
    modalWaitMs: options.modalWaitMs ?? 1500,
  };
  // Slack re-delivers an event it thinks was missed, with the same event_id.
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !deps.recent.claim(`event:${eventId}`)) {
      logger.info({ eventId, retry: context.retryNum }, 'skipped an event Slack delivered again');
      return;
    }
    await next();
  });
  registerAsking(app, deps, registerThreadCapture(app, deps));
  registerCaptureShortcut(app, deps);
  registerVoting(app, deps);
  registerAskExpert(app, deps);
  registerAppHome(app, deps);

  return {
    app,
    async start(listen) {
      if (installer) {
        const server = await transport.listen(listen);
        logger.info({ installPath: INSTALL_PATH }, 'Slack workspaces install Lore from its install path');
        return server.address() as AddressInfo;
      }
      try {
        const identity = await app.client.auth.test();
        logger.info({ team: identity.team_id, bot: identity.user_id }, 'Slack accepted the bot token');
      } catch (error) {
        const refusal = (error as { data?: { error?: string } }).data?.error;
        const message = refusal
          ? `Slack refused SLACK_BOT_TOKEN (${refusal}); copy the Bot User OAuth Token from the app's OAuth & Permissions page.`
          : `Lore could not reach the Slack Web API at ${settings.apiUrl ?? 'https://slack.com/api/'} (${(error as Error).message}); check SLACK_API_URL and the network.`;
        throw new LoreError('CONFIG_INVALID', message, { cause: error });
      }
      const server = await transport.listen(listen);
      return server.address() as AddressInfo;
    },
    stop: async () => {
      await transport.close();
      await receiver.idle();
    },
    idle: () => receiver.idle(),
  };
}
