import type { App, types } from '@slack/bolt';
import { z } from 'zod';
import { Editors, type Lore, readStats, SHARED_WORKSPACE } from '../../src/index';
import { type HandlerDeps, PLATFORM, workspaceOf } from './handler-deps';
import { fitMrkdwn, safeText } from './mrkdwn';
import { section } from './render-reply';
import { eventEnvelope } from './slack-events';

type KnownBlock = types.KnownBlock;

const homeOpened = z.object({ user: z.string().regex(/^[A-Z0-9]{2,30}$/), tab: z.string().optional() });

/** How many of each list App Home shows. */
const SHOWN = 5;

/**
 * App Home: how to ask, the person's recent questions and what Lore answered, the articles
 * they own that nobody has verified yet, the drafts waiting if they are an editor, and the
 * workspace's headline figures. Rebuilt each time the tab is opened.
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

/** The blocks of one person's App Home (at most about 30, within Slack's 100 for a home tab). */
export function homeBlocks(lore: Lore, workspace: string, user: string, isEditor: boolean): KnownBlock[] {
  const blocks: KnownBlock[] = [
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
