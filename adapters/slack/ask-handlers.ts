import type { App, BlockButtonAction, webApi } from '@slack/bolt';
import { type AskContext, type PreviousQuestion, type Reply, smallTalkOf } from '../../src/index';
import { TOO_BUSY } from '../common/answer-queue';

import { ACTIONS, decodeValue, questionValue } from './action-values';
import { AnswerMessages } from './answer-messages';
import { type HandlerDeps, PLATFORM, workspaceOf } from './handler-deps';
import { plainQuestion } from './mrkdwn';
import { renderReply, type SlackMessage } from './render-reply';
import { isPersonMessage } from './slack-thread';
import { actionEnvelope, eventEnvelope, type MessageEvent, mentionEvent, messageEvent, slashCommand, teamOfAction } from './slack-events';
import { acknowledgerOf } from './tracked-receiver';
import { isUpkeepCommand, upkeepCommandReply } from './upkeep-handlers';

/** Told to the asker of a question acknowledged but not logged (the database was locked): Slack will not retry it. */
const COULD_NOT_TAKE = 'Lore could not take your question just now (it is busy). Please ask again in a moment.';

/** What Lore says to a mention or a message with no question in it. */
export const HOW_TO_ASK = 'Ask me a question, e.g. “@Lore how do I connect to the VPN from home?”, or type `/lore` and your question.';

/** How long after a question in a direct message a message there may still go on from it. */
export const FOLLOW_UP_WINDOW_MS = 30 * 60 * 1000;

/** Called for `@Lore capture` in a thread, and for replies in threads (capture offers). */
export interface ThreadHooks {
  captureBestAnswer(args: { client: webApi.WebClient; team: string; channel: string; threadTs: string; user: string; botUserId?: string }): Promise<void>;
  offerCapture(args: { client: webApi.WebClient; team: string; message: MessageEvent & { user: string; thread_ts: string } }): Promise<void>;
}

/**
 * Where people ask: a mention in a channel (answered in its thread), a direct message, and,
 * in the channels listed in LORE_SLACK_AUTO_CHANNELS, any new message (answered only when
 * Lore is confident, silently skipped otherwise). A message is answered once, however
 * many events announce it (a mention in an auto channel comes as two) or retries repeat it.
 */
