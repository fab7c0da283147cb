import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type AuthorizeResult, ErrorCode, HTTPModuleFunctions, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { type Logger, type Lore, LoreError } from '../../src/index';
import { createLoreHttpServer, type LoreHttpServer, type RequestHandler } from '../http/lore-http-server';
import { readBody } from '../http/read-body';
import { AnswerQueue } from '../common/answer-queue';
import { AnswerMessages } from './answer-messages';
import { registerAppHome } from './app-home';
import { registerArticleModal } from './article-modal';
import { UpkeepLoop } from '../common/upkeep-loop';
import { registerUpkeep } from './upkeep-handlers';
import { slackUpkeepDelivery } from './upkeep-delivery';
import { registerAsking } from './ask-handlers';
import { boltLogger } from './bolt-logger';
import { registerCaptureShortcut } from './capture-shortcut';
import { registerAskExpert } from './expert-handler';
import { ExpertThreads } from './expert-threads';
import type { HandlerDeps } from './handler-deps';
import { INSTALL_PATH, oauthReceiverOptions } from './oauth-install';
import { RecentKeys } from '../common/recent-keys';
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
  /** The queue questions wait in, shared with the other adapters of the process (default: one of its own). */
  answerQueue?: AnswerQueue;
}

/** Lore's Slack app: a Bolt app over HTTP (or Socket Mode), wired to the core. */
export interface SlackApp {
  app: App;
  /**
   * Over HTTP, what answers Slack's requests (events, interactivity, commands, OAuth
   * install): mounted on the shared server. Unset in Socket Mode, where Lore connects out.
   */
  httpHandler?: RequestHandler;
  /** Checks the bot token with Slack (none to check with OAuth), or opens the Socket Mode connection. */
  connect(): Promise<void>;
  /** Closes the Socket Mode connection (nothing to close over HTTP), then waits for events in flight. */
  disconnect(): Promise<void>;
  /** connect(), then listens on a server of its own with /healthz; resolves with the address (tests, Slack alone). */
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
  // 10 retries, each at most 1 s after the failure (after Retry-After for a 429): with 3, a reply Slack refused 429
  // four times in a row was dropped (reliability:load); a wrong SLACK_API_URL still shows within about 9 s.
  const clientOptions = { ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}), retryConfig: { retries: 10, minTimeout: 250, maxTimeout: 1000 } };
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
    return {
      inner,
      httpHandler: undefined,
      async connect(): Promise<void> {
        await inner.start();
        logger.info({ socketMode: true }, 'Slack connected in Socket Mode');
      },
      // The receiver's own stop() does not wait for the socket to close; the client's disconnect() does.
      disconnect: () => inner.client.disconnect(),
    };
  }

  /**
   * Reads the body before Bolt does (Bolt reuses `rawBody`) and refuses, with 413 or 400,
   * what Bolt would mishandle: a signed body of JSON `null` or `payload=null` throws inside
   * Bolt's receiver, outside any handler, and leaves the request unanswered.
   */
  async function checkedBody(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const body = await readBody(request, BODY_LIMIT);
    const refuse = (status: number, error: string) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error }));
      return false;
    };
    if (body === 'too-large') return refuse(413, `the body is larger than ${BODY_LIMIT} bytes`);
    (request as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    let parsed: unknown;
    try {
      parsed = HTTPModuleFunctions.parseHTTPRequestBody(request as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
    } catch {
      return true; // Malformed: Bolt answers it with 400 itself.
    }
    return parsed !== null && typeof parsed === 'object' ? true : refuse(400, 'the body is not a Slack payload');
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
      ...(settings.oauth ? oauthReceiverOptions(settings.oauth, lore, settings.apiUrl) : {}),
    });
    return {
      inner,
      // The receiver is mounted on the shared server; it never starts a server of its own.
      httpHandler: (async (request, response) => {
        if (request.method === 'POST' && (request.url ?? '').split('?')[0] === EVENTS_PATH && !(await checkedBody(request, response))) return;
        try {
          return inner.requestListener(request, response);
        } catch (error) {
          // Bolt throws for a path it does not serve, so another router can take it; here nothing else does.
          if ((error as { code?: unknown }).code !== ErrorCode.HTTPReceiverDeferredRequestError) throw error;
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error: 'not found' }));
        }
      }) satisfies RequestHandler,
      connect: async (): Promise<void> => undefined,
      disconnect: async (): Promise<void> => undefined,
    };
  }
  // One workspace: the bot token, with who the bot is asked of Slack once. (Bolt, given the token
  // with verification off, asks auth.test before acknowledging every event: a rate-limited
  // auth.test would then hold acknowledgements past Slack's 3 seconds.)
  const botClient = new webApi.WebClient(settings.botToken, clientOptions);
  let identity: Promise<AuthorizeResult> | undefined;
  const authorizeBotToken = (): Promise<AuthorizeResult> => {
    identity ??= botClient.auth.test().then((found) => ({
      botToken: settings.botToken,
      botId: found.bot_id,
      botUserId: found.user_id,
      teamId: found.team_id,
      ...(found.enterprise_id ? { enterpriseId: found.enterprise_id } : {}),
    }));
    // A failed look-up is asked again by the next event rather than remembered.
    identity.catch(() => (identity = undefined));
    return identity;
  };
  const app = new App({
    receiver,
    // Many workspaces: each event runs with the token its team installed Lore with.
    authorize: installer ? (source) => installer.authorize(source) : authorizeBotToken,
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
    // On to the receiver, which logs it and, unless the request was acknowledged already,
    // answers it with an error so that Slack retries: a failed write is never acknowledged.
    throw error.original ?? error;
  });

  const deps: HandlerDeps = {
    lore,
    settings,
    logger,
    recent: new RecentKeys(lore.deliveries),
    answers: new AnswerMessages(),
    replies: new RecentReplies(),
    experts: new ExpertThreads(),
    modalWaitMs: options.modalWaitMs ?? 1500,
    answerQueue: options.answerQueue ?? new AnswerQueue(),
  };
  // Slack re-delivers an event it thinks was missed, with the same event_id. The id is
  // claimed while the event is handled and kept once it was; a failure releases it, so the
  // retry of an event that failed is handled, not skipped.
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    if (!(await deps.recent.once(`event:${eventId}`, next))) {
      logger.info({ eventId, retry: context.retryNum }, 'skipped an event Slack delivered again');
    }
  });
  registerAsking(app, deps, registerThreadCapture(app, deps));
  registerCaptureShortcut(app, deps);
  registerVoting(app, deps);
  registerArticleModal(app, deps);
  registerAskExpert(app, deps);
  registerAppHome(app, deps);
  registerUpkeep(app, deps);
  // Correction notices and the weekly digest go out from a timer while Slack is connected.
  const upkeep = new UpkeepLoop({
    lore,
    logger,
    schedule: settings.digestSchedule,
    delivery: slackUpkeepDelivery(botClient, {
      lore,
      logger,
      digestChannel: settings.digestChannel,
      ...(installer
        ? {
            // Many workspaces: each team's notices go out with the token it installed Lore with.
            clientFor: async (team: string) => {
              try {
                const auth = await installer.authorize({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false });
                return auth.botToken ? new webApi.WebClient(auth.botToken, clientOptions) : undefined;
              } catch (error) {
                logger.warn({ err: error, team }, 'no Slack installation for a team with notices due');
                return undefined;
              }
            },
          }
        : {}),
    }),
  });

  async function connect(): Promise<void> {
    await checkConnection();
    upkeep.start();
  }
  async function checkConnection(): Promise<void> {
    await transport.connect();
    if (installer) {
      logger.info({ installPath: INSTALL_PATH }, 'Slack workspaces install Lore from its install path');
      return;
    }
    if (settings.appToken) return;
    try {
      const found = await authorizeBotToken();
      logger.info({ team: found.teamId, bot: found.botUserId }, 'Slack accepted the bot token');
    } catch (error) {
      const refusal = (error as { data?: { error?: string } }).data?.error;
      const message = refusal
        ? `Slack refused SLACK_BOT_TOKEN (${refusal}); copy the Bot User OAuth Token from the app's OAuth & Permissions page.`
        : `Lore could not reach the Slack Web API at ${settings.apiUrl ?? 'https://slack.com/api/'} (${(error as Error).message}); check SLACK_API_URL and the network.`;
      throw new LoreError('CONFIG_INVALID', message, { cause: error });
    }
  }
  async function disconnect(): Promise<void> {
    await upkeep.stop();
    await transport.disconnect();
    await receiver.idle();
  }
  let ownServer: LoreHttpServer | undefined;

  return {
    app,
    ...(transport.httpHandler ? { httpHandler: transport.httpHandler } : {}),
    connect,
    disconnect,
    async start(listen) {
      // Socket Mode: Slack connects to nothing of Lore's, so the server has only /healthz.
      const server = createLoreHttpServer({ routes: [], fallback: transport.httpHandler, health: () => ({ articles: lore.knowledge.index.size }), logger });
      await connect();
      try {
        const address = await server.listen(listen);
        ownServer = server;
        return address;
      } catch (error) {
        // PORT taken: close the socket and the timer too, so a failed start leaves nothing open.
        await disconnect();
        throw error;
      }
    },
    stop: async () => {
      await ownServer?.close();
      await disconnect();
    },
    idle: () => receiver.idle(),
  };
}
