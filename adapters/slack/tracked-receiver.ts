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
  z.object({ command: z.string(), team_id: z.string() }),
  z.object({ type: z.literal('block_actions'), actions: z.array(z.object({ action_id: z.string() })).min(1) }),
  z.object({ type: z.enum(['shortcut', 'message_action']), callback_id: z.string() }),
  z.object({ type: z.enum(['view_submission', 'view_closed']), view: z.object({ callback_id: z.string() }) }),
]);

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
    if (!slackPayload.safeParse(event.body).success) throw new UnrecognizedPayload();
    let acknowledged = false;
    const ack: ReceiverEvent['ack'] = (response) => {
      acknowledged = true;
      return event.ack(response);
    };
    await app.processEvent({ ...event, ack });
    if (!acknowledged) await event.ack(undefined);
  }

  private track(work: Promise<void>): Promise<void> {
    this.pending.add(work);
    const settle = () => this.pending.delete(work);
    work.then(settle, settle);
    return work;
  }
}
