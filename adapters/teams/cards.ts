import type { Attachment } from 'botbuilder';
import { type ArticleReading, loadingNotice, markdownBlocks, type RankedArticle, type Reply, removePings, type VoteValue } from '../../src/index';
import { type CardAction, VERBS } from './card-actions';

/** An Adaptive Card as JSON; built from objects, so no text can add structure to it. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };
export type Element = Record<string, unknown>;

export const ADAPTIVE_CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
/**
 * Universal actions (Action.Execute) need 1.4; Teams renders up to 1.5. Older clients
 * show each action's Action.Submit fallback, and `fallbackText` where cards don't render.
 */
const CARD_VERSION = '1.5';
/** How many results after the first an answer lists (as in Slack). */
const OTHERS_SHOWN = 2;
/** Teams refuses bot messages over about 100 KB; a card's texts stay far below that. */
const TEXT_LIMIT = 2000;

/**
 * Text from articles, questions or people as it may appear in a card: nothing that could
 * notify anyone (`<at>` mentions and the words that ping in Slack are removed), and cut to
 * a size. Cards carry it in TextRuns, which Teams shows as typed: no Markdown, no links.
 */
export function cardText(text: string, limit = TEXT_LIMIT): string {
  const plain = removePings(text.replace(/<\/?at\b[^>]*>/gi, '')).replace(/\s+/g, ' ').trim();
  return plain.length <= limit ? plain : `${plain.slice(0, limit - 1)}…`;
}

/** The person's vote as the card shows it, after a click. */
export interface VoteShown {
  value: VoteValue;
  /** True when the person had already voted this way (nothing changed). */
  unchanged: boolean;
}

export interface AnswerCardOptions {
  /** Set once the person voted: the card says so, in place. */
  voted?: VoteShown;
  /** After a 👎: the other candidates to try. */
  alternatives?: ReadonlyArray<{ title: string; sourceUrl: string | null }>;
  /** A line of Lore's own under the answer, e.g. "passed to the experts". */
  notice?: string;
}

/** A reply as an Adaptive Card: the answer with its votes, Lore saying it does not know yet, or its word back to small talk. */
export function replyCard(reply: Reply, options: AnswerCardOptions = {}): AdaptiveCard {
  if (reply.smallTalk) return messageCard(reply.smallTalk.reply);
  const best = reply.decision === 'answer' ? reply.results[0] : undefined;
  return best ? answerCard(reply, best, options) : abstentionCard(reply, options);
}

export function asAttachment(card: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD_TYPE, content: card };
}

function answerCard(reply: Reply, best: RankedArticle, options: AnswerCardOptions): AdaptiveCard {
  const others = reply.results.slice(1, 1 + OTHERS_SHOWN);
  const body: Element[] = [
    ...(reply.followUp ? [followUpNote(reply.followUp.previous)] : []),
    richText([titleRun(best, { size: 'Medium' })]),
    best.passage ? markdownBlock(best.passage) : richText(snippetRuns(best)),
    textBlock(`${verification(best)} · ${Math.round(reply.confidence * 100)}% sure`, { isSubtle: true, size: 'Small' }),
  ];
  if (reply.didYouMean) {
    const [first, second] = reply.didYouMean;
    body.push(richText([run('Did you mean '), titleRun(first), run(' or '), titleRun(second), run('?')]));
  } else if (others.length > 0 && !options.alternatives) {
    body.push(textBlock('Other articles that may help:', { spacing: 'Medium' }), ...others.map((other) => richText([run('• '), titleRun(other)])));
  }
  if (options.voted) body.push(textBlock(voteLine(options.voted, best.title), { color: 'Good', spacing: 'Medium' }));
  if (options.alternatives) {
    if (options.alternatives.length > 0) {
      body.push(textBlock('Maybe one of these:'), ...options.alternatives.map((other) => richText([run('• '), titleRun(other)])));
    }
  }
  if (options.notice) body.push(textBlock(options.notice, { spacing: 'Medium' }));
  if (reply.loading) body.push(loadingBlock(reply.loading));
  const vote = (value: 'up' | 'down'): CardAction => ({ lore: 'vote', q: reply.questionId, a: best.id, v: value, o: others.map((o) => o.id) });
  const chosen = options.voted?.value;
  return card(body, `${cardText(best.title, 200)}: ${cardText(best.snippet, 400)}`, [
    execute(chosen === 1 ? '👍 Helpful ✓' : '👍 Helpful', VERBS.vote, vote('up'), chosen === 1 ? undefined : 'positive'),
    execute(chosen === -1 ? '👎 Not helpful ✓' : '👎 Not helpful', VERBS.vote, vote('down')),
    showArticleAction(best.id),
    execute('Ask an expert', VERBS.expert, { lore: 'expert', q: reply.questionId }),
  ]);
}

