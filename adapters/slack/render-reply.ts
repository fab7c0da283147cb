import type { types } from '@slack/bolt';
import { loadingNotice, type RankedArticle, type Reply } from '../../src/index';
import { ACTIONS, encodeValue } from './action-values';
import { fitMrkdwn, markdownToMrkdwn, mrkdwnLink, safeText } from './mrkdwn';

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** A message as Lore posts it: Block Kit blocks and the plain-text fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface RenderOptions {
  /** Adds "Share in channel" (answers only the asker can see, from /lore). */
  shareable?: boolean;
  /** Leaves out the buttons (an answer shared in a channel keeps its votes on the original). */
  buttons?: boolean;
}

/** How many results after the first an answer lists. */
const OTHERS_SHOWN = 2;

/**
 * Renders a reply in Block Kit: the best article (title linked to its source), the passage
 * that answers (its Markdown as mrkdwn, the question's words in bold), a "Show the whole
 * article" button, who verified it and when, up to two
 * other candidates, and the 👍 / 👎 / Ask an expert buttons. When Lore does not know, it
 * says so and offers Ask an expert; small talk gets Lore's word back alone. Every piece of article or question text goes through
 * `safeText`, so nothing it contains can ping or inject markup.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  if (reply.smallTalk) return { text: reply.smallTalk.reply, blocks: [section(reply.smallTalk.reply)] };
  const message = reply.decision === 'answer' && reply.results[0] ? renderAnswer(reply, reply.results[0], options) : renderAbstention(reply, options);
  if (reply.loading) {
    // Above the buttons, so they stay last.
    const at = message.blocks.findIndex((block) => block.type === 'actions');
    const notice: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: loadingNotice(reply.loading) }] };
    message.blocks.splice(at < 0 ? message.blocks.length : at, 0, notice);
  }
  return message;
}

function renderAnswer(reply: Reply, best: RankedArticle, options: RenderOptions): SlackMessage {
  const others = reply.results.slice(1, 1 + OTHERS_SHOWN);
  const answer = best.passage ? markdownToMrkdwn(best.passage) : highlightedSnippet(best);
  const blocks: KnownBlock[] = [
    ...(reply.followUp ? [followUpNote(reply.followUp.previous)] : []),
    section(`*${mrkdwnLink(best.sourceUrl, best.title)}*\n${answer}`),
    { type: 'context', elements: [{ type: 'mrkdwn', text: fitMrkdwn(`${verification(best)} · ${Math.round(reply.confidence * 100)}% sure`) }] },
  ];
  if (reply.didYouMean) {
    const [first, second] = reply.didYouMean;
    blocks.push(section(`Did you mean *${mrkdwnLink(first.sourceUrl, first.title)}* or *${mrkdwnLink(second.sourceUrl, second.title)}*?`));
  } else if (others.length > 0) {
    blocks.push(section(`Other articles that may help:\n${others.map((other) => `• ${mrkdwnLink(other.sourceUrl, other.title)}`).join('\n')}`));
  }
  if (options.buttons !== false) {
    const vote = (articleId: string) => encodeValue({ q: reply.questionId, a: articleId, o: others.map((o) => o.id) });
    const elements: Button[] = [
      button('👍 Helpful', ACTIONS.helpful, vote(best.id), 'primary'),
      button('👎 Not helpful', ACTIONS.notHelpful, vote(best.id)),
      button('📖 Show the whole article', ACTIONS.showArticle, encodeValue({ a: best.id })),
      button('Ask an expert', ACTIONS.askExpert, encodeValue({ q: reply.questionId })),
    ];
    if (options.shareable) elements.push(button('Share in channel', ACTIONS.share, encodeValue({ q: reply.questionId })));
    blocks.push({ type: 'actions', block_id: 'lore_answer_actions', elements });
  }
  return { text: fitMrkdwn(`${safeText(best.title)}: ${safeText(best.snippet)}`, 1000), blocks };
}

function renderAbstention(reply: Reply, options: RenderOptions): SlackMessage {
  const intro = "🤔 I don't know that one yet. I've noted the question so someone can add an answer.";
  const blocks: KnownBlock[] = [...(reply.followUp ? [followUpNote(reply.followUp.previous)] : []), section(intro)];
  const related = reply.results.slice(0, 1 + OTHERS_SHOWN);
  if (related.length > 0) {
    blocks.push(section(`Closest I have, in case it helps:\n${related.map((r) => `• ${mrkdwnLink(r.sourceUrl, r.title)}`).join('\n')}`));
  }
  if (options.buttons !== false) {
    blocks.push({
      type: 'actions',
      block_id: 'lore_abstain_actions',
      elements: [button('Ask an expert', ACTIONS.askExpert, encodeValue({ q: reply.questionId }), 'primary')],
    });
  }
  return { text: intro, blocks };
}

/** Says the message was read with the thread's earlier question, so an answer about it is no surprise. */
function followUpNote(previous: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: fitMrkdwn(`↪ Read with your earlier question: “${safeText(previous)}”`, 500) }] };
}

/** Articles to try after a 👎: the other candidates, and Ask an expert. */
export function renderAlternatives(questionId: number, alternatives: ReadonlyArray<{ title: string; sourceUrl: string | null }>): SlackMessage {
  const intro = '👎 Thanks, noted: that article will rank lower for questions like yours.';
  const blocks: KnownBlock[] = [section(intro)];
  if (alternatives.length > 0) {
    blocks.push(section(`Maybe one of these:\n${alternatives.map((a) => `• ${mrkdwnLink(a.sourceUrl, a.title)}`).join('\n')}`));
  }
  blocks.push({ type: 'actions', elements: [button('Ask an expert', ACTIONS.askExpert, encodeValue({ q: questionId }), 'primary')] });
  return { text: intro, blocks };
}

/** The snippet with the spans that hold the question's words in bold; each piece made safe on its own. */
function highlightedSnippet(article: RankedArticle): string {
  const { snippet } = article;
  let out = '';
  let at = 0;
  for (const { start, end } of [...article.highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || end <= start || end > snippet.length) continue;
    out += safeText(snippet.slice(at, start));
    const word = safeText(snippet.slice(start, end)).trim();
    out += word ? `*${word}*` : '';
    at = end;
  }
  return out + safeText(snippet.slice(at));
}

function verification(article: RankedArticle): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (article.verifiedAt) return `✅ Verified by ${safeText(article.verifiedBy ?? 'its owner')} on ${day(article.verifiedAt)}`;
  const by = article.author ?? article.owner;
  return `Not yet verified${by ? ` · written by ${safeText(by)}` : ''} · updated ${day(article.updatedAt)}`;
}

/** A section of mrkdwn, cut to Slack's 3,000 characters. */
export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text) } };
}

/** A button whose label is Lore's own text (never article text). */
export function button(label: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: { type: 'plain_text', text: label, emoji: true }, action_id: actionId, value, ...(style ? { style } : {}) };
}
