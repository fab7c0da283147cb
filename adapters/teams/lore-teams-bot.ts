import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type CloudAdapter,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  MessageFactory,
  type TaskModuleRequest,
  type TaskModuleResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { Editors, isLoreError, type Logger, type Lore, readArticle, type Reply, type VoteOutcome } from '../../src/index';
import { type AnswerQueue, TOO_BUSY } from '../common/answer-queue';
import type { RecentKeys } from '../common/recent-keys';
import { cardAction, type ParsedCardAction } from './card-actions';
import {
  type AdaptiveCard,
  ADAPTIVE_CARD_TYPE,
  articleCard,
  asAttachment,
  cardText,
  expertCard,
  messageCard,
  replyCard,
} from './cards';
import { openCaptureDialog, submitCaptureDialog } from './capture-dialog';
import { type Actor, actorOf, channelOf, kindOf, linkTo, PLATFORM, questionText } from './teams-activity';
import type { TeamsConversations } from './teams-conversations';
import { isUpkeepCommand, upkeepCommandCard, verifyAction, verifyCard } from './upkeep-commands';
import type { TeamsSettings } from './teams-settings';

export { CAPTURE_COMMAND_ID } from './capture-dialog';
export { PLATFORM, workspaceOf } from './teams-activity';

/** How long after a question in a chat (outside a channel's reply chain) a message there may still go on from it. */
export const FOLLOW_UP_WINDOW_MS = 30 * 60 * 1000;

export const HOW_TO_ASK = 'Ask me a question, e.g. “how do I connect to the VPN from home?”. In a channel, mention me first: “@Lore how do I…”. To keep someone’s answer as an article, use ••• › Capture as article on their message.';

export interface TeamsBotDeps {
  lore: Lore;
  settings: TeamsSettings;
  logger: Logger;
  adapter: CloudAdapter;
  conversations: TeamsConversations;
  recent: RecentKeys;
  /** Where questions wait for an answer; full, they are told Lore is too busy. */
  answerQueue: AnswerQueue;
}

/**
 * Lore in Teams: questions in a personal chat, a group chat or a channel (by mention,
 * answered in the reply chain) get an Adaptive Card; its 👍 / 👎 and Ask an expert are
 * universal actions whose data carries what they need; the "Capture as article" message
 * action opens a dialog that becomes an article. Every tenant sees only its own base.
 */
