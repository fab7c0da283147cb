import { removePings } from '../../src/index';

/** Slack's limit on a section's text. */
export const SECTION_LIMIT = 3000;

/**
 * Text from articles, questions or people as it may appear in mrkdwn: nothing that can
 * notify anyone, and `&`, `<`, `>` escaped, so it can't form a mention, a link or a
 * broadcast. Escaping alone stops `<!channel>`; removing pings also stops the bare
 * `@here` words and keeps the text readable.
 */
export function safeText(text: string): string {
  return escapeMrkdwn(removePings(text));
}

/** Escapes the three characters Slack's mrkdwn gives a meaning to. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A link in mrkdwn, or just the label when the URL is not http(s). The URL can't close
 * the link early or add a label of its own: `|`, `<`, `>` and spaces are percent-encoded.
 */
export function mrkdwnLink(url: string | null | undefined, label: string): string {
  const text = safeText(label);
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return text;
  const href = url.replace(/[|<>\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `<${href}|${text.replace(/\|/g, '¦')}>`;
}

/**
 * Cuts mrkdwn to `limit` characters, ending with `…`, never inside an entity such as
 * `&amp;` or a `<…>` link, which would leave broken markup.
 */
export function fitMrkdwn(text: string, limit = SECTION_LIMIT): string {
  if (text.length <= limit) return text;
  let cut = limit - 1;
  const entity = text.lastIndexOf('&', cut);
  if (entity >= 0 && entity > cut - 8 && !text.slice(entity, cut).includes(';')) cut = entity;
  const open = text.lastIndexOf('<', cut);
  if (open >= 0 && text.lastIndexOf('>', cut) < open) cut = open;
  return `${text.slice(0, cut)}…`;
}

/**
 * The question in a message, as plain text for the core: the bot's own mention removed,
 * other mentions and links reduced to their labels, entities decoded. The core only
 * searches this text; whatever is shown back is made safe again by `safeText`.
 */
export function plainQuestion(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return target.slice(1) === botUserId || !label ? ' ' : label;
      if (target.startsWith('#')) return label ? `#${label}` : ' ';
      if (target.startsWith('!')) return label ?? ' ';
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Inline Markdown that needs more than escaping: code, links, images, bold, italics. */
const INLINE = /(`[^`\n]+`|!?\[[^\]\n]*\]\([^)\s]*\)|\*\*[^*\n]+\*\*|__[^_\n]+__|(?<![\w*])\*(?!\s)[^*\n]+?(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)[^_\n]+?(?<!\s)_(?![\w_]))/;

/**
 * An article's Markdown as Slack mrkdwn: headings and bold in bold, lists with bullets,
 * links as Slack links (http(s) only), code kept as code. Every piece of text goes through
 * `safeText`, so an article can't ping anyone or add markup Slack would act on.
 */
export function markdownToMrkdwn(markdown: string): string {
  const out: string[] = [];
  let inCode = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) {
      inCode = !inCode;
      out.push('```');
      continue;
    }
    if (inCode) {
      out.push(safeText(line));
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(`*${safeText(plainInline(heading[1]!))}*`);
      continue;
    }
    const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (item) {
      out.push(`${item[1]}• ${inline(item[2]!)}`);
      continue;
    }
    out.push(inline(line.replace(/^\s{0,3}>\s?/, '> ').replace(/^> $/, '>')));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

function inline(text: string): string {
  return text
    .split(INLINE)
    .map((piece, at) => {
      if (at % 2 === 0) return safeText(piece);
      if (piece.startsWith('`')) return `\`${safeText(piece.slice(1, -1)).replace(/`/g, "'")}\``;
      const link = /^(!?)\[([^\]]*)\]\(([^)\s]*)\)$/.exec(piece);
      if (link) return mrkdwnLink(link[3], plainInline(link[2]!) || link[3]!);
      if (piece.startsWith('**') || piece.startsWith('__')) return `*${safeText(plainInline(piece.slice(2, -2)))}*`;
      return `_${safeText(plainInline(piece.slice(1, -1)))}_`;
    })
    .join('');
}

/** Inline Markdown reduced to its text, for places that take one style: a heading, a link's label. */
function plainInline(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/(?<![\w*])\*(?!\s)([^*]+?)\*/g, '$1');
}
