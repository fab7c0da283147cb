import type { App, BlockButtonAction, webApi } from '@slack/bolt';
import { bestAnswer, captureFromThread, type CaptureResult, isLoreError, smallTalkOf, type Thread, type ThreadMessage } from '../../src/index';
import { ACTIONS, CAPTURE_CHOICE_ACTION, captureChoiceValue, captureReplyValue, decodeValue, encodeValue, type MessageRef } from './action-values';
import { plain, post, type ThreadHooks } from './ask-handlers';
import { captureConfirmation } from './capture-modal';
import { messageIdOf } from './capture-request';
import { type HandlerDeps, PLATFORM, workspaceOf } from './handler-deps';
import { fitMrkdwn, plainQuestion, safeText } from './mrkdwn';
import { button, section, type SlackMessage } from './render-reply';
import { displayNames, fetchThread, isPersonMessage, mentionedIds, permalinkOf, type ThreadMessage as SlackThreadMessage, tsToMs } from './slack-thread';
import { actionEnvelope, teamOfAction } from './slack-events';
import { tellPrivately } from './tell-privately';

/** How a capture's outcome reaches the person who asked for it. */
type Tell = (message: SlackMessage) => Promise<void>;

/**
 * Captures straight from a thread, without a form: `@Lore capture` keeps the thread's best
 * answer, and whoever answers a question Lore could not (or one passed to the experts) is
 * offered a one-click capture of their reply. When an article already answers the
 * question, the person chooses: add the question to it, append the answer, or keep apart.
 */
export function registerThreadCapture(app: App, deps: HandlerDeps): ThreadHooks {
  const { lore } = deps;

  app.action<BlockButtonAction>(ACTIONS.captureReply, async ({ ack, body, action, client, respond, context }) => {
    await ack();
    const envelope = actionEnvelope.safeParse(body);
    const value = decodeValue(captureReplyValue, action.value);
    const team = envelope.success ? teamOfAction(envelope.data) : undefined;
    if (!envelope.success || !value || !team) return deps.logger.warn({ action: ACTIONS.captureReply }, 'ignored a malformed click');
    const tell: Tell = (message) => tellPrivately(client, respond, envelope.data, message);
    const asked = lore.votes.question(value.q);
    if (!asked || asked.workspace !== workspaceOf(team)) return tell(plain('That question is not from this workspace.'));
    await capture(client, { team, user: envelope.data.user.id, ref: value, question: asked.text, botUserId: context.botUserId, tell });
  });

  app.action<BlockButtonAction>(CAPTURE_CHOICE_ACTION, async ({ ack, body, action, client, respond, context }) => {
    await ack();
    const envelope = actionEnvelope.safeParse(body);
    const value = decodeValue(captureChoiceValue, action.value);
    const team = envelope.success ? teamOfAction(envelope.data) : undefined;
    if (!envelope.success || !value || !team) return deps.logger.warn({ action: ACTIONS.captureChoice }, 'ignored a malformed click');
    const tell: Tell = (message) => tellPrivately(client, respond, envelope.data, message);
    // A double click must not merge twice; the capture's dedupe key covers what outlives this process.
    const key = `choice:${team}:${value.c}:${value.t}`;
    if (!deps.recent.claim(key)) return;
    try {
      await capture(client, { team, user: envelope.data.user.id, ref: value, question: value.q, botUserId: context.botUserId, tell, choice: value.d, mergeInto: value.a });
    } catch (error) {
      deps.recent.release(key);
      throw error;
    }
  });

  return {
    async captureBestAnswer({ client, team, channel, threadTs, user, botUserId }) {
      const tell: Tell = async (message) => {
        await client.chat.postEphemeral({ channel, user, thread_ts: threadTs, ...message });
      };
      const messages = await fetchThread(client, channel, threadTs);
      const thread = coreThread(channel, messages);
      const isCommand = (message: ThreadMessage) => /^\s*<@[A-Z0-9]+>\s*capture\b/i.test(message.text);
      const best = thread && bestAnswer(thread, isCommand);
      if (!best) return tell(plain('I found no answer to keep in this thread yet. Once someone answers, try again, or use the “Capture answer” shortcut on the answer.'));
      const ts = best.id.slice(channel.length + 1);
      await capture(client, { team, user, ref: { c: channel, t: ts, th: threadTs }, thread: messages, tell, botUserId });
    },

    async offerCapture({ client, team, message }) {
      // "thanks!" from a colleague is no answer to keep, and must not use up the one offer.
      if (smallTalkOf(plainQuestion(message.text))) return;
      const place = `${message.channel}:${message.thread_ts}`;
      const due = lore.nudges.due({ workspace: workspaceOf(team), place, answeredBy: message.user, answeredAt: lore.clock.now() });
      let questionId = due?.questionId;
      if (questionId === undefined) {
        const asked = deps.experts.at(team, message.channel, message.thread_ts);
        if (!asked || asked.asker === message.user || !deps.recent.claim(`offer:${team}:${asked.questionId}`)) return;
        questionId = asked.questionId;
      }
      const question = lore.votes.question(questionId)?.text ?? '';
      const value = encodeValue({ c: message.channel, t: message.ts, th: message.thread_ts, q: questionId });
      const text = `💡 Thanks for answering “${fitMrkdwn(safeText(question), 500)}”. Keep your answer in Lore, so the next person who asks gets it at once?`;
      await client.chat.postEphemeral({
        channel: message.channel,
        user: message.user,
        thread_ts: message.thread_ts,
        text,
        blocks: [section(text), { type: 'actions', elements: [button('Keep my answer', ACTIONS.captureReply, value, 'primary')] }],
      });
    },
  };

  /** Captures one message of a thread: the answer; the question is given or the thread's first message. */
  async function capture(
    client: webApi.WebClient,
    args: { team: string; user: string; ref: MessageRef; tell: Tell; botUserId?: string; question?: string; thread?: SlackThreadMessage[]; choice?: 'merge' | 'append' | 'new'; mergeInto?: string },
  ): Promise<void> {
    const { ref, tell } = args;
    const messages = args.thread ?? (await fetchThread(client, ref.c, ref.th));
    const thread = coreThread(ref.c, messages);
    const id = messageIdOf(ref.c, ref.t);
    const chosen = messages.find((message) => message.ts === ref.t);
    const isRoot = thread?.root.id === id;
    if (!thread || !chosen || !(isRoot || thread.replies.some((reply) => reply.id === id)) || (isRoot && !args.question)) {
      return tell(plain('I could not find that answer and its question any more; use the “Capture answer” shortcut on the answer instead.'));
    }
    const question = args.question ?? thread.root.text;
    const names = await displayNames(client, [chosen.user, ...mentionedIds(question, chosen.text)], args.botUserId, deps.logger);
    const url = await permalinkOf(client, ref.c, ref.t);
    let result: CaptureResult;
    try {
      const request = captureFromThread(thread, id, { workspace: workspaceOf(args.team), platform: PLATFORM, capturedBy: args.user });
      result = lore.capturer.capture({
        ...request,
        // A question passed to the experts is asked in their thread's root by Lore: the logged question is the one.
        question,
        answerAuthor: (chosen.user && names.get(chosen.user)) ?? request.answerAuthor,
        sourceUrl: url ?? null,
        names: (userId) => names.get(userId),
        botNames: ['lore'],
        onDuplicate: args.choice ?? 'ask',
        ...(args.mergeInto && args.choice !== 'new' ? { mergeInto: args.mergeInto } : {}),
      });
    } catch (error) {
      if (!isLoreError(error)) throw error;
      return tell(plain(`I could not keep that answer: ${safeText(error.message)}`));
    }
    if (result.action === 'duplicate') return tell(duplicateOffer(ref, result.article, result.confidence, args.question));
    if (result.repeated) return tell(plain(`That answer is already kept as *${safeText(result.article.title)}*.`));
    await post(client, { channel: ref.c, thread_ts: ref.th, ...plain(captureConfirmation(result.action, result.article.title, args.choice === 'append')) });
  }
}

