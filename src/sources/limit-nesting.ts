/** Deeper than this, markup adds nothing a reader can see; only hostile pages nest so deep. */
const MAX_DEPTH = 64;
/** The most HTML one article may bring; a longer body is not an article someone reads in chat. */
export const MAX_HTML_LENGTH = 2_000_000;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG_NAME = /^<\/?([a-zA-Z][^\s/>]*)/;

/**
 * Drops the tags of elements nested deeper than MAX_DEPTH, keeping their text, in one
 * linear scan. The parsers after it (htmlparser2 keeps its stack with `unshift`, domino and
 * turndown walk the tree) slow down with depth, so that a page of a hundred thousand nested
 * tags would stall a sync for minutes or exhaust the stack. Comments, CDATA sections and
 * quoted attribute values are skipped whole; everything else passes through unchanged.
 */
export function limitNesting(html: string): string {
  if (html.length > MAX_HTML_LENGTH) throw new Error(`the body is ${html.length} characters of HTML, more than ${MAX_HTML_LENGTH}`);
  const open: Array<{ name: string; kept: boolean }> = [];
  // How many of each name are open: a close tag of a name not open is not searched for (that would be quadratic).
  const openCount = new Map<string, number>();
  const count = (name: string, delta: number) => openCount.set(name, (openCount.get(name) ?? 0) + delta);
  let out = '';
  let index = 0;
  while (index < html.length) {
    const start = html.indexOf('<', index);
    if (start < 0) break;
    const skipTo = (marker: string) => {
      const end = html.indexOf(marker, start);
      return end < 0 ? html.length : end + marker.length;
    };
    let end: number;
    if (html.startsWith('<!--', start)) end = skipTo('-->');
    else if (html.startsWith('<![CDATA[', start)) end = skipTo(']]>');
    else if (/^<\/?[a-zA-Z]/.test(html.slice(start, start + 3))) end = tagEnd(html, start);
    else end = start + 1;
    const text = html.slice(start, end);
    const name = TAG_NAME.exec(text)?.[1]?.toLowerCase();
    let keep = true;
    if (name && text[1] === '/') {
      // Closes the nearest open element of that name (and, as browsers do, those opened inside it); a stray one is dropped.
      keep = false;
      if ((openCount.get(name) ?? 0) > 0) {
        let at = open.length - 1;
        while (open[at]!.name !== name) at--;
        keep = open[at]!.kept;
        for (const closed of open.splice(at)) count(closed.name, -1);
      }
    } else if (name && !VOID.has(name) && !text.endsWith('/>')) {
      keep = open.length < MAX_DEPTH;
      open.push({ name, kept: keep });
      count(name, 1);
    }
    out += html.slice(index, start) + (keep ? text : '');
    index = end;
  }
  return out + html.slice(index);
}

/** Index just past the `>` ending the tag at `start`, skipping quoted attribute values; the end of the text if it never ends. */
function tagEnd(html: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < html.length; i++) {
    const char = html[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i + 1;
    }
  }
  return html.length;
}
