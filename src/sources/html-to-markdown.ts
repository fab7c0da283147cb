import TurndownService from 'turndown';
import { removePings } from '../capture/pings';
import { tidyMarkdown } from '../capture/tidy-markdown';
import { limitNesting } from './limit-nesting';

/** Elements whose content is never knowledge, and could be hostile: dropped with everything inside. */
const DROPPED = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'form', 'button', 'select', 'textarea'] as const;
const SAFE_LINK = /^(https?:|mailto:)/i;

const turndown = createTurndown();

/**
 * Turns a vendor's HTML (a Zendesk article, a Confluence page once its macros are
 * rewritten) into the Markdown articles hold: headings, lists, emphasis, fenced code,
 * quotes, tables and http(s) links kept; scripts, styles and forms dropped; anything that
 * could ping people in chat (`<!channel>`, `@here`, `<@U…>`) neutralised outside code.
 */
export function htmlToMarkdown(html: string): string {
  if (!html.trim()) return '';
  const markdown = turndown.turndown(limitNesting(html));
  return withoutPings(markdown).replace(/\n{3,}/g, '\n\n').trim();
}

/** Removes pings from the prose of Markdown; fenced code is left as written, as capture does. */
function withoutPings(markdown: string): string {
  const fence = /(^|\n)(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n\2[ \t]*(?=\n|$)/g;
  let out = '';
  let last = 0;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    out += tidyMarkdown(removePings(markdown.slice(last, match.index))) + match[0];
    last = match.index + match[0].length;
  }
  return out + tidyMarkdown(removePings(markdown.slice(last)));
}

function createTurndown(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*', hr: '---' });
  service.remove([...DROPPED]);
  service.addRule('safeLink', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const href = (node as unknown as DomElement).getAttribute('href')?.trim() ?? '';
      const text = content.trim();
      if (!SAFE_LINK.test(href)) return text;
      return `[${text || href}](${escapeUrl(href)})`;
    },
  });
  service.addRule('safeImage', {
    filter: 'img',
    replacement: (_content, node) => {
      const alt = (node as unknown as DomElement).getAttribute('alt')?.trim() ?? '';
      const src = (node as unknown as DomElement).getAttribute('src')?.trim() ?? '';
      return SAFE_LINK.test(src) ? `![${alt.replace(/[[\]]/g, '')}](${escapeUrl(src)})` : alt;
    },
  });
  // `- item` rather than turndown's `-   item`: what people write, and what the rest of the base uses.
  service.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const element = node as unknown as DomElement;
      const parent = element.parentNode;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start')) || 1;
        prefix = `${start + Array.prototype.indexOf.call(parent.children, element)}. `;
      }
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${' '.repeat(prefix.length)}`);
      return prefix + body + (element.nextSibling && !body.endsWith('\n') ? '\n' : '');
    },
  });
  // GitHub-style tables: Markdown has no other, and help-desk articles are full of them.
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content) => ` ${content.replace(/\s*\n+\s*/g, ' ').replace(/\|/g, '\\|').trim()} |`,
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content, node) => {
      const cells = [...node.childNodes].filter((child) => child.nodeName === 'TH' || child.nodeName === 'TD').length;
      const header = isFirstRow(node as unknown as DomElement) ? `\n|${' --- |'.repeat(Math.max(cells, 1))}` : '';
      return `\n|${content}${header}`;
    },
  });
  service.addRule('tableSection', { filter: ['thead', 'tbody', 'tfoot'], replacement: (content) => content });
  service.addRule('table', { filter: 'table', replacement: (content) => `\n\n${content.replace(/\n+/g, '\n').trim()}\n\n` });
  return service;
}

/** The little of the DOM (turndown's, from domino) these rules read; the project compiles without the DOM library. */
interface DomElement {
  nodeName: string;
  parentNode: DomElement | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  children: ArrayLike<DomElement>;
  nextSibling: DomElement | null;
}

/** Parentheses and spaces would end a Markdown link early. */
function escapeUrl(url: string): string {
  return url.replace(/[()\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function isFirstRow(row: DomElement): boolean {
  let table = row.parentNode;
  while (table && table.nodeName !== 'TABLE') table = table.parentNode;
  return !table || table.getElementsByTagName('tr')[0] === row;
}