/**
 * A Slack thread as the core reads threads: the first message is the question, the
 * replies are what people wrote (Lore's and other bots' messages, and edits, left out).
 */
function coreThread(channel: string, messages: readonly SlackThreadMessage[]): Thread | undefined {
  const [root, ...rest] = messages;
  if (!root) return undefined;
  const replies = rest.filter((message) => !message.bot_id && isPersonMessage(message.subtype) && message.user && message.text.trim());
  return { format: 'slack', root: asCoreMessage(channel, root), replies: replies.map((message) => asCoreMessage(channel, message)) };
}

function asCoreMessage(channel: string, message: SlackThreadMessage): ThreadMessage {
  return { id: messageIdOf(channel, message.ts), author: message.user ?? message.bot_id ?? '', at: tsToMs(message.ts), text: message.text };
}

function duplicateOffer(ref: MessageRef, article: { id: string; title: string }, confidence: number, question?: string): SlackMessage {
  const choice = (d: 'merge' | 'append' | 'new') => encodeValue({ ...ref, a: article.id, d, ...(question ? { q: question.slice(0, 1500) } : {}) });
  const text = `📚 *${safeText(article.title)}* already answers this question (${Math.round(confidence * 100)}% sure). What should I do with this answer?`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          button('Add the question to it', `${ACTIONS.captureChoice}_merge`, choice('merge'), 'primary'),
          button('Append the answer', `${ACTIONS.captureChoice}_append`, choice('append')),
          button('Save a new article', `${ACTIONS.captureChoice}_new`, choice('new')),
        ],
      },
    ],
  };
}
