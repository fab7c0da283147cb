import type { App, BlockButtonAction } from '@slack/bolt';
import { Editors, type Lore, SHARED_WORKSPACE } from '../../src/index';
import { decodeValue } from './action-values';
import { homeBlocks } from './app-home';
import { type HandlerDeps, PLATFORM, workspaceOf } from './handler-deps';
import { safeText } from './mrkdwn';
import { section, type SlackMessage } from './render-reply';
import { actionEnvelope, teamOfAction } from './slack-events';
import { gapsBlocks, LISTED, ownerLabel, reviewBlocks, VERIFY_ACTION, verifyValue } from './upkeep-blocks';

/** What the upkeep handlers need of the app's dependencies. */
export type UpkeepDeps = Pick<HandlerDeps, 'lore' | 'settings' | 'logger'>;

/** The `/lore` subcommands that show the upkeep queues. */
export const UPKEEP_COMMANDS = ['review', 'gaps'] as const;
export type UpkeepCommand = (typeof UPKEEP_COMMANDS)[number];

/** True for `review` and `gaps`, as typed after `/lore`. */
export function isUpkeepCommand(text: string): text is UpkeepCommand {
  return (UPKEEP_COMMANDS as readonly string[]).includes(text);
}

const registered = new WeakSet<App>();

/**
 * The Verify button on stale and failing articles (in `/lore review`, App Home and the
 * digest): the article's owner or an editor records that it is still right. Registering
 * twice on one app is harmless.
 */
export function registerUpkeep(app: App, deps: UpkeepDeps): void {
  if (registered.has(app)) return;
  registered.add(app);
  const editors = Editors.parse(deps.settings.editors);

  app.action<BlockButtonAction>(VERIFY_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const envelope = actionEnvelope.safeParse(body);
    const value = decodeValue(verifyValue, action.value);
    const team = envelope.success ? teamOfAction(envelope.data) : undefined;
    if (!envelope.success || !value || !team) return deps.logger.warn({ action: VERIFY_ACTION }, 'ignored a malformed click');
    const user = envelope.data.user.id;
    const workspace = workspaceOf(team);
    const said = verifyArticle(deps.lore, editors, { workspace, user, articleId: value.a });
    if ((body as { view?: { type?: string } }).view?.type === 'home') {
      // App Home has no thread to answer in: it is redrawn, with the outcome on top.
      const blocks = homeBlocks(deps.lore, workspace, user, editors.includes(user, PLATFORM), said);
      return void (await client.views.publish({ user_id: user, view: { type: 'home', blocks } }));
    }
    await respond({ response_type: 'ephemeral', replace_original: false, text: said, blocks: [section(said)] });
  });
}

/** `/lore review` and `/lore gaps`: the asker's workspace's queue, only for them to see. */
export function upkeepCommandReply(command: UpkeepCommand, deps: UpkeepDeps, where: { team: string; user: string }): SlackMessage & { response_type: 'ephemeral' } {
  const { lore } = deps;
  const workspace = workspaceOf(where.team);
  if (command === 'gaps') {
    const gaps = lore.upkeep.gaps.list({ workspace, limit: LISTED });
    const text = '*What people ask that Lore cannot answer yet*';
    return { response_type: 'ephemeral', text: `${gaps.length} unanswered topics`, blocks: [section(text), ...gapsBlocks(gaps, true)] };
  }
  const isEditor = Editors.parse(deps.settings.editors).includes(where.user, PLATFORM);
  const review = { stale: lore.upkeep.reviews.stale({ workspace }), failing: lore.upkeep.reviews.failing({ workspace }) };
  const blocks = reviewBlocks(review, { mayVerify: (owner) => isEditor || owner === where.user, mentions: true });
  return { response_type: 'ephemeral', text: `${review.stale.length} articles due for review, ${review.failing.length} failing`, blocks };
}

/** Records a verification when the person may make it; returns what to tell them. */
export function verifyArticle(lore: Lore, editors: Editors, request: { workspace: string; user: string; articleId: string }): string {
  const article = lore.knowledge.get(request.articleId);
  if (!article || article.status !== 'published' || (article.workspace !== request.workspace && article.workspace !== SHARED_WORKSPACE)) {
    return 'That article is not in this workspace any more, so nothing was recorded.';
  }
  const owner = lore.upkeep.owners.ownerOf(article);
  if (owner !== request.user && !editors.includes(request.user, PLATFORM)) {
    return `Only the article's owner (${ownerLabel(owner, true)}) or an editor can verify *${safeText(article.title)}*.`;
  }
  lore.upkeep.reviews.verify(article.id, request.user);
  return `✅ Verified *${safeText(article.title)}*: thanks! Its review clock starts again today.`;
}
