import type { App, Receiver, ReceiverEvent, ReceiverProcessEventErrorHandlerArgs, SocketModeReceiverProcessEventErrorHandlerArgs } from '@slack/bolt';
import type { ListenOptions } from 'node:net';
import { z } from 'zod';

/**
 * The payloads Lore handles, recognised before Bolt sees them. Bolt would leave anything
 * else unanswered for 3 seconds and then answer 404; a signed payload that is none of
 * these is refused at once with 400 instead.
 */
const slackPayload = z.union([
  z.object({ type: z.literal('event_callback'), event: z.object({ type: z.string() }) }),
  // Slack sends every slash command with a response_url, which the answer goes to.
  z.object({ command: z.string(), team_id: z.string(), response_url: z.string().min(1) }),
  z.object({ type: z.literal('block_actions'), actions: z.array(z.object({ action_id: z.string() })).min(1) }),
  z.object({ type: z.enum(['shortcut', 'message_action']), callback_id: z.string() }),
  z.object({ type: z.enum(['view_submission', 'view_closed']), view: z.object({ callback_id: z.string() }) }),
]);

const record = z.record(z.string(), z.unknown());
const userOrChannel = z.union([z.string(), record]);
/**
 * A team or enterprise id as Slack writes them. Bolt keeps a client per team in a plain
 * object, so an id such as `valueOf` or `constructor` would find Object's own methods there.
 */
const slackId = z.string().regex(/^[A-Z0-9]{1,40}$/);
const owner = z.object({ id: slackId.optional(), team_id: slackId.nullable().optional(), enterprise_id: slackId.nullable().optional() }).catchall(z.unknown());

/**
 * The fields Bolt itself reads before any listener runs (to find the team, user and
 * conversation). A signed payload with a wrong type there (`"channel": null`, `"item": "x"`,
 * a team id of `valueOf`) would fail inside Bolt with a 500, which Slack retries; it is
 * refused with 400 instead.
 */
const boltFields = z.object({
  team_id: slackId.optional(),
  enterprise_id: slackId.nullable().optional(),
  authorizations: z.array(owner).optional(),
  team: owner.nullable().optional(),
  enterprise: owner.nullable().optional(),
  user: owner.optional(),
  view: z.object({ app_installed_team_id: slackId.optional() }).catchall(z.unknown()).optional(),
  channel: record.optional(),
  event: z.object({ user: userOrChannel.optional(), channel: userOrChannel.optional(), item: record.optional(), subteam: record.optional() }).optional(),
});
/** Interactivity names its person in `user`, which Bolt reads unconditionally. */
const INTERACTIVE_TYPES = new Set(['block_actions', 'shortcut', 'message_action', 'view_submission', 'view_closed']);
const interactiveUser = z.object({ user: owner });

/** True for a payload Lore handles, shaped as Bolt expects. */
function isHandled(body: unknown): boolean {
  if (!slackPayload.safeParse(body).success || !boltFields.safeParse(body).success) return false;
  return !INTERACTIVE_TYPES.has(String((body as { type?: unknown }).type)) || interactiveUser.safeParse(body).success;
}

/**
 * Events whose acknowledgement waits for their write: a reaction can be a vote, a message or
 * mention a question to log. Acknowledged only once written, a write that failed is left
 * for Slack to retry rather than lost.
 */
const heldEnvelope = z.object({ type: z.literal('event_callback'), event: z.object({ type: z.enum(['reaction_added', 'reaction_removed', 'message', 'app_mention']) }) });

function isHeld(body: unknown): boolean {
  return heldEnvelope.safeParse(body).success;
}

/**
 * What a listener of a held event calls once its write is done, so Slack's request is
 * answered then, before slower work such as posting the answer (a no-op for other events).
 */
export function acknowledgerOf(context: object): () => Promise<void> {
  const acknowledge = (context as { acknowledge?: unknown }).acknowledge;
  return typeof acknowledge === 'function' ? (acknowledge as () => Promise<void>) : async () => undefined;
}

/** Thrown for a signed request timestamped more than 5 minutes ahead (a replay kept for later); answered 401. */
class FutureRequest extends Error {
  constructor() {
    super('The request is timestamped more than five minutes in the future.');
    this.name = 'FutureRequest';
  }
}

/** How far ahead of now a request's timestamp may be (Bolt refuses ones over 5 minutes old). */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** Thrown for a signed payload Lore can't use; answered 400. */
class UnrecognizedPayload extends Error {
  constructor() {
    super('The request is signed but is not a Slack payload Lore handles.');
    this.name = 'UnrecognizedPayload';
  }
}

/**
 * Wraps Bolt's HTTP (or Socket Mode) receiver to know when the events it passed on have been handled, so
 * `idle()` can wait for them (shutdown, tests), and to answer at once what Bolt would
 * leave hanging: unrecognised payloads (400) and payloads no listener acknowledged (200).
 */
export class TrackedReceiver implements Receiver {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly inner: Receiver) {}

  init(app: App): void {
    // The inner receiver only calls processEvent: hand it the app with that one call wrapped.
    const tracked: App = Object.create(app);
    tracked.processEvent = (event) => this.track(this.process(app, event));
    this.inner.init(tracked);
  }

  start(listen?: ListenOptions): Promise<unknown> {
    return this.inner.start(listen);
  }

  async stop(): Promise<void> {
    await this.inner.stop();
  }

  /** Resolves when every event received so far, and whatever they led to, is handled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** For the receiver's processEventErrorHandler option: refuses unrecognised payloads with 400. */
  static async handleProcessError(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
    const { error, response, logger } = args;
    if (response.headersSent) {
      logger.error('A listener failed after acknowledging', error);
      return false;
    }
    response.writeHead(error instanceof UnrecognizedPayload ? 400 : error instanceof FutureRequest ? 401 : 500);
    response.end();
    if (!(error instanceof UnrecognizedPayload) && !(error instanceof FutureRequest)) logger.error('A listener failed before acknowledging', error);
    return true;
  }

  /** The same for Socket Mode: acknowledges an unrecognised payload (Slack would only send it again); a failure stays unacknowledged. */
  static async handleSocketProcessError(args: SocketModeReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
    const { error, logger } = args;
    if (error instanceof UnrecognizedPayload) return true;
    logger.error('A listener failed', error);
    return false;
  }

  private async process(app: App, event: ReceiverEvent): Promise<void> {
    const stamped = Number(event.customProperties?.requestTimestamp);
    if (Number.isFinite(stamped) && stamped > Date.now() / 1000 + MAX_CLOCK_SKEW_SECONDS) throw new FutureRequest();
    if (!isHandled(event.body)) throw new UnrecognizedPayload();
    let acknowledged = false;
    // Bolt acknowledges every event before its listeners run. An acknowledged vote or
    // question must survive a crash or a failed write: its acknowledgement waits for
    // `acknowledge`, which the listener calls once it is written (or it is none). A listener
    // that fails before that leaves the request unacknowledged (500), and Slack retries it.
    const held = isHeld(event.body);
    const acknowledge = async (): Promise<void> => {
      if (acknowledged) return;
      acknowledged = true;
      await event.ack(undefined);
    };
    const ack: ReceiverEvent['ack'] = (response) => {
      if (held) return Promise.resolve();
      acknowledged = true;
      return event.ack(response);
    };
    await app.processEvent({ ...event, ack, customProperties: { ...event.customProperties, acknowledge } });
    if (!acknowledged) await event.ack(undefined);
  }

  private track(work: Promise<void>): Promise<void> {
    this.pending.add(work);
    const settle = () => this.pending.delete(work);
    work.then(settle, settle);
    return work;
  }
}