export function registerAsking(app: App, deps: HandlerDeps, hooks: ThreadHooks): void {
  const { lore, settings, recent } = deps;

  app.event('app_mention', async ({ event, body, client, context }) => {
    const envelope = eventEnvelope.safeParse(body);
    const mention = mentionEvent.safeParse(event);
    if (!envelope.success || !mention.success) return deps.logger.warn({ event: 'app_mention' }, 'ignored a malformed mention');
    const team = envelope.data.team_id;
    const { user, channel, ts } = mention.data;
    const threadTs = mention.data.thread_ts ?? ts;
    const acknowledge = acknowledgerOf(context);
    await recent.once(`message:${team}:${channel}:${ts}`, async () => {
      const question = plainQuestion(mention.data.text, context.botUserId);
      if (/^capture\b/i.test(question) && mention.data.thread_ts) {
        await acknowledge();
        return hooks.captureBestAnswer({ client, team, channel, threadTs, user, botUserId: context.botUserId });
      }
      if (!question) {
        await acknowledge();
        return void (await post(client, { channel, thread_ts: threadTs, ...plain(HOW_TO_ASK) }));
      }
      // In a thread Lore answered in, "@Lore still broken" goes on from the question there.
      await answerOrDecline(client, { channel, threadTs }, acknowledge, async () => {
        const previous = mention.data.thread_ts ? previousIn(team, { place: `${channel}:${threadTs}` }) : undefined;
        const reply = ask(question, team, user, `${channel}:${threadTs}`, previous?.text);
        // The question is logged: Slack's request is answered, and the answer posted after.
        await acknowledge();
        await postReply(client, deps, { team, channel, threadTs, reply });
      });
    });
  });

  app.message(async ({ event, body, client, context }) => {
    const envelope = eventEnvelope.safeParse(body);
    const parsed = messageEvent.safeParse(event);
    if (!envelope.success || !parsed.success) return;
    const message = parsed.data;
    const { user } = message;
    // Edits, joins and bots (Lore included) are not questions; a reply also sent to the channel is a reply.
    if (!isPersonMessage(message.subtype) || message.bot_id || !user) return;
    const team = envelope.data.team_id;
    const mentionsLore = context.botUserId !== undefined && message.text.includes(`<@${context.botUserId}>`);
    const inThread = message.thread_ts !== undefined && message.thread_ts !== message.ts;

    const acknowledge = acknowledgerOf(context);
    const key = `message:${team}:${message.channel}:${message.ts}`;

    if (message.channel_type === 'im') {
      await recent.once(key, async () => {
        const question = plainQuestion(message.text, context.botUserId);
        if (!question) {
          await acknowledge();
          return void (await post(client, { channel: message.channel, thread_ts: message.thread_ts, ...plain(HOW_TO_ASK) }));
        }
        await answerOrDecline(client, { channel: message.channel, threadTs: message.thread_ts }, acknowledge, async () => {
          // A direct message is one conversation: in a thread, its question; otherwise the last one asked lately.
          const previous = message.thread_ts
            ? previousIn(team, { place: `${message.channel}:${message.thread_ts}` })
            : previousIn(team, { placePrefix: `${message.channel}:` }, lore.clock.now() - FOLLOW_UP_WINDOW_MS);
          const reply = ask(question, team, user, `${message.channel}:${message.thread_ts ?? message.ts}`, previous?.text);
          await acknowledge();
          await postReply(client, deps, { team, channel: message.channel, threadTs: message.thread_ts, reply });
        });
      });
      return;
    }
    // A mention is answered by the app_mention handler; a reply in a thread may be an answer to capture.
    if (mentionsLore) return;
    if (inThread) {
      // The asker writing on under Lore's answer ("still broken") gets an answer read with
      // their question, when there is one; anyone else's reply may be an answer to capture.
      const place = `${message.channel}:${message.thread_ts}`;
      const asked = previousIn(team, { place });
      if (asked?.decision === 'answer' && asked.asker === user) {
        const question = plainQuestion(message.text, context.botUserId);
        await acknowledge();
        if (!question || smallTalkOf(question)) return;
        await recent.once(key, async () => {
          if (!lore.answerer.readsAsFollowUp(question, asked.text, askContext(team, user, place))) return;
          const reply = ask(question, team, user, place, asked.text);
          if (reply.decision === 'answer') await postReply(client, deps, { team, channel: message.channel, threadTs: message.thread_ts, reply });
        });
        return;
      }
      // An offer to capture is a courtesy; Slack need not wait for it.
      await acknowledge();
      return hooks.offerCapture({ client, team, message: { ...message, user, thread_ts: message.thread_ts! } });
    }
    if (!settings.autoChannels.includes(message.channel)) return;
    const question = plainQuestion(message.text, context.botUserId);
    if (!question) return;
    await recent.once(key, async () => {
      // Nobody asked Lore here, so a question turned away when busy gets no word back either.
      const outcome = await deps.answerQueue.run(async () => {
        const reply = ask(question, team, user, `${message.channel}:${message.ts}`);
        await acknowledge();
        if (reply.decision === 'answer') await postReply(client, deps, { team, channel: message.channel, threadTs: message.ts, reply });
      });
      if (outcome === 'busy') await acknowledge();
    });
  });

  app.command('/lore', async ({ command, ack, respond }) => {
    await ack();
    const parsed = slashCommand.safeParse(command);
    if (!parsed.success) return deps.logger.warn({ command: '/lore' }, 'ignored a malformed slash command');
    const question = plainQuestion(parsed.data.text);
    if (!question || question.toLowerCase() === 'help') return void (await respond({ response_type: 'ephemeral', ...plain(HOW_TO_ASK) }));
    const subcommand = question.toLowerCase();
    if (isUpkeepCommand(subcommand)) return void (await respond(upkeepCommandReply(subcommand, deps, { team: parsed.data.team_id, user: parsed.data.user_id })));
    const outcome = await deps.answerQueue.run(async () => {
      let reply: Reply;
      try {
        reply = ask(question, parsed.data.team_id, parsed.data.user_id, parsed.data.channel_id);
      } catch (error) {
        // Slack never retries a slash command: say so rather than leave the question unanswered.
        await respond({ response_type: 'ephemeral', ...plain(COULD_NOT_TAKE) });
        throw error;
      }
      // Small talk has nothing to share in a channel.
      if (!reply.smallTalk) deps.replies.remember(reply);
      await respond({ response_type: 'ephemeral', ...renderReply(reply, { shareable: true }) });
    });
    if (outcome === 'busy') await respond({ response_type: 'ephemeral', ...plain(TOO_BUSY) });
  });

  // "Share in channel" under a private /lore answer: posts it for everyone, then removes the private copy.
  app.action<BlockButtonAction>(ACTIONS.share, async ({ ack, body, action, client, respond }) => {
    await ack();
    const envelope = actionEnvelope.safeParse(body);
    const value = decodeValue(questionValue, action.value);
    const team = envelope.success ? teamOfAction(envelope.data) : undefined;
    const channel = envelope.success ? (envelope.data.container?.channel_id ?? envelope.data.channel?.id) : undefined;
    if (!value || !team || !channel) return deps.logger.warn({ action: ACTIONS.share }, 'ignored a malformed click');
    const reply = deps.replies.get(value.q);
    if (!reply || lore.votes.question(value.q)?.workspace !== workspaceOf(team)) {
      return void (await respond({ response_type: 'ephemeral', replace_original: false, ...plain('That answer is too old to share; ask again with `/lore`.') }));
    }
    if (!recent.claim(`share:${team}:${value.q}`)) return;
    try {
      await postReply(client, deps, { team, channel, reply });
    } catch (error) {
      recent.release(`share:${team}:${value.q}`);
      const reason = (error as { data?: { error?: string } }).data?.error;
      if (reason !== 'not_in_channel' && reason !== 'channel_not_found') throw error;
      return void (await respond({ response_type: 'ephemeral', replace_original: false, ...plain("I can't post here yet: add me with `/invite @Lore`, then share again.") }));
    }
    await respond({ delete_original: true });
  });

  /**
   * Answers from the queue: `answer` acknowledges once the question is logged, so a question
   * Lore cannot log is not acknowledged and Slack retries it. A question that must wait for
   * its turn is acknowledged at once (Slack allows 3 s), and told if it then cannot be taken;
   * when the queue is full, it is acknowledged and told Lore is too busy.
   */
  async function answerOrDecline(
    client: webApi.WebClient,
    where: { channel: string; threadTs?: string },
    acknowledge: () => Promise<void>,
    answer: () => Promise<void>,
  ): Promise<void> {
    const waits = !deps.answerQueue.hasTurnNow;
    if (waits) await acknowledge();
    const outcome = await deps.answerQueue.run(async () => {
      try {
        await answer();
      } catch (error) {
        if (waits) await post(client, { channel: where.channel, thread_ts: where.threadTs, ...plain(COULD_NOT_TAKE) });
        throw error;
      }
    });
    if (outcome === 'answered') return;
    await acknowledge();
    await post(client, { channel: where.channel, thread_ts: where.threadTs, ...plain(TOO_BUSY) });
  }

  /**
   * `place` is `channel` or `channel:thread_ts`; the answer is seen in that channel, which
   * decides what restricted articles it may use. `previous`: the question asked there before.
   */
  function ask(question: string, team: string, asker: string, place: string, previous?: string): Reply {
    return lore.answerer.ask(question, askContext(team, asker, place), previous ? { previous } : {});
  }

  function askContext(team: string, asker: string, place: string): AskContext {
    const channel = place.split(':')[0] ?? place;
    return { workspace: workspaceOf(team), platform: PLATFORM, asker, place, channel };
  }

  function previousIn(team: string, where: { place: string } | { placePrefix: string }, since?: number): PreviousQuestion | undefined {
    return lore.questions.previousIn(workspaceOf(team), where, since);
  }
}

