import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, type ConversationReference, type TurnContext } from 'botbuilder';
import { AuthenticationError, type ClaimsIdentity } from 'botframework-connector';
import { z } from 'zod';
import { type Clock, type Logger, type Lore, LoreError, systemClock } from '../../src/index';
import { AnswerQueue } from '../common/answer-queue';
import { RecentKeys } from '../common/recent-keys';
import { UpkeepLoop } from '../common/upkeep-loop';
import type { Route } from '../http/lore-http-server';
import { readBody } from '../http/read-body';
import { LoreTeamsBot } from './lore-teams-bot';
import { TeamsConversations } from './teams-conversations';
import type { TeamsSettings } from './teams-settings';
import { isTrustedServiceUrl, type ServiceUrlTrust } from './trusted-service-urls';
import { whyNeverValid } from './never-valid-token';
import { SigningKeyHealth } from './signing-key-health';
import { teamsUpkeepDelivery } from './upkeep-delivery';

/** Where Teams (the Bot Connector service) posts activities. */
export const MESSAGES_PATH = '/api/messages';
/** Activities are at most about 100 KB (a long message's HTML); larger bodies are refused with 413. */
const BODY_LIMIT = 512 * 1024;
/** After the signing keys could not be fetched, how long requests are answered 503 before trying again. */
const KEYS_RETRY_AFTER_SECONDS = 10;

export interface TeamsAdapterOptions {
  lore: Lore;
  settings: TeamsSettings;
  logger: Logger;
  /**
   * Extra Bot Framework authentication settings, e.g. `ToBotFromChannelOpenIdMetadataUrl`
   * for a sovereign cloud, or a local token issuer in tests.
   */
  authentication?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  /** The time tokens are judged by; it must be the wall clock botbuilder verifies them with (default). */
  tokenClock?: Clock;
  /** The queue questions wait in, shared with the other adapters of the process (default: one of its own). */
  answerQueue?: AnswerQueue;
}

export interface TeamsAdapter {
  adapter: CloudAdapter;
  bot: LoreTeamsBot;
  /** POST /api/messages, mounted on the shared server. */
  route: Route;
  /** Resolves when every activity received so far has been handled, including what it sent. */
  idle(): Promise<void>;
  /** Starts sending correction notices and the weekly digest. */
  start(): void;
  /** Stops them, then waits for the activities in flight. */
  stop(): Promise<void>;
}

/** The least an activity must have before botbuilder sees it; the bot checks the rest. */
const activityEnvelope = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    serviceUrl: z.string().url().max(2048),
    channelId: z.string().min(1).max(64),
    from: z.object({ id: z.string().min(1).max(512) }).passthrough(),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
  })
  .passthrough();

/**
 * CloudAdapter with its turn processing reachable, so Lore answers the HTTP request
 * itself; and that sends proactively (digests, notices, the experts channel) only to
 * service URLs Lore trusts, whatever a stored conversation says.
 */
class LoreCloudAdapter extends CloudAdapter {
  constructor(
    authentication: ConfigurationBotFrameworkAuthentication,
    private readonly trust: ServiceUrlTrust,
  ) {
    super(authentication);
  }

  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }

  override async continueConversationAsync(
    botAppIdOrClaimsIdentity: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: ((context: TurnContext) => Promise<void>) | string,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    if (!isTrustedServiceUrl(reference.serviceUrl, this.trust)) {
      throw new LoreError('INVALID_INPUT', `not sending to ${reference.serviceUrl ?? 'a conversation without a service URL'}: it is not a Bot Connector service Lore trusts; add it to LORE_TEAMS_SERVICE_URLS if it is yours`);
    }
    return super.continueConversationAsync(botAppIdOrClaimsIdentity, reference, logicOrAudience, maybeLogic);
  }
}

/**
 * Teams over botbuilder: a CloudAdapter authenticated with ConfigurationBotFrameworkAuthentication
 * from the MICROSOFT_APP_* settings. With an app id every request must carry a Bot
 * Framework token that botbuilder verifies (401 otherwise); with none, requests are
 * accepted without one and replies go out unauthenticated, which only a local
 * playground accepts. Lore reads and checks the body itself, so a malformed request is
 * a clear 400 and never reaches the bot; a token that can never be valid is a 401 before
 * botbuilder fetches any key, and an activity whose serviceUrl is not a Bot Connector
 * service Lore trusts is a 403 (its reply would go wherever the caller chose).
 */
