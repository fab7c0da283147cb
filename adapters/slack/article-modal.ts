import type { App, BlockButtonAction, types } from '@slack/bolt';
import { z } from 'zod';
import { type ArticleReading, joinBlocks, markdownBlocks, readArticle, removePings } from '../../src/index';
import { ACTIONS, articleModalState, articlePageValue, CALLBACKS, decodeValue, encodeValue, showArticleValue } from './action-values';
import { type HandlerDeps, workspaceOf } from './handler-deps';
import { markdownToMrkdwn, mrkdwnLink, SECTION_LIMIT } from './mrkdwn';
import { button } from './render-reply';
import { actionEnvelope, teamOfAction } from './slack-events';
import { tellPrivately } from './tell-privately';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

/**
 * Sections on one page of the modal. Slack takes at most 100 blocks in a view; a page of
 * this many sections of up to 3,000 characters is about as much as people scroll through.
 */
export const SECTIONS_PER_PAGE = 10;

/** A click inside a modal: the view it came from. */
const viewClick = z.object({
  team: z.object({ id: z.string() }).nullable().optional(),
  user: z.object({ id: z.string(), team_id: z.string().optional() }),
  view: z.object({ id: z.string().min(1), hash: z.string().optional(), private_metadata: z.string().max(3000).default('') }),
});

/**
 * "Show the whole article": the button under an answer opens the article in a modal, paged
 * when long, with Previous / Next buttons that update the modal in place. Each opening and
 * each page reads the article again as the clicking person, in the channel of the click:
 * a button's value names only the article, so it opens nothing the person could not see.
 */
export function registerArticleModal(app: App, deps: HandlerDeps): void {
  const { lore } = deps;

  app.action<BlockButtonAction>(ACTIONS.showArticle, async ({ ack, body, action, client, respond }) => {
    await ack();
    const envelope = actionEnvelope.safeParse(body);
    const value = decodeValue(showArticleValue, action.value);
    const team = envelope.success ? teamOfAction(envelope.data) : undefined;
    if (!envelope.success || !value || !team) return deps.logger.warn({ action: ACTIONS.showArticle }, 'ignored a malformed click');
    const channel = envelope.data.container?.channel_id ?? envelope.data.channel?.id;
    const reading = readArticle(lore.knowledge, value.a, { workspace: workspaceOf(team), channel });
    if (!reading) return tellPrivately(client, respond, envelope.data, { text: GONE, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: GONE } }] });
    if (!envelope.data.trigger_id) return deps.logger.warn({ action: ACTIONS.showArticle }, 'a click without a trigger id; cannot open the article');
    await client.views.open({ trigger_id: envelope.data.trigger_id, view: articleModal(reading, 0, { a: value.a, ...(channel ? { c: channel } : {}) }) });
  });

  app.action<BlockButtonAction>(ACTIONS.articlePage, async ({ ack, body, action, client }) => {
    await ack();
    const click = viewClick.safeParse(body);
    const value = decodeValue(articlePageValue, action.value);
    const state = click.success ? decodeValue(articleModalState, click.data.view.private_metadata) : undefined;
    const team = click.success ? (click.data.team?.id ?? click.data.user.team_id) : undefined;
    if (!click.success || !value || !state || !team) return deps.logger.warn({ action: ACTIONS.articlePage }, 'ignored a malformed click');
    const reading = readArticle(lore.knowledge, state.a, { workspace: workspaceOf(team), channel: state.c });
    const view = reading ? articleModal(reading, value.p, state) : goneModal();
    await client.views.update({ view_id: click.data.view.id, ...(click.data.view.hash ? { hash: click.data.view.hash } : {}), view });
  });
}

const GONE = 'That article is no longer in the knowledge base, or not one you can open here.';

/** The article's modal at one page: title, the page's text, where it comes from, and the page buttons. */
export function articleModal(reading: ArticleReading, page: number, state: z.infer<typeof articleModalState>): ModalView {
  const { article } = reading;
  const pages = articlePages(article.body);
  const at = Math.min(Math.max(0, page), pages.length - 1);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(removePings(article.title), 150), emoji: true } }];
  blocks.push(...(pages[at] ?? []).map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })));
  const source = article.sourceUrl ? ` · ${mrkdwnLink(article.sourceUrl, 'source')}` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${new Date(article.updatedAt).toISOString().slice(0, 10)}${source}${pages.length > 1 ? ` · page ${at + 1} of ${pages.length}` : ''}` }] });
  if (pages.length > 1) {
    const elements = [
      ...(at > 0 ? [button('◀ Previous', ACTIONS.articlePage, encodeValue({ p: at - 1 }))] : []),
      ...(at < pages.length - 1 ? [button('Next ▶', ACTIONS.articlePage, encodeValue({ p: at + 1 }), 'primary')] : []),
    ];
    blocks.push({ type: 'actions', block_id: 'lore_article_pages', elements });
  }
  return {
    type: 'modal',
    callback_id: CALLBACKS.articleModal,
    title: { type: 'plain_text', text: 'Lore' },
    close: { type: 'plain_text', text: 'Close' },
    private_metadata: encodeValue(state),
    blocks,
  };
}

/**
 * An article's body as pages of mrkdwn sections: blocks are kept together in sections of
 * up to 3,000 characters (a longer block is split at line ends), SECTIONS_PER_PAGE a page.
 */
export function articlePages(body: string): string[][] {
  const sections: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) sections.push(markdownToMrkdwn(joinBlocks(current.map((markdown) => ({ kind: 'paragraph', markdown })))));
    current = [];
  };
  for (const block of markdownBlocks(body)) {
    for (const piece of block.kind === 'code' ? splitCode(block.markdown) : splitLong(block.markdown)) {
      const joined = [...current, piece].join('\n\n');
      // Escaping can lengthen the text; a margin keeps a section under the limit once converted.
      if (markdownToMrkdwn(joined).length > SECTION_LIMIT) flush();
      current.push(piece);
    }
  }
  flush();
  if (sections.length === 0) sections.push('_This article has no text beyond its title._');
  const pages: string[][] = [];
  for (let i = 0; i < sections.length; i += SECTIONS_PER_PAGE) pages.push(sections.slice(i, i + SECTIONS_PER_PAGE));
  return pages;
}

/** A block too long for one section, in pieces at line ends (a line longer still, at spaces). */
function splitLong(markdown: string): string[] {
  const room = SECTION_LIMIT / 2;
  if (markdown.length <= room) return [markdown];
  const pieces: string[] = [];
  let current = '';
  for (const line of markdown.split('\n').flatMap((l) => (l.length <= room ? [l] : (l.match(new RegExp(`.{1,${room}}(?:\\s|$)|.{1,${room}}`, 'g')) ?? [l])))) {
    if (current && current.length + line.length + 1 > room) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** A long code block in pieces that each keep their fences. */
function splitCode(markdown: string): string[] {
  const inner = markdown.replace(/^[^\n]*\n?/, '').replace(/\n?\s*(```|~~~)\s*$/, '');
  return splitLong(inner).map((piece) => `\`\`\`\n${piece}\n\`\`\``);
}

function goneModal(): ModalView {
  return { type: 'modal', callback_id: CALLBACKS.articleModal, title: { type: 'plain_text', text: 'Lore' }, close: { type: 'plain_text', text: 'Close' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: GONE } }] };
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
