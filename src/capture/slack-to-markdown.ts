import { removePings } from './pings';
import { tidyMarkdown } from './tidy-markdown';

/**
 * Stands for one already-converted piece (a link, a mention, inline code) while the
 * emphasis rules run over the surrounding text, so they never look inside it.
 */
const ATOM = '\uE000';
/** Marks where a code block goes, so the text around it is converted apart from it. */
const CODE_BLOCK = '\uE001';
const SPECIAL = /<([^<>\n]*)>/g;
const WORD = /[\p{L}\p{N}]/u;
const BULLETS = new Map([
  ['•', 0],
  ['◦', 1],
  ['▪', 2],
  ['▫', 2],
  ['‣', 1],
]);

/**
 * Converts Slack mrkdwn (an event's `text`) to Markdown, keeping code verbatim and writing each
 * mention as a plain name that can't ping: from `names`, else the mention's own label, else "someone".
 */
export function slackToMarkdown(text: string, names: (userId: string) => string | undefined): string {
  const atoms: string[] = [];
  const blocks: string[] = [];
  let skeleton = '';
  let index = 0;
  let noFenceAfter = Infinity;
  let noTickBefore = -1;
  let lineEnds = -1;
  while (index < text.length) {
    if (text.startsWith('```', index) && index < noFenceAfter) {
      const fence = text.indexOf('```', index + 3);
      if (fence >= 0) {
        const block = fencedBlock(text.slice(index + 3, fence), names);
        if (block) {
          blocks.push(block);
          if (skeleton && !skeleton.endsWith('\n')) skeleton += '\n';
          skeleton += CODE_BLOCK + '\n';
        }
        index = fence + 3;
        while (text[index] === ' ' || text[index] === '\t') index++;
        if (text[index] === '\n') index++;
        continue;
      }
      // An unclosed fence means no later one closes either.
      noFenceAfter = index;
    }
    if (text[index] === '`' && index > noTickBefore) {
      if (index > lineEnds) lineEnds = lineEnd(text, index);
      const close = text.indexOf('`', index + 1);
      if (close > index + 1 && close < lineEnds) {
        const code = removePings(codeText(text.slice(index + 1, close), names));
        atoms.push(code.trim() ? '`' + code + '`' : '');
        skeleton += ATOM;
        index = close + 1;
        continue;
      }
      // No closing backtick on this line: none of the later ones on it can open code either.
      if (close < 0 || close > lineEnds) noTickBefore = lineEnds;
    }
    const next = nextCodeStart(text, index + 1);
    skeleton += protect(text.slice(index, next), atoms, names);
    index = next;
  }

  const restored = { next: 0 };
  const segments = convertLines(skeleton)
    .split(CODE_BLOCK)
    .map((segment) => tidyMarkdown(removePings(restore(segment, atoms, restored))));
  let markdown = segments[0] ?? '';
  segments.slice(1).forEach((segment, i) => {
    markdown = `${markdown.trimEnd()}\n${blocks[i]}\n${segment.replace(/^\n+/, '')}`;
  });
  return markdown.trim();
}

