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
