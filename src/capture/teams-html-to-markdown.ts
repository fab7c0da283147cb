import { Parser } from 'htmlparser2';
import { removePings } from './pings';
import { tidyMarkdown } from './tidy-markdown';

const MARKS: Record<string, string> = { b: '**', strong: '**', i: '*', em: '*', s: '~~', strike: '~~', del: '~~' };
const RAW_TEXT = new Set(['script', 'style', 'template', 'noscript']);
const BLOCKS = new Set([
  'div', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'main', 'figure', 'figcaption', 'tr', 'dl', 'dt', 'dd',
  'address', 'details', 'summary', 'form', 'fieldset', 'center', 'caption',
]);
/** Teams sends code blocks as `<pre>` or, from Graph, as `<codeblock class="JavaScript">`. */
const CODE_BLOCKS = new Set(['pre', 'codeblock']);
const PARAGRAPHS = new Set(['p', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);
/** Deeper lists and quotes are written at this depth: hostile nesting must not grow every line. */
const MAX_NESTING = 12;

interface Tag {
  name: string;
  closing: boolean;
  attributes: Map<string, string>;
}

/**
 * Converts the HTML of a Teams message to Markdown: htmlparser2 tokenizes it (tolerantly,
 * decoding every HTML entity) and the writer keeps emphasis, safe links, lists, code and
 * quotes; mentions, images and unknown tags are reduced to their text; scripts, styles and
 * anything that could ping are dropped.
 */
export function teamsHtmlToMarkdown(html: string): string {
  const writer = new MarkdownWriter();
  // Depth inside elements whose content is never shown (scripts, styles, templates).
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (RAW_TEXT.has(name)) hidden++;
        else if (hidden === 0) writer.tag({ name, closing: false, attributes: new Map(Object.entries(attributes)) });
      },
      onclosetag(name, isImplied) {
        if (RAW_TEXT.has(name)) hidden = Math.max(0, hidden - 1);
        // Only end tags the author wrote: the parser also closes void and unclosed elements,
        // which would end a list item or a line break twice.
        else if (hidden === 0 && !isImplied) writer.tag({ name, closing: true, attributes: new Map() });
      },
      ontext(text) {
        if (hidden === 0) writer.text(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return writer.finish();
}

interface Mark {
  markdown: string;
  /** Tags of the same kind opened inside this one, which add nothing in Markdown. */
  repeats: number;
  /** The marker opened on the current line, if any: markers open lazily, just before text. */
  written: string | undefined;
}

/** Text gathered apart (a link's text, inline code) and written as one piece when it ends. */
interface Capture {
  kind: 'a' | 'code';
  href: string | undefined;
  text: string;
  /** The space pending before the capture began, which belongs before what it writes. */
  spaceBefore: boolean;
}

type Container = { kind: 'quote' } | { kind: 'list'; ordered: boolean; next: number } | { kind: 'item'; width: number };

/** Builds Markdown line by line as the scanner reports text and tags. */
class MarkdownWriter {
  private readonly parts: { code: boolean; lines: string[] }[] = [{ code: false, lines: [] }];
  private line = '';
  private started = false;
  private hasText = false;
  private space = false;
  private pendingBreak = 0;
  private heading = '';
  private marks: Mark[] = [];
  private readonly captures: Capture[] = [];
  private readonly containers: Container[] = [];
  private pre: { text: string; language: string } | undefined;

  text(text: string): void {
    if (this.pre) {
      this.pre.text += text.replace(/\u00A0/g, ' ');
      return;
    }
    const words = text.split(/[\s\u00A0]+/);
    words.forEach((word, i) => {
      if (i > 0) this.space = true;
      if (word) this.write(word);
    });
  }

  tag(tag: Tag): void {
    const { name, closing } = tag;
    if (this.pre) {
      if (CODE_BLOCKS.has(name) && closing) this.endPre();
      else if (name === 'br') this.pre.text += '\n';
      else if (name === 'code' && !closing && !this.pre.language) this.pre.language = languageOf(tag);
      return;
    }
    const capture = this.captures[this.captures.length - 1];
    if (name === 'br') {
      if (capture) this.space = true;
      else this.newLine();
    } else if (name === 'img' || name === 'emoji') {
      this.text(tag.attributes.get('alt') ?? '');
    } else if (name === 'a' || name === 'code') {
      if (closing) this.endCapture(name);
      else if (!capture || (name === 'code' && capture.kind === 'a')) {
        this.captures.push({ kind: name, href: tag.attributes.get('href'), text: '', spaceBefore: this.space });
        this.space = false;
      }
    } else if (capture) {
      // Inside a link or inline code only the text counts.
    } else if (MARKS[name]) {
      const open = this.marks.find((mark) => mark.markdown === MARKS[name]);
      if (closing) this.closeMark(MARKS[name]!);
      else if (open) open.repeats++;
      else this.marks.push({ markdown: MARKS[name], repeats: 0, written: undefined });
    } else if (CODE_BLOCKS.has(name) && !closing) {
      this.pre = { text: '', language: languageOf(tag) };
    } else if (name === 'ul' || name === 'ol') {
      this.list(tag);
    } else if (name === 'li') {
      if (closing) this.pop('item');
      else this.item();
    } else if (name === 'hr' && !closing) {
      this.breakLine(2);
      this.write('---');
      this.breakLine(2);
    } else if (PARAGRAPHS.has(name) || BLOCKS.has(name)) {
      this.breakLine(PARAGRAPHS.has(name) ? 2 : 1);
      if (name === 'blockquote') {
        if (closing) this.pop('quote');
        else if (this.containers.length < MAX_NESTING) this.containers.push({ kind: 'quote' });
      }
      if (/^h[1-6]$/.test(name)) this.heading = closing ? '' : '#'.repeat(Number(name[1])) + ' ';
    }
  }

  finish(): string {
    while (this.captures.length > 0) this.endCapture(this.captures[this.captures.length - 1]!.kind);
    if (this.pre) this.endPre();
    this.endLine();
    const markdown = this.parts
      .map((part) => (part.code ? removePings(part.lines.join('\n')) : tidyMarkdown(removePings(part.lines.join('\n')))))
      .filter((text) => text.trim() !== '')
      .join('\n');
    return markdown.replace(/\n{3,}/g, '\n\n').trim();
  }

  /** Writes a word (or a finished link or code span), with the space and markers due before it. */
  private write(word: string): void {
    const capture = this.captures[this.captures.length - 1];
    if (capture) {
      capture.text += this.space && capture.text ? ' ' + word : word;
      this.space = false;
      return;
    }
    this.flushBreak();
    if (!this.started) this.startLine(this.prefix());
    if (this.space && this.hasText) this.line += ' ';
    this.space = false;
    if (this.heading && !this.hasText) {
      this.line += this.heading;
      this.heading = '';
    }
    for (const mark of this.marks) {
      if (mark.written) continue;
      // `***a****b*` would not parse: after a `*`, emphasis reopens as `_`.
      mark.written = this.line.endsWith('*') ? mark.markdown.replace(/\*/g, '_') : mark.markdown;
      this.line += mark.written;
    }
    this.line += word;
    this.hasText = true;
  }

  private endCapture(kind: 'a' | 'code'): void {
    const at = this.captures.map((capture) => capture.kind).lastIndexOf(kind);
    if (at < 0) return;
    while (this.captures.length > at) {
      const { kind: ended, href, text, spaceBefore } = this.captures.pop()!;
      const spaceAfter = this.space;
      const markdown = ended === 'code' ? inlineCode(text) : link(text, href);
      this.space = spaceBefore;
      if (markdown) this.write(markdown);
      this.space ||= spaceAfter;
    }
  }

  private closeMark(markdown: string): void {
    const at = this.marks.findIndex((mark) => mark.markdown === markdown);
    if (at < 0) return;
    if (this.marks[at]!.repeats > 0) {
      this.marks[at]!.repeats--;
      return;
    }
    // Mis-nested tags (`<b><i>x</b>`): close the inner ones too, and reopen them after.
    const reopened = this.marks.slice(at + 1);
    this.closeWritten(this.marks.slice(at));
    this.marks = [...this.marks.slice(0, at), ...reopened];
  }

  /** Writes closing markers, innermost first, for the marks that were opened on this line. */
  private closeWritten(marks: Mark[]): void {
    for (const mark of [...marks].reverse()) {
      if (mark.written) this.line += mark.written;
      mark.written = undefined;
    }
  }

  private list(tag: Tag): void {
    const own = tag.closing ? this.lastIndexOf('list') : this.containers.length;
    // After a top-level list a blank line is needed, or the next text would join its last item.
    const nested = this.containers.slice(0, Math.max(own, 0)).some((container) => container.kind === 'item');
    this.breakLine(nested ? 1 : 2);
    if (tag.closing) this.pop('list');
    else if (this.containers.length < MAX_NESTING) this.containers.push({ kind: 'list', ordered: tag.name === 'ol', next: Number(tag.attributes.get('start')) || 1 });
  }

  private item(): void {
    // An item not closed before the next one starts ends there (but an outer list's item doesn't).
    const open = this.lastIndexOf('item');
    if (open > this.lastIndexOf('list')) this.containers.length = open;
    let list = [...this.containers].reverse().find((container) => container.kind === 'list');
    if (!list || list.kind !== 'list') {
      list = { kind: 'list', ordered: false, next: 1 };
      this.containers.push(list);
    }
    const marker = list.ordered ? `${list.next++}. ` : '- ';
    this.breakLine(1);
    this.flushBreak();
    this.endLine();
    this.startLine(this.prefix() + marker);
    this.containers.push({ kind: 'item', width: marker.length });
  }

  /** Closes the innermost container of `kind` and everything opened inside it. */
  private pop(kind: Container['kind']): void {
    const at = this.lastIndexOf(kind);
    if (at < 0) return;
    this.breakLine(1);
    this.containers.length = at;
  }

  private lastIndexOf(kind: Container['kind']): number {
    return this.containers.map((container) => container.kind).lastIndexOf(kind);
  }

  private endPre(): void {
    const { text, language } = this.pre!;
    this.pre = undefined;
    const code = text.replace(/^\r?\n/, '').replace(/\s+$/, '');
    if (!code.trim()) return;
    const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
    const prefix = this.prefix();
    // Right after a list marker, the fence goes on the marker's line.
    const onMarker = this.started && !this.hasText;
    const first = onMarker ? this.line : prefix;
    if (onMarker) this.started = false;
    this.endLine();
    const lines = [first + fence + language, ...code.split('\n').map((line) => (prefix + line).trimEnd()), prefix + fence];
    this.parts.push({ code: true, lines }, { code: false, lines: [] });
    this.breakLine(1);
  }

  private breakLine(level: number): void {
    this.pendingBreak = Math.max(this.pendingBreak, level);
  }

  private flushBreak(): void {
    if (this.pendingBreak === 0 || !this.hasText) {
      this.pendingBreak = 0;
      return;
    }
    const blank = this.pendingBreak === 2;
    this.pendingBreak = 0;
    this.endLine();
    if (blank) this.currentLines().push(this.prefix().trimEnd());
  }

  /** A `<br>`: ends the line here, even an empty one. */
  private newLine(): void {
    this.flushBreak();
    if (!this.started && this.currentLines().length === 0 && this.parts.length === 1) return;
    if (!this.started) this.startLine(this.prefix());
    this.hasText = true;
    this.endLine();
  }

  private startLine(start: string): void {
    this.line = start;
    this.started = true;
    this.hasText = false;
    this.space = false;
  }

  private endLine(): void {
    if (this.started && this.hasText) {
      this.closeWritten(this.marks);
      this.currentLines().push(this.line);
    }
    this.line = '';
    this.started = false;
    this.hasText = false;
  }

  private currentLines(): string[] {
    return this.parts[this.parts.length - 1]!.lines;
  }

  /** What starts a continuation line here: `> ` per quote, spaces under each list item. */
  private prefix(): string {
    return this.containers.map((container) => (container.kind === 'quote' ? '> ' : container.kind === 'item' ? ' '.repeat(container.width) : '')).join('');
  }
}

/** A Markdown link when the address is http(s) or mailto, else just the text (so `javascript:` goes). */
function link(text: string, href: string | undefined): string {
  // Browsers ignore control characters and spaces in a URL, so `java\tscript:` is `javascript:`.
  const url = (href ?? '').replace(/[\p{Cc}\s]/gu, '');
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return text;
  const address = escapeUrl(url);
  if (/^mailto:/i.test(url) && (!text || text === url.slice('mailto:'.length))) return url.slice('mailto:'.length);
  if (!text || text === url) return `<${address}>`;
  return `[${text.replace(/[\\[\]]/g, '\\$&')}](${address})`;
}

function inlineCode(text: string): string {
  if (!text.trim()) return text;
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return fence + pad + text + pad + fence;
}

function escapeUrl(url: string): string {
  return url.replace(/[()<>]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase());
}

function languageOf(tag: Tag): string {
  const classes = tag.attributes.get('class') ?? '';
  const language = /(?:^|\s)language-([\w+#-]+)/.exec(classes)?.[1] ?? (tag.name === 'codeblock' ? /^[\w+#-]+$/.exec(classes.trim())?.[0] : '');
  return (language ?? '').toLowerCase();
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
