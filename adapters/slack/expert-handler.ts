import type { App, BlockButtonAction, webApi } from '@slack/bolt';
import { ACTIONS, decodeValue, questionValue } from './action-values';
import { plain, post } from './ask-handlers';
import { type HandlerDeps, workspaceOf } from './handler-deps';
import { fitMrkdwn, safeText } from './mrkdwn';
import { section } from './render-reply';
import { actionEnvelope, teamOfAction } from './slack-events';
import { tellPrivately } from './tell-privately';

/**
 * "Ask an expert": posts the question in LORE_SLACK_EXPERTS_CHANNEL with a link to the
 * asker's thread, once per question however often it is clicked. Both threads are
 * remembered, so whoever answers there is offered a one-click capture.
 */
export function registerAskExpert(app: App, deps: HandlerDeps): void {
  const { lore, settings } = deps;

  app.action<BlockButtonAction>(ACTIONS.askExpert, async ({ ack, body, action, client, respond }) => {
    await ack();
    const envelope = actionEnvelope.safeParse(body);
    const value = decodeValue(questionValue, action.value);
    const team = envelope.success ? teamOfAction(envelope.data) : undefined;
    if (!envelope.success || !value || !team) return deps.logger.warn({ action: ACTIONS.askExpert }, 'ignored a malformed click');
    const tell = (text: string) => tellPrivately(client, respond, envelope.data, plain(text));
    const asked = lore.votes.question(value.q);
    if (!asked || asked.workspace !== workspaceOf(team)) return tell('That question is not from this workspace.');
    if (!settings.expertsChannel) return tell('No experts channel is set up yet (LORE_SLACK_EXPERTS_CHANNEL); ask in your team’s help channel.');
    const experts = settings.expertsChannel;
    if (!deps.recent.claim(`expert:${team}:${value.q}`)) return tell(`The experts in <#${experts}> already have this question.`);

    try {
      const channel = envelope.data.container?.channel_id ?? envelope.data.channel?.id;
      const messageTs = envelope.data.container?.message_ts ?? envelope.data.message?.ts;
      const threadTs = envelope.data.container?.thread_ts ?? envelope.data.message?.thread_ts ?? messageTs;
      const visible = channel && messageTs && !envelope.data.container?.is_ephemeral && !channel.startsWith('D');
      const link = visible ? await permalink(client, channel, messageTs) : undefined;
      const posted = await post(client, { channel: experts, ...expertPost(asked.text, link) });
      const question = { questionId: value.q, asker: envelope.data.user.id };
      if (posted.ts) deps.experts.add(team, experts, posted.ts, question);
      if (visible && threadTs) deps.experts.add(team, channel, threadTs, question);
      await tell(`🙋 I've passed your question to the experts in <#${experts}>.${visible ? ' They will answer in this thread.' : ''}`);
    } catch (error) {
      deps.recent.release(`expert:${team}:${value.q}`);
      throw error;
    }
  });
}

async function permalink(client: webApi.WebClient, channel: string, messageTs: string): Promise<string | undefined> {
  const found = await client.chat.getPermalink({ channel, message_ts: messageTs });
  return found.permalink;
}

function expertPost(question: string, link: string | undefined): { text: string; blocks: ReturnType<typeof section>[] } {
  const where = link && /^https:\/\/[^\s|<>]+$/.test(link) ? `<${link}|Open the thread>` : 'It was asked privately, so answer here.';
  const quoted = fitMrkdwn(safeText(question), 2500).replace(/\n/g, '\n>');
  return {
    text: fitMrkdwn(`Question for the experts: ${safeText(question)}`, 1000),
    blocks: [
      section(`❓ *Question for the experts*\n>${quoted}`),
      section(`${where} Lore could not answer it; when you do, Lore offers to keep your answer as an article.`),
    ],
  };
}
