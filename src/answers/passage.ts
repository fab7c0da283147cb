import type { Article } from '../knowledge/article';
import { joinBlocks, type MarkdownBlock, markdownBlocks } from '../knowledge/markdown-blocks';
import { markdownToText, words } from './snippet';

/**
 * How much Markdown a passage holds at most: a few steps or paragraphs, well inside Slack's
 * 3,000 characters a section and a card people read without scrolling.
 */
export const PASSAGE_BUDGET = 1000;
/** A passage shorter than this reads on past the next heading (an intro that says "try these steps"). */
const PASSAGE_MIN = 400;

/**
 * The part of an article that answers: the block (paragraph, list item, heading) holding
 * the most telling words of the question, with the whole list it is in and the heading or
 * lead-in line above it, then what follows while it fits in PASSAGE_BUDGET: the steps, the
 * address, the number, as Markdown. The question's words are in bold where they stand in
 * plain text. An article whose body matches nothing shows its opening.
 */
export function makePassage(article: Article, queryTerms: readonly string[], weightOf: (term: string) => number): string {
  const blocks = markdownBlocks(article.body);
  if (blocks.length === 0) return '';
  const wanted = new Set(queryTerms);
  const best = bestBlock(blocks, wanted, weightOf);
  let start = best;
  const item = blocks[best]!;
  if (item.kind === 'item') while (start > 0 && blocks[start - 1]!.kind === 'item' && blocks[start - 1]!.list === item.list) start--;
  // The heading or "do this:" line that introduces it, when there is room.
  for (let lead = 0; lead < 2 && start > 0; lead++) {
    const above = blocks[start - 1]!;
    const introduces = above.kind === 'heading' || (above.kind === 'paragraph' && /:\s*$/.test(above.markdown));
    if (!introduces || sizeOf(blocks.slice(start - 1, best + 1)) > PASSAGE_BUDGET) break;
    start--;
  }
  if (sizeOf(blocks.slice(start, best + 1)) > PASSAGE_BUDGET) start = best;
  let end = best + 1;
  while (end < blocks.length) {
    const next = blocks[end]!;
    const size = sizeOf(blocks.slice(start, end));
    // A new section ends the passage once it says enough; an item never leaves its list half shown unless it must.
    if (next.kind === 'heading' && size >= PASSAGE_MIN) break;
    if (sizeOf(blocks.slice(start, end + 1)) > PASSAGE_BUDGET) break;
    end++;
  }
  const chosen = blocks.slice(start, end);
  // A trailing heading introduces nothing shown.
  while (chosen.length > 1 && chosen.at(-1)!.kind === 'heading') chosen.pop();
  const passage = chosen.map((block) => (block.kind === 'paragraph' || block.kind === 'item' ? { ...block, markdown: embolden(block.markdown, wanted) } : block));
  const text = joinBlocks(passage);
  return text.length <= PASSAGE_BUDGET * 1.5 ? text : cutMarkdown(text, PASSAGE_BUDGET);
}

function bestBlock(blocks: readonly MarkdownBlock[], wanted: ReadonlySet<string>, weightOf: (term: string) => number): number {
  let best = { at: 0, score: 0 };
  blocks.forEach((block, at) => {
    if (block.kind === 'code') return;
    const seen = new Set<string>();
    for (const { term } of words(markdownToText(block.markdown))) if (wanted.has(term)) seen.add(term);
    let score = 0;
    for (const term of seen) score += weightOf(term);
    if (score > best.score) best = { at, score };
  });
  return best.at;
}

function sizeOf(blocks: readonly MarkdownBlock[]): number {
  return blocks.reduce((sum, block) => sum + block.markdown.length + 2, 0);
}

/** Markup whose text must stay as written: code, links' targets, bare addresses, bold already there, HTML. */
const PROTECTED = /(`[^`\n]*`|\*\*[^*\n]+\*\*|__[^_\n]+__|\]\([^)\s]*\)|https?:\/\/[^\s)>\]]+|<[^>\n]*>)/;

/** Puts the question's words in bold where they stand in plain text. */
function embolden(markdown: string, wanted: ReadonlySet<string>): string {
  if (wanted.size === 0) return markdown;
  return markdown
    .split(PROTECTED)
    .map((piece, at) => {
      if (at % 2 === 1 || !piece.trim()) return piece;
      let out = '';
      let from = 0;
      let last = -1;
      for (const word of words(piece)) {
        if (!wanted.has(word.term) || word.start < last) continue;
        // Inside a word joined by `_` or `*`, bold marks would turn into emphasis of their own.
        if (/[*_\\]/.test(piece[word.start - 1] ?? '') || /[*_]/.test(piece[word.end] ?? '')) continue;
        out += `${piece.slice(from, word.start)}**${piece.slice(word.start, word.end)}**`;
        from = last = word.end;
      }
      return out + piece.slice(from);
    })
    .join('');
}

/** Cuts Markdown at a line or sentence end near `limit`, never inside a link or code span. */
export function cutMarkdown(markdown: string, limit: number): string {
  if (markdown.length <= limit) return markdown;
  const head = markdown.slice(0, limit);
  let cut = Math.max(head.lastIndexOf('\n'), head.search(/[.!?]\s(?![\s\S]*[.!?]\s)/) + 1);
  if (cut < limit / 2) cut = head.lastIndexOf(' ');
  if (cut <= 0) cut = limit;
  let text = markdown.slice(0, cut).trimEnd();
  // An unclosed `[`, `` ` `` or `**` would swallow the ellipsis into markup.
  if ((text.match(/`/g)?.length ?? 0) % 2 === 1) text = text.slice(0, text.lastIndexOf('`')).trimEnd();
  if ((text.match(/\*\*/g)?.length ?? 0) % 2 === 1) text = text.slice(0, text.lastIndexOf('**')).trimEnd();
  const open = text.lastIndexOf('[');
  if (open >= 0 && !/\]\([^)]*\)/.test(text.slice(open))) text = text.slice(0, open).trimEnd();
  return `${text} …`;
}

