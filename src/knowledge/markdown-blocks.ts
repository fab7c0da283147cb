/** One block of an article's Markdown, as written: a heading, a paragraph, a list item or a code block. */
export interface MarkdownBlock {
  kind: 'heading' | 'paragraph' | 'item' | 'code';
  markdown: string;
  /** For list items: the list they belong to (items of one list share it). */
  list?: number;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}#{1,6}\s+\S/;
const ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+/;

/**
 * Splits Markdown into its blocks, keeping each block's text as written, so a part of an
 * article can be shown (an answer's passage, a page of the whole article) with its lists,
 * code and links intact. A list item holds its indented continuation lines and sub-items.
 */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MarkdownBlock[] = [];
  let lists = 0;
  let inList = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      // A blank line ends a list unless the next line is another item or indented continuation.
      const next = lines.slice(i).find((l) => l.trim());
      if (next === undefined || !(ITEM.test(next) || /^\s{2,}\S/.test(next))) inList = false;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const end = lines.findIndex((l, at) => at > i && l.trim().startsWith(fence[1]!));
      const last = end < 0 ? lines.length - 1 : end;
      blocks.push({ kind: 'code', markdown: lines.slice(i, last + 1).join('\n') });
      i = last + 1;
      inList = false;
      continue;
    }
    if (HEADING.test(line)) {
      blocks.push({ kind: 'heading', markdown: line.trim() });
      i++;
      inList = false;
      continue;
    }
    const item = ITEM.exec(line);
    const indent = item?.[1]!.length ?? 0;
    if (item && !(inList && indent >= 2 && blocks.at(-1)?.kind === 'item')) {
      if (!inList) lists++;
      inList = true;
      const taken = [line];
      i++;
      // Continuation: indented lines (sub-items included) and lazy lines until a blank line or a new item.
      while (i < lines.length) {
        const next = lines[i]!;
        if (!next.trim()) {
          const after = lines.slice(i + 1).find((l) => l.trim());
          if (after !== undefined && /^\s{2,}\S/.test(after) && !FENCE.test(after)) {
            taken.push('');
            i++;
            continue;
          }
          break;
        }
        const nested = ITEM.exec(next);
        if (nested && nested[1]!.length < 2) break;
        if (HEADING.test(next) || (FENCE.test(next) && !/^\s{2,}/.test(next))) break;
        taken.push(next);
        i++;
      }
      blocks.push({ kind: 'item', markdown: taken.join('\n').replace(/\n+$/, ''), list: lists });
      continue;
    }
    const taken = [line];
    i++;
    while (i < lines.length && lines[i]!.trim() && !HEADING.test(lines[i]!) && !FENCE.test(lines[i]!) && !ITEM.test(lines[i]!)) taken.push(lines[i++]!);
    blocks.push({ kind: 'paragraph', markdown: taken.join('\n') });
    inList = false;
  }
  return blocks;
}

/** Blocks back to Markdown: items of one list on consecutive lines, other blocks apart. */
export function joinBlocks(blocks: readonly MarkdownBlock[]): string {
  let out = '';
  blocks.forEach((block, at) => {
    const previous = blocks[at - 1];
    if (previous) out += block.kind === 'item' && previous.kind === 'item' && previous.list === block.list ? '\n' : '\n\n';
    out += block.markdown;
  });
  return out;
}