export class LoreTeamsBot extends TeamsActivityHandler {
  /** Who may verify any article, besides its owner. */
  private readonly editors: Editors;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.editors = Editors.parse(deps.settings.editors);
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      const actor = this.actorOf(context);
      if (actor && context.activity.conversation.conversationType === 'personal') await context.sendActivity(HOW_TO_ASK);
      await next();
    });
  }

  /** Every activity first: who sent it, from which tenant; and where Lore can speak later. */
  override async run(context: TurnContext): Promise<void> {
    const actor = this.actorOf(context);
    if (actor) this.remember(actor, context.activity);
    await super.run(context);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const actor = this.actorOf(context);
    if (!actor) return void (await context.sendActivity('I can’t tell which organisation this chat belongs to, so I can’t answer here.'));
    // An Action.Submit from a client too old for universal actions arrives as a message with a value.
    const verify = verifyAction.safeParse(context.activity.value);
    if (verify.success) return void (await context.sendActivity(MessageFactory.attachment(asAttachment(verifyCard(this.deps.lore, this.editors, actor, verify.data)))));
    const clicked = cardAction.safeParse(context.activity.value);
    // "Show the whole article" from a client without dialogs: the article comes as a card of its own, the answer stays.
    if (clicked.success && clicked.data.lore === 'article') {
      return void (await context.sendActivity(MessageFactory.attachment(asAttachment(this.article(actor, clicked.data.a, clicked.data.p)))));
    }
    if (clicked.success) return this.handleSubmittedClick(context, actor, clicked.data);
    if (context.activity.value !== undefined && !context.activity.text) return;

    const id = context.activity.id;
    const answer = async (): Promise<void> => {
      const question = questionText(context.activity);
      const command = question.toLowerCase().replace(/[.!?]+$/, '');
      if (!question || command === 'help' || command === '?') return void (await context.sendActivity(HOW_TO_ASK));
      if (isUpkeepCommand(command)) {
        const viewer = { workspace: actor.workspace, person: actor.person, isEditor: this.editors.includes(actor.person, PLATFORM) };
        return void (await context.sendActivity(MessageFactory.attachment(asAttachment(upkeepCommandCard(command, this.deps.lore, viewer)))));
      }
      const place = actor.activity.conversation.id;
      // A channel's reply chain is one thread; a chat goes on from what was asked in it lately.
      const since = place.includes(';messageid=') ? 0 : this.deps.lore.clock.now() - FOLLOW_UP_WINDOW_MS;
      const outcome = await this.deps.answerQueue.run(async () => {
        const previous = this.deps.lore.questions.previousIn(actor.workspace, { place }, since);
        const reply = this.deps.lore.answerer.ask(
          question,
          { workspace: actor.workspace, platform: PLATFORM, asker: actor.person, place, channel: channelOf(actor.activity) },
          previous ? { previous: previous.text } : {},
        );
        await context.sendActivity({ ...MessageFactory.attachment(asAttachment(replyCard(reply))), summary: cardText(reply.question, 200) });
      });
      if (outcome === 'busy') await context.sendActivity(TOO_BUSY);
    };
    // Kept once handled (in the database, for any process); released when handling fails, so a retry is answered.
    if (!id) return answer();
    await this.deps.recent.once(`activity:${actor.tenantId}:${id}`, answer);
  }

  /** Action.Execute: the card is redrawn from the response, in place. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const actor = this.actorOf(context);
    const verify = verifyAction.safeParse(invokeValue?.action?.data);
    if (actor && verify.success) return cardResponse(verifyCard(this.deps.lore, this.editors, actor, verify.data));
    const clicked = cardAction.safeParse(invokeValue?.action?.data);
    if (!actor || !clicked.success) return cardResponse(messageCard('That button is not one of Lore’s, or it is from an older version; ask again.'), 400);
    return cardResponse(await this.click(context, actor, clicked.data));
  }

  private async handleSubmittedClick(context: TurnContext, actor: Actor, clicked: ParsedCardAction): Promise<void> {
    const card = await this.click(context, actor, clicked);
    const replyToId = context.activity.replyToId;
    if (replyToId) {
      try {
        await context.updateActivity({ ...MessageFactory.attachment(asAttachment(card)), id: replyToId });
        return;
      } catch (error) {
        // The vote is already counted; only the redraw failed, so say it in a new message.
        this.deps.logger.warn({ err: error }, 'could not update a Teams card in place');
      }
    }
    await context.sendActivity(MessageFactory.attachment(asAttachment(card)));
  }

  /** A click on a card: count the vote or call the experts, and return the card to show now. */
  private async click(context: TurnContext, actor: Actor, clicked: ParsedCardAction): Promise<AdaptiveCard> {
    const { lore } = this.deps;
    if (clicked.lore === 'capture') return messageCard('Use ••• › Capture as article on the message you want to keep.');
    if (clicked.lore === 'article') return this.article(actor, clicked.a, clicked.p);
    const asked = lore.votes.question(clicked.q);
    if (!asked || asked.workspace !== actor.workspace) return messageCard('That answer is not from this organisation, so nothing was recorded.');
    const reply = lore.answerer.recall(clicked.q);
    if (!reply) return messageCard('That answer is no longer on record; ask again.');

    if (clicked.lore === 'expert') return replyCard(reply, { notice: await this.askExperts(context, actor, reply) });

    const value = clicked.v === 'up' ? 1 : -1;
    let outcome: VoteOutcome;
    try {
      outcome = lore.feedback.vote({ questionId: clicked.q, articleId: clicked.a, voter: actor.person, value }).outcome;
    } catch (error) {
      if (!isLoreError(error)) throw error;
      return replyCard(reply, { notice: `The vote was not counted: ${cardText(error.message, 300)}` });
    }
    const voted = { value, unchanged: outcome === 'unchanged' } as const;
    if (value < 0 && outcome !== 'unchanged') return replyCard(reply, { voted, alternatives: this.alternatives(actor.workspace, clicked.o) });
    return replyCard(reply, { voted });
  }

  /** The other candidates an answer listed, as far as this tenant may see them. */
  private alternatives(workspace: string, ids: readonly string[]): Array<{ title: string; sourceUrl: string | null }> {
    return ids
      .map((id) => this.deps.lore.knowledge.get(id))
      .filter((article) => article !== undefined && article.status === 'published' && (article.workspace === '' || article.workspace === workspace))
      .map((article) => ({ title: article!.title, sourceUrl: article!.sourceUrl }));
  }

  /**
   * Posts the question in LORE_TEAMS_EXPERTS_CHANNEL, once per question, through the
   * channel's stored reference (or the asker's service, for a channel Lore has not seen
   * yet); returns the line to show under the answer.
   */
  private async askExperts(context: TurnContext, actor: Actor, reply: Reply): Promise<string> {
    const { settings, conversations, recent, adapter } = this.deps;
    const channel = settings.expertsChannel;
    if (!channel) return 'No experts channel is set up yet (LORE_TEAMS_EXPERTS_CHANNEL); ask in your team’s help channel.';
    const owner = conversations.tenantOf(channel);
    if (owner && owner !== actor.tenantId) return 'The experts channel belongs to another organisation, so your question was not passed on.';
    const key = `expert:${actor.tenantId}:${reply.questionId}`;
    if (!recent.claim(key)) return '🙋 The experts already have this question.';
    const stored = conversations.find(actor.tenantId, channel);
    const reference = stored?.reference ?? {
      serviceUrl: actor.activity.serviceUrl,
      channelId: 'msteams',
      conversation: { id: channel, isGroup: true, conversationType: 'channel', tenantId: actor.tenantId, name: '' },
      ...(actor.activity.recipient ? { bot: { id: actor.activity.recipient.id, name: actor.activity.recipient.name ?? 'Lore' } } : {}),
    };
    const card = expertCard(reply.question, actor.name, linkTo(actor));
    try {
      await adapter.continueConversationAsync(settings.appId ?? '', reference, async (channelContext) => {
        // Sent to the channel itself, not as a reply, so it starts a thread of its own there.
        const connector = channelContext.turnState.get<ConnectorClient>(channelContext.adapter.ConnectorClientKey);
        await connector.conversations.sendToConversation(channel, { ...MessageFactory.attachment(asAttachment(card)), channelData: { channel: { id: channel } } });
      });
    } catch (error) {
      recent.release(key);
      this.deps.logger.error({ err: error, channel }, 'could not post in the Teams experts channel');
      return 'I could not reach the experts channel; make sure Lore is added to its team, then try again.';
    }
    return `🙋 I've passed your question to the experts${stored?.name ? ` in ${stored.name}` : ''}.`;
  }

  /** "Show the whole article" opens a dialog with it; read as the person who clicked, where they clicked. */
  protected override async handleTeamsTaskModuleFetch(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    return this.articleDialog(context, request);
  }

  /** The dialog's page buttons: the same article at another page. */
  protected override async handleTeamsTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    return this.articleDialog(context, request);
  }

  private articleDialog(context: TurnContext, request: TaskModuleRequest): TaskModuleResponse {
    const actor = this.actorOf(context);
    const clicked = cardAction.safeParse(request?.data);
    if (!actor) return { task: { type: 'message', value: 'I can’t tell which organisation this is, so I can’t show articles here.' } };
    if (!clicked.success || clicked.data.lore !== 'article') return { task: { type: 'message', value: 'That button is not one of Lore’s, or it is from an older version; ask again.' } };
    const card = this.article(actor, clicked.data.a, clicked.data.p);
    return { task: { type: 'continue', value: { title: 'Lore', height: 'large', width: 'large', card: asAttachment(card) } } };
  }

  /** The article as a card at a page, or a word that it can't be shown: its id alone opens nothing the person may not see. */
  private article(actor: Actor, articleId: string, page: number): AdaptiveCard {
    const reading = readArticle(this.deps.lore.knowledge, articleId, { workspace: actor.workspace, channel: channelOf(actor.activity) });
    return reading ? articleCard(reading, page) : messageCard('That article is no longer in the knowledge base, or not one you can open here.');
  }

  /** The message action opens the capture dialog, prefilled from the chosen message. */
  protected override async handleTeamsMessagingExtensionFetchTask(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return openCaptureDialog(this.deps.lore, this.actorOf(context), action);
  }

  /** The dialog's submit: the article is created, merged or drafted, and Teams shows the outcome. */
  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return submitCaptureDialog(this.deps.lore, this.actorOf(context), action);
  }

  private actorOf(context: TurnContext): Actor | undefined {
    return actorOf(context.activity);
  }

  private remember(actor: Actor, raw: TurnContext['activity']): void {
    const { activity } = actor;
    const kind = kindOf(activity.conversation.conversationType);
    if (!kind) return;
    const channelId = channelOf(activity);
    const reference = TurnContext.getConversationReference(raw);
    // A channel is remembered as itself, so posting there starts a new thread rather than replying in this one.
    reference.conversation = { ...reference.conversation!, id: channelId };
    delete reference.activityId;
    try {
      this.deps.conversations.remember({
        tenantId: actor.tenantId,
        conversationId: channelId,
        kind,
        teamId: activity.channelData?.team?.id ?? null,
        name: activity.channelData?.channel?.name ?? activity.conversation.name ?? null,
        reference,
      });
    } catch (error) {
      // Answering matters more than remembering where: a locked database must not cost the reply.
      this.deps.logger.warn({ err: error }, 'could not remember a Teams conversation');
    }
  }
}

function cardResponse(card: AdaptiveCard, statusCode = 200): AdaptiveCardInvokeResponse {
  return { statusCode, type: ADAPTIVE_CARD_TYPE, value: card };
}
