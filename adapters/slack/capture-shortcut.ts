import type { App, webApi } from '@slack/bolt';
import { type CaptureResult, isLoreError } from '../../src/index';
import { CALLBACKS, captureModalState, type CaptureModalState, decodeValue } from './action-values';
import { plain, post } from './ask-handlers';
import { type CaptureDraft, captureConfirmation, captureModal, duplicateModal, isTooLongToEdit, loadingModal, readCapture } from './capture-modal';
import { captureRequest } from './capture-request';
import type { HandlerDeps } from './handler-deps';
import { displayNames, fetchThread, mentionedIds, mentionsAsNames, permalinkOf } from './slack-thread';
import { messageShortcut, viewSubmission } from './slack-events';

/** Shown on the form when saving failed for a reason of Lore's, not of what was typed. */
const SAVE_FAILED = 'Lore could not save this just now (its database is busy). Nothing was saved: press Save again in a moment.';

/**
 * The "Capture answer" message shortcut: opens a form prefilled with the thread's question
 * and the chosen message as the answer, all editable, with tags. Slack gives 3 seconds to
 * open it: when the thread takes longer to read, the form opens at once saying so, and is
 * filled in when the thread arrives. Submitting creates, merges or drafts the article and
 * confirms in the thread; when an article already answers, the form asks what to do.
 */
export function registerCaptureShortcut(app: App, deps: HandlerDeps): void {
  const { lore } = deps;

  app.shortcut(CALLBACKS.captureShortcut, async ({ ack, body, client, context }) => {
    await ack();
    const parsed = messageShortcut.safeParse(body);
    const team = parsed.success ? (parsed.data.team?.id ?? parsed.data.user.team_id) : undefined;
    if (!parsed.success || !team) return deps.logger.warn({ callback: CALLBACKS.captureShortcut }, 'ignored a malformed shortcut');
    const { message, channel, trigger_id: triggerId } = parsed.data;
    const form = prefill(client, { channel: channel.id, message, botUserId: context.botUserId });
    const ready = await within(form, deps.modalWaitMs);
    if (ready) return void (await client.views.open({ trigger_id: triggerId, view: captureModal(ready.state, ready.draft) }));
    const opened = await client.views.open({ trigger_id: triggerId, view: loadingModal() });
    const late = await form;
    if (!opened.view?.id) return;
    await client.views.update({ view_id: opened.view.id, hash: opened.view.hash, view: captureModal(late.state, late.draft) });
  });

  app.view(CALLBACKS.captureModal, async ({ ack, body, client }) => {
    const parsed = viewSubmission.safeParse(body);
    const team = parsed.success ? (parsed.data.team?.id ?? parsed.data.user.team_id) : undefined;
    const state = parsed.success ? decodeValue(captureModalState, parsed.data.view.private_metadata) : undefined;
    if (!parsed.success || !team || !state) {
      await ack();
      return deps.logger.warn({ callback: CALLBACKS.captureModal }, 'ignored a malformed submission');
    }
    const { view, user } = parsed.data;
    const submitted = readCapture(view.state.values);
    if (state.whole) submitted.answer = await wholeAnswer(client, state);
    // The same submission delivered twice makes one article and one confirmation.
    const key = `view:${view.id}:${view.hash ?? ''}`;
    let claimed: { value: CaptureResult } | undefined;
    try {
      // The claim is kept only with the article: when saving fails, a retry saves it.
      claimed = deps.recent.claimWith(key, () =>
        lore.capturer.capture(captureRequest({ team, capturedBy: user.id, message: state, ...submitted, author: state.author, url: state.url, mergeInto: state.mergeInto })),
      );
    } catch (error) {
      if (isLoreError(error)) {
        const block = /question/i.test(error.message) ? 'question' : 'answer';
        return void (await ack({ response_action: 'errors', errors: { [block]: error.message } }));
      }
      // Nothing was saved (the database busy past LORE_BUSY_TIMEOUT_MS, say): the form stays
      // open with what was typed, so Save can be pressed again, rather than closing as if saved.
      deps.logger.error({ err: error, callback: CALLBACKS.captureModal }, 'could not save a capture; the form stays open');
      return void (await ack({ response_action: 'errors', errors: { question: SAVE_FAILED } }));
    }
    if (!claimed) return void (await ack());
    const result = claimed.value;
    if (result.action === 'duplicate') {
      deps.recent.release(key);
      const next = duplicateModal({ ...state, mergeInto: result.article.id }, submitted, { title: result.article.title, confidence: result.confidence });
      return void (await ack({ response_action: 'update', view: next }));
    }
    await ack();
    if (result.repeated) return;
    await post(client, { channel: state.c, thread_ts: state.th, ...plain(captureConfirmation(result.action, result.article.title, submitted.choice === 'append')) });
  });

  /** The form's contents: the thread's question, the answer, the author's name and a link. */
  async function prefill(
    client: webApi.WebClient,
    args: { channel: string; message: { ts: string; thread_ts?: string; text: string; user?: string }; botUserId?: string },
  ): Promise<{ state: CaptureModalState; draft: CaptureDraft }> {
    const { channel, message } = args;
    const threadTs = message.thread_ts ?? message.ts;
    const inThread = threadTs !== message.ts;
    const [thread, url] = await Promise.all([inThread ? fetchThread(client, channel, threadTs) : Promise.resolve([]), permalinkOf(client, channel, message.ts)]);
    const first = thread[0];
    const question = first && first.ts !== message.ts ? first.text : '';
    const names = await displayNames(client, [message.user, ...mentionedIds(question, message.text)], args.botUserId, deps.logger);
    const author = message.user ? names.get(message.user) : undefined;
    return {
      state: { c: channel, t: message.ts, th: threadTs, ...(author ? { author } : {}), ...(url ? { url } : {}), ...(isTooLongToEdit(message.text) ? { whole: true as const } : {}) },
      draft: { question: mentionsAsNames(question, names), answer: mentionsAsNames(message.text, names), tags: '' },
    };
  }
}

/** The text of a message too long for the form, read again (it can't travel in the form's metadata). */
async function wholeAnswer(client: webApi.WebClient, state: CaptureModalState): Promise<string> {
  const thread = await fetchThread(client, state.c, state.th);
  return thread.find((message) => message.ts === state.t)?.text ?? '';
}

/** The work's result if it is done within `ms`, else undefined (the work goes on). */
function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
