import { loadingNotice, type RankedArticle, type Reply } from '../../src/index';

const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** A reply as the terminal chat shows it; `color` adds bold highlights for a real terminal. */
export function renderReply(reply: Reply, color: boolean): string {
  const style = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const [best, ...others] = reply.results;
  const lines: string[] = [];
  if (reply.decision === 'answer' && best) {
    if (reply.followUp) lines.push(style(DIM, `↪ Read with your earlier question: “${reply.followUp.previous}”`));
    lines.push(`📄 ${style(BOLD, best.title)}  ${style(DIM, `${Math.round(reply.confidence * 100)}% sure`)}`);
    lines.push(...(best.passage ? indent(terminalMarkdown(best.passage, color)) : [`   ${highlighted(best, color)}`]));
    if (best.sourceUrl) lines.push(`   ${best.sourceUrl}`);
    lines.push(`   ${style(DIM, verification(best))}`);
    if (reply.didYouMean) lines.push(`   Did you mean “${reply.didYouMean[0].title}” or “${reply.didYouMean[1].title}”?`);
    others.forEach((other, i) => lines.push(`   ${i + 2}. ${other.title}`));
    lines.push(style(DIM, '   👍 /up   👎 /down   📖 /show   (add a number for another result)'));
  } else {
    lines.push("🤔 I don't know that one yet. I've logged the question so someone can add an answer.");
    if (reply.followUp) lines.push(style(DIM, `   (read with your earlier question: “${reply.followUp.previous}”)`));
    if (best) lines.push('   Closest I have (/show N to read one):', ...reply.results.map((r, i) => `   ${i + 1}. ${r.title}`));
    lines.push(style(DIM, '   If you find the answer, teach me: /capture THE ANSWER'));
  }
  if (reply.loading) lines.push(style(DIM, `   ${loadingNotice(reply.loading)}`));
  return lines.join('\n');
}

/** A whole article as the terminal chat shows it (`/show N`). */
export function renderArticle(markdown: string, sourceUrl: string | null, color: boolean): string {
  return [...indent(terminalMarkdown(markdown, color)), ...(sourceUrl ? [`   ${sourceUrl}`] : [])].join('\n');
}

/**
 * Markdown for a terminal: bold in bold (or plain when output is not a terminal), headings
 * bold, links as "text (address)"; lists and code stay as written, which reads well as it is.
 */
export function terminalMarkdown(markdown: string, color: boolean): string {
  const bold = (text: string) => (color ? `${BOLD}${text}${RESET}` : text);
  return markdown
    .split('\n')
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
      const text = heading ? heading[1]!.replace(/\*\*/g, '') : line;
      const inline = text
        .replace(/!?\[([^\]]*)\]\(([^)\s]*)\)/g, (_whole, label: string, url: string) => (label && label !== url ? `${label} (${url})` : url))
        .replace(/\*\*([^*\n]+)\*\*/g, (_whole, inner: string) => bold(inner));
      return heading ? bold(inline) : inline;
    })
    .join('\n');
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => (line ? `   ${line}` : ''));
}

function highlighted(article: RankedArticle, color: boolean): string {
  if (!color) return article.snippet;
  let out = '';
  let at = 0;
  for (const { start, end } of article.highlights) {
    out += `${article.snippet.slice(at, start)}${BOLD}${article.snippet.slice(start, end)}${RESET}`;
    at = end;
  }
  return out + article.snippet.slice(at);
}

function verification(article: RankedArticle): string {
  if (article.verifiedAt) return `verified by ${article.verifiedBy ?? 'its owner'} on ${new Date(article.verifiedAt).toISOString().slice(0, 10)}`;
  const by = article.author ?? article.owner;
  return `not yet verified${by ? ` · by ${by}` : ''} · updated ${new Date(article.updatedAt).toISOString().slice(0, 10)}`;
}