/**
 * "Show the whole article": opens a dialog (task/fetch) with the article. A dialog needs
 * Action.Submit; clients without dialogs send it as a message, and get the article as a card.
 */
function showArticleAction(articleId: string): Element {
  return { type: 'Action.Submit', title: '📖 Show the whole article', data: { msteams: { type: 'task/fetch' }, lore: 'article', a: articleId } satisfies CardAction & Record<string, unknown> };
}

/** Says the message was read with the conversation's earlier question. */
function followUpNote(previous: string): Element {
  return richText([run(`↪ Read with your earlier question: “${cardText(previous, 300)}”`, { isSubtle: true, size: 'Small' })]);
}

/** Characters of an article on one page of its dialog: a card far below Teams' limits on a message. */
export const ARTICLE_PAGE_CHARS = 8000;

/** The whole article as a card, at one page, with Previous / Next when it has more than one. */
export function articleCard(reading: ArticleReading, page: number): AdaptiveCard {
  const { article } = reading;
  const pages = articlePages(article.body);
  const at = Math.min(Math.max(0, page), pages.length - 1);
  const body: Element[] = [richText([titleRun(article, { size: 'Large' })]), ...pages[at]!.map((markdown) => markdownBlock(markdown))];
  const day = new Date(article.updatedAt).toISOString().slice(0, 10);
  body.push(textBlock(`Updated ${day}${pages.length > 1 ? ` · page ${at + 1} of ${pages.length}` : ''}`, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  const turn = (title: string, to: number): Element => ({ type: 'Action.Submit', title, data: { lore: 'article', a: article.id, p: to } satisfies CardAction });
  const actions = pages.length > 1 ? [...(at > 0 ? [turn('◀ Previous', at - 1)] : []), ...(at < pages.length - 1 ? [turn('Next ▶', at + 1)] : [])] : [];
  return card(body, article.title, actions);
}

/**
 * An article's body in pages of whole blocks, ARTICLE_PAGE_CHARS at most (a longer block is
 * a page of its own); the items of one list stay in one text, so its numbering holds.
 */
function articlePages(markdown: string): string[][] {
  const texts: string[] = [];
  let list: number | undefined;
  for (const block of markdownBlocks(markdown)) {
    if (block.kind === 'item' && block.list === list && texts.length > 0) texts[texts.length - 1] += `\n${block.markdown}`;
    else texts.push(block.markdown);
    list = block.kind === 'item' ? block.list : undefined;
  }
  const pages: string[][] = [[]];
  let size = 0;
  for (const text of texts) {
    if (size > 0 && size + text.length > ARTICLE_PAGE_CHARS) {
      pages.push([]);
      size = 0;
    }
    pages.at(-1)!.push(text);
    size += text.length;
  }
  if (size === 0 && pages.length === 1) pages[0]!.push('_This article has no text beyond its title._');
  return pages;
}

/**
 * Article Markdown in a TextBlock, which renders the Markdown Teams knows (bold, italics,
 * lists, links): headings become bold lines, code is shown as written, only http(s)
 * links are kept, and nothing can mention anyone.
 */
export function markdownBlock(markdown: string): Element {
  return { type: 'TextBlock', text: cardMarkdown(markdown), wrap: true };
}

export function cardMarkdown(markdown: string): string {
  const out: string[] = [];
  let inCode = false;
  for (const raw of removePings(markdown.replace(/<\/?at\b[^>]*>/gi, '')).replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(raw)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push(`    ${escapeCardMarkdown(raw)}`);
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
    const line = heading ? `**${heading[1]!.replace(/\*\*/g, '')}**` : raw;
    out.push(
      line
        .replace(/`([^`\n]+)`/g, (_whole, code: string) => escapeCardMarkdown(code))
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, (_whole, label: string, url: string) => (/^https?:\/\/[^\s]+$/i.test(url) ? `[${label || url}](${url})` : label || url))
        .replace(/<[^>\n]+>/g, ''),
    );
  }
  const text = out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return text.length <= TEXT_LIMIT * 5 ? text : `${text.slice(0, TEXT_LIMIT * 5 - 1)}…`;
}

function abstentionCard(reply: Reply, options: AnswerCardOptions): AdaptiveCard {
  const intro = "🤔 I don't know that one yet. I've noted the question so someone can add an answer.";
  const body: Element[] = [textBlock(intro)];
  const related = reply.results.slice(0, 1 + OTHERS_SHOWN);
  if (related.length > 0) body.push(textBlock('Closest I have, in case it helps:'), ...related.map((r) => richText([run('• '), titleRun(r)])));
  if (options.notice) body.push(textBlock(options.notice, { spacing: 'Medium' }));
  if (reply.loading) body.push(loadingBlock(reply.loading));
  return card(body, intro, [execute('Ask an expert', VERBS.expert, { lore: 'expert', q: reply.questionId }, 'positive')]);
}

function loadingBlock(loading: NonNullable<Reply['loading']>): Element {
  return textBlock(loadingNotice(loading), { isSubtle: true, size: 'Small', spacing: 'Medium' });
}

/** A card of Lore's own words: help, errors, confirmations. */
export function messageCard(text: string): AdaptiveCard {
  return card([textBlock(text)], text, []);
}

/** What the experts' channel gets: the question quoted, who asked, and the way back. */
export function expertCard(question: string, asker: string | undefined, link: string | undefined): AdaptiveCard {
  const where = link
    ? 'Lore could not answer it. Answer in the asker’s conversation, then keep the answer with ••• › Capture as article.'
    : 'It was asked in a private chat, so answer here; keep the answer with ••• › Capture as article.';
  const body: Element[] = [
    textBlock('❓ Question for the experts', { weight: 'Bolder' }),
    { type: 'Container', style: 'emphasis', items: [richText([run(cardText(question))])] },
    ...(asker ? [richText([run('Asked by '), run(cardText(asker, 100), { weight: 'Bolder' })])] : []),
    textBlock(where, { isSubtle: true }),
  ];
  return card(body, `Question for the experts: ${cardText(question, 400)}`, link ? [{ type: 'Action.OpenUrl', title: 'Open the conversation', url: link }] : []);
}

/** The capture dialog: the question to file the answer under, and the answer, editable. */
export interface CaptureDraftFields {
  question: string;
  answer: string;
  tags: string;
  /** Who wrote the answer, by name. */
  author?: string;
}

export function captureDialogCard(draft: CaptureDraftFields, problem?: string): AdaptiveCard {
  const body: Element[] = [
    textBlock('Capture as article', { weight: 'Bolder', size: 'Medium' }),
    ...(draft.author ? [richText([run('Answer by '), run(cardText(draft.author, 100), { weight: 'Bolder' })])] : []),
    ...(problem ? [textBlock(problem, { color: 'Attention' })] : []),
    input('question', 'Question it answers', draft.question, { placeholder: 'e.g. How do I reset my VPN password?', isRequired: true, errorMessage: 'Say which question this answers', maxLength: 300 }),
    input('answer', 'Answer', draft.answer, { isMultiline: true, isRequired: true, errorMessage: 'The answer cannot be empty', maxLength: 20_000 }),
    input('tags', 'Tags (optional, comma separated)', draft.tags, { placeholder: 'vpn, remote access', maxLength: 300 }),
  ];
  return card(body, 'Capture as article', [{ type: 'Action.Submit', title: 'Capture', style: 'positive', data: { lore: 'capture' } satisfies CardAction }]);
}

/** The dialog again when the question is already answered: add to that article, or keep a new one. */
export function duplicateDialogCard(draft: CaptureDraftFields, existing: { id: string; title: string; confidence: number }): AdaptiveCard {
  const body: Element[] = [
    textBlock('This may already be answered', { weight: 'Bolder', size: 'Medium' }),
    richText([run('“'), run(cardText(existing.title, 200), { weight: 'Bolder' }), run(`” answers this question (${Math.round(existing.confidence * 100)}% sure).`)]),
    textBlock('Add this answer to that article, or keep it as a new one?'),
    input('question', 'Question it answers', draft.question, { isRequired: true, errorMessage: 'Say which question this answers', maxLength: 300 }),
    input('answer', 'Answer', draft.answer, { isMultiline: true, isRequired: true, errorMessage: 'The answer cannot be empty', maxLength: 20_000 }),
    input('tags', 'Tags (optional, comma separated)', draft.tags, { maxLength: 300 }),
  ];
  return card(body, 'This may already be answered', [
    { type: 'Action.Submit', title: `Add to “${cardText(existing.title, 40)}”`, style: 'positive', data: { lore: 'capture', choice: 'append', mergeInto: existing.id } satisfies CardAction },
    { type: 'Action.Submit', title: 'Keep as a new article', data: { lore: 'capture', choice: 'new' } satisfies CardAction },
  ]);
}

function voteLine(voted: VoteShown, title: string): string {
  const name = `“${cardText(title, 120)}”`;
  if (voted.unchanged) return `You had already marked ${name} ${voted.value > 0 ? 'helpful' : 'not helpful'}; your vote stands.`;
  return voted.value > 0 ? `👍 Thanks! ${name} will come first for questions like yours.` : `👎 Thanks, noted: ${name} will rank lower for questions like yours.`;
}

function verification(article: RankedArticle): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (article.verifiedAt) return `✅ Verified by ${cardText(article.verifiedBy ?? 'its owner', 100)} on ${day(article.verifiedAt)}`;
  const by = article.author ?? article.owner;
  return `Not yet verified${by ? ` · written by ${cardText(by, 100)}` : ''} · updated ${day(article.updatedAt)}`;
}

/** The building blocks below are shared by every card Lore draws in Teams (answers, dialogs, upkeep). */
export function card(body: Element[], fallbackText: string, actions: Element[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    fallbackText: cardText(fallbackText, 1000),
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/**
 * A universal action (Teams sends `adaptiveCard/action`, and the card is updated in place
 * from the invoke's response), falling back to Action.Submit on clients before 1.4.
 * Its data carries all the click needs, so nothing depends on which message it was on.
 */
export function execute(title: string, verb: string, data: CardAction | Record<string, unknown>, style?: 'positive' | 'destructive'): Element {
  const styled = style ? { style } : {};
  return { type: 'Action.Execute', title, verb, data, ...styled, fallback: { type: 'Action.Submit', title, data, ...styled } };
}

/** Lore's own words only: TextBlocks render Markdown, so it is escaped. */
export function textBlock(text: string, options: Element = {}): Element {
  return { type: 'TextBlock', text: escapeCardMarkdown(text), wrap: true, ...options };
}

/**
 * TextBlocks render Markdown, and Lore's own lines can hold names and titles; backslash
 * escapes keep them literal. Untrusted text goes in TextRuns, which render no Markdown.
 */
export function escapeCardMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]()#+\-!>~|])/g, '\\$1');
}

export function richText(inlines: Element[]): Element {
  return { type: 'RichTextBlock', inlines };
}

/** Untrusted text goes here: a TextRun renders no Markdown. */
export function run(text: string, options: Element = {}): Element {
  return { type: 'TextRun', text, ...options };
}

/** An article's title, linked to its source when that is an http(s) URL. */
function titleRun(article: { title: string; sourceUrl: string | null }, options: Element = {}): Element {
  const link = article.sourceUrl && /^https?:\/\/[^\s]+$/i.test(article.sourceUrl) ? { selectAction: { type: 'Action.OpenUrl', url: article.sourceUrl } } : {};
  return run(cardText(article.title, 300), { weight: 'Bolder', ...options, ...link });
}

/**
 * The snippet with the question's words in bold, each piece made safe on its own; the
 * spaces between pieces are kept, since making a piece safe trims it.
 */
function snippetRuns(article: RankedArticle): Element[] {
  const { snippet } = article;
  const runs: Element[] = [];
  const push = (from: number, to: number, bold: boolean) => {
    const raw = snippet.slice(from, to);
    const text = cardText(raw);
    // A space alone between two highlighted words still parts them ("slow laptops", not "slowlaptops").
    if (!text) {
      if (/\s/.test(raw) && runs.length > 0) runs.push(run(' '));
      return;
    }
    const lead = /^\s/.test(raw) ? ' ' : '';
    const trail = /\s$/.test(raw) ? ' ' : '';
    runs.push(run(`${lead}${text}${trail}`, bold ? { weight: 'Bolder' } : {}));
  };
  let at = 0;
  for (const { start, end } of [...article.highlights].sort((x, y) => x.start - y.start)) {
    if (start < at || end <= start || end > snippet.length) continue;
    push(at, start, false);
    push(start, end, true);
    at = end;
  }
  push(at, snippet.length, false);
  return runs.length > 0 ? runs : [run(cardText(article.title, 300))];
}

function input(id: string, label: string, value: string, options: Element = {}): Element {
  return { type: 'Input.Text', id, label, value, ...options };
}