/** Where the next backtick that might start code is, at or after `from`. */
function nextCodeStart(text: string, from: number): number {
  const next = text.indexOf('`', from);
  return next < 0 ? text.length : next;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** A code block on its own lines (or '' if it holds nothing); its text is kept as written but cleared of pings. */
function fencedBlock(raw: string, names: (userId: string) => string | undefined): string {
  const code = removePings(codeText(raw.replace(/^\n/, '').replace(/\n$/, ''), names));
  return code.trim() ? '```\n' + code + '\n```' : '';
}

/** Code as written: entities decoded, and user mentions (which Slack shows as names even in code) named. */
function codeText(raw: string, names: (userId: string) => string | undefined): string {
  return decodeEntities(raw.replace(/<@([A-Z0-9]+)(?:\|([^<>\n]*))?>/gi, (_, id: string, label?: string) => special(`@${id}|${label ?? ''}`, names)));
}

/** Replaces Slack's `<…>` forms in plain text with atoms and decodes entities around them. */
function protect(text: string, atoms: string[], names: (userId: string) => string | undefined): string {
  let result = '';
  let last = 0;
  for (const match of text.matchAll(SPECIAL)) {
    result += plain(text.slice(last, match.index), atoms);
    atoms.push(special(match[1] ?? '', names));
    result += ATOM;
    last = match.index + match[0].length;
  }
  return result + plain(text.slice(last), atoms);
}

/** Decodes plain text; a character that happens to be one of the markers becomes an atom of itself. */
function plain(text: string, atoms: string[]): string {
  return decodeEntities(text).replace(/[\uE000\uE001]/g, (marker) => {
    atoms.push(marker);
    return ATOM;
  });
}

/** Puts the atoms back; they were numbered in order and conversion never reorders them. */
function restore(text: string, atoms: readonly string[], counter: { next: number }): string {
  return text.replace(/\uE000/g, () => atoms[counter.next++] ?? '');
}

/** The Markdown for the inside of one `<…>` form. */
function special(inner: string, names: (userId: string) => string | undefined): string {
  const bar = inner.indexOf('|');
  const target = decodeEntities(bar < 0 ? inner : inner.slice(0, bar));
  const label = bar < 0 ? '' : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    const name = names(target.slice(1)) || label.replace(/^@+/, '');
    return name.trim() || 'someone';
  }
  if (target.startsWith('#')) return '#' + (label || target.slice(1));
  if (target.startsWith('!')) {
    // Broadcasts are left for removePings, which also tidies the space around them;
    // a user group or a date keeps only its readable label.
    if (/^!(channel|here|everyone|group)$/i.test(target)) return `<${target}>`;
    return /^!(subteam\^|date\^)/i.test(target) ? label.replace(/^@+/, '') : label;
  }
  if (/^mailto:/i.test(target)) {
    const address = target.slice('mailto:'.length);
    return !label || label === address ? address : `[${escapeLabel(label)}](${escapeUrl(target)})`;
  }
  if (/^https?:\/\//i.test(target)) {
    return !label || label === target ? `<${escapeUrl(target)}>` : `[${escapeLabel(label)}](${escapeUrl(target)})`;
  }
  // Other schemes (slack://, tel:, javascript:) are not kept as links.
  return label || target;
}

function escapeLabel(label: string): string {
  return label.replace(/[\\[\]]/g, '\\$&');
}

function escapeUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

/** Applies the line rules (quotes, bullets) and the emphasis rules to text between code blocks. */
function convertLines(text: string): string {
  let quoteRest = false;
  return text
    .split('\n')
    .map((line) => {
      // `>>>` quotes everything after it, to the end of the message.
      const rest = /^>>>\s?/.exec(line);
      if (rest) {
        quoteRest = true;
        line = line.slice(rest[0].length);
      }
      const converted = convertEmphasis(convertBullet(line));
      return quoteRest ? `> ${converted}` : converted;
    })
    .join('\n');
}

function convertBullet(line: string): string {
  const match = /^([ \t]*)(\S)[ \t]*/u.exec(line);
  const level = match ? BULLETS.get(match[2]!) : undefined;
  if (!match || level === undefined) return line;
  const indentLevel = Math.max(level, Math.ceil(match[1]!.replace(/\t/g, '    ').length / 4));
  return '  '.repeat(indentLevel) + '- ' + line.slice(match[0].length);
}

function convertEmphasis(line: string): string {
  line = convertDelimiter(line, '*', '**');
  line = convertDelimiter(line, '_', '*');
  return convertDelimiter(line, '~', '~~');
}

/**
 * Rewrites Slack's `*x*`, `_x_`, `~x~`: a delimiter opens after a non-word character and
 * before a non-space, and closes after a non-space and before a non-word character. Doubled
 * delimiters (`**x**`, `~~x~~`) are already Markdown and stay. Closing positions are listed
 * once and consumed in order, which keeps this linear.
 */
function convertDelimiter(line: string, delimiter: string, markdown: string): string {
  if (!line.includes(delimiter)) return line;
  const single = (i: number) => line[i] === delimiter && line[i - 1] !== delimiter && line[i + 1] !== delimiter;
  const closers: number[] = [];
  for (let i = 1; i < line.length; i++) {
    if (single(i) && !/\s/.test(line[i - 1]!) && !isWordAt(line, i + 1)) closers.push(i);
  }
  let result = '';
  let copied = 0;
  let next = 0;
  for (let i = 0; i < line.length; i++) {
    if (!single(i) || isWordAt(line, i - 1) || i + 1 >= line.length || /\s/.test(line[i + 1]!)) continue;
    while (next < closers.length && closers[next]! <= i + 1) next++;
    const close = closers[next];
    if (close === undefined) break;
    result += line.slice(copied, i) + markdown + line.slice(i + 1, close) + markdown;
    copied = close + 1;
    i = close;
  }
  return result + line.slice(copied);
}

function isWordAt(line: string, index: number): boolean {
  const char = line[index];
  return char !== undefined && WORD.test(char);
}
