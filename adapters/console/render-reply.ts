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
    lines.push(`📄 ${style(BOLD, best.title)}  ${style(DIM, `${Math.round(reply.confidence * 100)}% sure`)}`);
    lines.push(`   ${highlighted(best, color)}`);
    if (best.sourceUrl) lines.push(`   ${best.sourceUrl}`);
    lines.push(`   ${style(DIM, verification(best))}`);
    if (reply.didYouMean) lines.push(`   Did you mean “${reply.didYouMean[0].title}” or “${reply.didYouMean[1].title}”?`);
    others.forEach((other, i) => lines.push(`   ${i + 2}. ${other.title}`));
    lines.push(style(DIM, '   👍 /up   👎 /down   (add a number to vote on another result)'));
  } else {
    lines.push("🤔 I don't know that one yet. I've logged the question so someone can add an answer.");
    if (best) lines.push('   Closest I have:', ...reply.results.map((r, i) => `   ${i + 1}. ${r.title}`));
    lines.push(style(DIM, '   If you find the answer, teach me: /capture THE ANSWER'));
  }
  if (reply.loading) lines.push(style(DIM, `   ${loadingNotice(reply.loading)}`));
  return lines.join('\n');
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