export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const { lore, settings } = options;
  const logger = options.logger.child({ adapter: 'teams' });
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppTenantId: settings.appTenantId ?? '',
    MicrosoftAppType: settings.appType,
    ...options.authentication,
  });
  const trust: ServiceUrlTrust = { anonymous: !settings.appId, extra: settings.serviceUrls ?? [] };
  const tokenClock = options.tokenClock ?? systemClock;
  const adapter = new LoreCloudAdapter(authentication, trust);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'a Teams handler failed');
    // An invoke's caller shows its own error; a message gets a word back instead of silence.
    if (context.activity.type === 'message') {
      await context.sendActivity('Sorry, something went wrong on Lore’s side; it has been logged. Please try again.').catch(() => undefined);
    }
  };
  const conversations = new TeamsConversations(lore);
  const bot = new LoreTeamsBot({ lore, settings, logger, adapter, conversations, recent: new RecentKeys(lore.deliveries), answerQueue: options.answerQueue ?? new AnswerQueue() });
  const upkeep = new UpkeepLoop({
    lore,
    logger,
    schedule: settings.digestSchedule,
    delivery: teamsUpkeepDelivery({ lore, logger, adapter, conversations, appId: settings.appId, digestChannel: settings.digestChannel }),
  });
  if (!settings.appId) logger.warn({ anonymous: true }, 'Teams runs without MICROSOFT_APP_ID: requests are not authenticated (local development only)');

  const keys = new SigningKeyHealth(logger, KEYS_RETRY_AFTER_SECONDS * 1000);
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    const settle = () => pending.delete(work);
    work.then(settle, settle);
    return work;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request, BODY_LIMIT);
    if (body === 'too-large') return reply(response, 413, { error: `the activity is larger than ${BODY_LIMIT} bytes` });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(response, 400, { error: 'the body is not JSON' });
    }
    const activity = activityEnvelope.safeParse(parsed);
    if (!activity.success) {
      const issue = activity.error.issues[0];
      return reply(response, 400, { error: `not a Bot Framework activity: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
    }
    const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : '';
    if (settings.appId) {
      const never = whyNeverValid(authorization, settings.appId, tokenClock.now());
      if (never) return refuseToken(response, never);
      if (keys.isCoolingDown(tokenClock.now())) return keysUnavailable(response);
    }
    if (!isTrustedServiceUrl(activity.data.serviceUrl, trust)) {
      logger.warn({ serviceUrl: activity.data.serviceUrl.slice(0, 200) }, 'refused a Teams activity whose serviceUrl Lore does not trust');
      return reply(response, 403, { error: 'the activity\'s serviceUrl is not a Bot Connector service Lore trusts; list it in LORE_TEAMS_SERVICE_URLS if it is yours' });
    }
    // Errors before the turn starts are botbuilder's checks of the request; after, the bot's own.
    let turnStarted = false;
    try {
      const invokeResponse = await adapter.run(authorization, activity.data as unknown as Activity, (context) => {
        turnStarted = true;
        keys.fetched();
        return bot.run(context);
      });
      reply(response, invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (error) {
      if (isRefusedToken(error)) {
        keys.fetched();
        return refuseToken(response, (error as Error).message);
      }
      if (!turnStarted && settings.appId) {
        keys.failed(tokenClock.now(), error);
        return keysUnavailable(response);
      }
      throw error;
    }
  }

  function refuseToken(response: ServerResponse, reason: string): void {
    logger.warn({ reason }, 'refused a Teams request without a valid Bot Framework token');
    reply(response, 401, { error: 'unauthorized' });
  }

  function keysUnavailable(response: ServerResponse): void {
    response.setHeader('retry-after', String(KEYS_RETRY_AFTER_SECONDS));
    reply(response, 503, { error: 'Lore cannot check Bot Framework tokens right now (the signing keys could not be fetched); try again later' });
  }

  async function idle(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  return {
    adapter,
    bot,
    route: { method: 'POST', path: MESSAGES_PATH, handle: (request, response) => track(handle(request, response)) },
    idle,
    start: () => upkeep.start(),
    async stop() {
      await upkeep.stop();
      await idle();
    },
  };
}

/** botbuilder's refusals, and the errors of the JWT library it lets through (a bad signature). */
function isRefusedToken(error: unknown): boolean {
  if (error instanceof AuthenticationError) return error.statusCode === 401 || error.statusCode === 403;
  const name = (error as { name?: unknown }).name;
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
