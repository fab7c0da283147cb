import type { App, types } from '@slack/bolt';
import { z } from 'zod';
import { Editors, type Lore, readStats, SHARED_WORKSPACE } from '../../src/index';
import { type HandlerDeps, PLATFORM, workspaceOf } from './handler-deps';
import { fitMrkdwn, safeText } from './mrkdwn';
import { section } from './render-reply';
import { eventEnvelope } from './slack-events';
import { gapsBlocks, reviewBlocks } from './upkeep-blocks';

type KnownBlock = types.KnownBlock;

const homeOpened = z.object({ user: z.string().regex(/^[A-Z0-9]{2,30}$/), tab: z.string().optional() });

/** How many of each list App Home shows. */
const SHOWN = 5;

/**
 * App Home: how to ask, the person's recent questions and what Lore answered, the articles
 * they own that nobody has verified yet, their review queue (stale and failing articles
 * with Verify buttons, gaps assigned to them), the drafts waiting if they are an editor,
 * and the workspace's headline figures. Rebuilt each time the tab is opened.
 */
export function registerAppHome(app: App, deps: HandlerDeps): void {
  const editors = Editors.parse(deps.settings.editors);

  app.event('app_home_opened', async ({ event, body, client }) => {
    const envelope = eventEnvelope.safeParse(body);
    const opened = homeOpened.safeParse(event);
    if (!envelope.success || !opened.success || (opened.data.tab && opened.data.tab !== 'home')) return;
    const { user } = opened.data;
    const blocks = homeBlocks(deps.lore, workspaceOf(envelope.data.team_id), user, editors.includes(user, PLATFORM));
    await client.views.publish({ user_id: user, view: { type: 'home', blocks } });
  });
}

/** The blocks of one person's App Home (at most about 60, within Slack's 100 for a home tab); `notice` is a line of Lore's own on top. */
export function homeBlocks(lore: Lore, workspace: string, user: string, isEditor: boolean, notice?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [
    ...(notice ? [section(notice)] : []),
    { type: 'header', text: { type: 'plain_text', text: 'Lore: answers from your knowledge base' } },
    section('Mention *@Lore* with a question in a channel, send me a direct message, or type `/lore` and your question. Vote with 👍 / 👎, and keep good answers with the *Capture answer* shortcut on a message.'),
    { type: 'divider' },
  ];

  const recent = lore.people.recentQuestions(workspace, user, SHOWN);
  blocks.push(section('*Your recent questions*'));
  blocks.push(
    section(
      recent.length === 0
        ? 'You have not asked anything yet.'
        : recent.map((q) => `• ${fitMrkdwn(safeText(q.text), 200)} → ${q.answeredWith ? `*${safeText(q.answeredWith)}*` : '_not answered yet_'}`).join('\n'),
    ),
  );

  const owned = lore.people.unverifiedArticles(workspace, user, SHOWN);
  if (owned.length > 0) {
    blocks.push(section('*Your articles that nobody has verified yet*'));
    blocks.push(section(owned.map((a) => `• ${safeText(a.title)} (\`${safeText(a.id)}\`)`).join('\n')));
  }

  blocks.push(...queueBlocks(lore, workspace, user));

  if (isEditor) {
    const drafts = lore.capturer.drafts(workspace).slice(0, SHOWN * 2);
    blocks.push(section('*Drafts waiting for review*'));
    blocks.push(
      section(
        drafts.length === 0
          ? 'No drafts are waiting.'
          : `${drafts.map((d) => `• ${safeText(d.title)} (\`${safeText(d.id)}\`)`).join('\n')}\nPublish with \`lore publish ID\` or discard with \`lore discard ID\`.`,
      ),
    );
  }

  const stats = readStats(lore.db, workspace);
  const shared = readStats(lore.db, SHARED_WORKSPACE).articles;
  blocks.push({ type: 'divider' });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: [
          `📚 ${stats.articles + shared} articles (${stats.articles} of this workspace)`,
          `❓ ${stats.questions} questions, ${stats.answered} answered, ${stats.abstained} not yet`,
          `👍 ${stats.votes.up} · 👎 ${stats.votes.down}`,
          `📝 ${stats.captures} answers captured`,
        ].join('   '),
      },
    ],
  });
  return blocks;
}

/** What waits for the person as an owner: their stale and failing articles (Verify buttons) and the gaps assigned to them. */
function queueBlocks(lore: Lore, workspace: string, user: string): KnownBlock[] {
  const mine = <T extends { owner: string | null }>(items: T[]) => items.filter((item) => item.owner === user).slice(0, SHOWN);
  const stale = mine(lore.upkeep.reviews.stale({ workspace }));
  const failing = mine(lore.upkeep.reviews.failing({ workspace }));
  const gaps = mine(lore.upkeep.gaps.list({ workspace }));
  if (stale.length + failing.length + gaps.length === 0) return [];
  const blocks: KnownBlock[] = [section('*Your review queue*')];
  if (stale.length + failing.length > 0) blocks.push(...reviewBlocks({ stale, failing }, { mayVerify: () => true, mentions: true }));
  if (gaps.length > 0) blocks.push(section('*Questions assigned to you*'), ...gapsBlocks(gaps, true));
  return blocks;
}