/** Posts a reply in a channel or thread; an answer carries metadata so reactions on it become votes. */
export async function postReply(
  client: webApi.WebClient,
  deps: HandlerDeps,
  where: { team: string; channel: string; threadTs?: string; reply: Reply; buttons?: boolean },
): Promise<string | undefined> {
  const { reply } = where;
  const top = reply.decision === 'answer' ? reply.results[0] : undefined;
  const answer = top ? { questionId: reply.questionId, articleId: top.id } : undefined;
  const posted = await post(client, {
    channel: where.channel,
    thread_ts: where.threadTs,
    ...renderReply(reply, { buttons: where.buttons }),
    ...(answer ? { metadata: AnswerMessages.metadata(answer) } : {}),
  });
  if (answer && posted.ts) deps.answers.remember(where.team, where.channel, posted.ts, { ...answer, ...(where.threadTs ? { threadTs: where.threadTs } : {}) });
  return posted.ts;
}

/** chat.postMessage with links never unfurled: an article's link preview could be anything. */
export function post(
  client: webApi.WebClient,
  message: SlackMessage & { channel: string; thread_ts?: string; metadata?: ReturnType<typeof AnswerMessages.metadata> },
): Promise<webApi.ChatPostMessageResponse> {
  return client.chat.postMessage({ ...message, unfurl_links: false, unfurl_media: false });
}

/** A message of Lore's own words, as blocks and fallback text. */
export function plain(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
