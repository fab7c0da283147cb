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

  const recent = recentQuestions(lore, workspace, user);
  blocks.push(section('*Your recent questions*'));
  blocks.push(
    section(
      recent.length === 0
        ? 'You have not asked anything yet.'
        : recent.map((q) => `• ${fitMrkdwn(safeText(q.text), 200)} → ${q.title ? `*${safeText(q.title)}*` : '_not answered yet_'}`).join('\n'),
    ),
  );

  const owned = unverifiedArticles(lore, workspace, user);
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

/** The person's latest questions here and the article Lore answered with, if any. */
function recentQuestions(lore: Lore, workspace: string, asker: string): Array<{ text: string; title?: string }> {
  const rows = lore.db
    .prepare<[string, string, number], { text: string; top_article_id: string | null }>(
      `SELECT text, top_article_id FROM questions WHERE workspace = ? AND asker = ? AND is_eval = 0
       ORDER BY asked_at DESC, id DESC LIMIT ?`,
    )
    .all(workspace, asker, SHOWN);
  return rows.map((row) => ({ text: row.text, title: row.top_article_id ? lore.knowledge.get(row.top_article_id)?.title : undefined }));
}

/** Published articles of this workspace the person owns and nobody has verified. */
function unverifiedArticles(lore: Lore, workspace: string, owner: string): Array<{ id: string; title: string }> {
  return lore.db
    .prepare<[string, string, number], { id: string; title: string }>(
      `SELECT id, title FROM articles WHERE workspace = ? AND owner = ? AND status = 'published' AND verified_at IS NULL
       ORDER BY updated_at DESC, id LIMIT ?`,
    )
    .all(workspace, owner, SHOWN);
}
