import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { htmlToMarkdown } from './html-to-markdown';
import { limitNesting } from './limit-nesting';

/** Panel macros and the word that opens them in Markdown. */
const PANELS: Record<string, string> = { info: 'Info', note: 'Note', warning: 'Warning', tip: 'Tip', panel: '', 'expand': '' };
const CODE_MACROS = new Set(['code', 'noformat']);
const VOID = new Set(['br', 'hr', 'img']);
/** Plain HTML attributes worth keeping; the rest (styles, ids, data-*) carry nothing into Markdown. */
const KEPT_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'start']);

/**
 * Converts a Confluence page body in storage format (XHTML with `ac:` macros and `ri:`
 * resources) to Markdown: the code macro becomes a fenced block with its language, the
 * info/note/warning/tip panels quotes that say which they are, links to URLs links and
 * links to pages their titles; tables and the rest of the HTML go through htmlToMarkdown.
 */
export function confluenceStorageToMarkdown(storage: string): string {
  const document = parseDocument(limitNesting(storage), { recognizeCDATA: true, recognizeSelfClosing: true, decodeEntities: true });
  return htmlToMarkdown(renderAll(document.children));
}

function renderAll(nodes: readonly ChildNode[]): string {
  return nodes.map(render).join('');
}

function render(node: ChildNode): string {
  if (node.type === 'text') return escapeHtml(node.data);
  if (node.type === 'cdata') return escapeHtml(textOf(node.children));
  if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return '';
  const element = node as Element;
  const name = element.name.toLowerCase();
  if (name === 'script' || name === 'style') return '';
  if (name === 'ac:structured-macro' || name === 'ac:macro') return renderMacro(element);
  if (name === 'ac:link') return renderLink(element);
  if (name === 'ac:image') return escapeHtml(element.attribs['ac:alt'] ?? '');
  if (name === 'ac:emoticon') return escapeHtml(element.attribs['ac:emoji-fallback'] ?? '');
  if (name === 'ac:task-list') return `<ul>${renderAll(element.children)}</ul>`;
  if (name === 'ac:task') {
    const done = textOf(childrenNamed(element, 'ac:task-status')).trim() === 'complete';
    return `<li>${done ? '[x] ' : '[ ] '}${renderAll(childrenNamed(element, 'ac:task-body'))}</li>`;
  }
  // Other macros' parts and resources: their content, if any, without the wrapper.
  if (name.includes(':')) return renderAll(element.children);
  const attributes = Object.entries(element.attribs)
    .filter(([key]) => KEPT_ATTRIBUTES.has(key))
    .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
    .join('');
  if (VOID.has(name)) return `<${name}${attributes}>`;
  return `<${name}${attributes}>${renderAll(element.children)}</${name}>`;
}

function renderMacro(macro: Element): string {
  const name = (macro.attribs['ac:name'] ?? '').toLowerCase();
  const parameter = (key: string) => childrenNamed(macro, 'ac:parameter').find((p) => (p as Element).attribs['ac:name'] === key);
  if (CODE_MACROS.has(name)) {
    const language = textOf(parameter('language') ? [parameter('language')!] : []).trim().toLowerCase().replace(/[^a-z0-9+#-]/g, '');
    const code = textOf(childrenNamed(macro, 'ac:plain-text-body'));
    return `<pre><code${language ? ` class="language-${language}"` : ''}>${escapeHtml(code)}</code></pre>`;
  }
  const body = childrenNamed(macro, 'ac:rich-text-body');
  if (name in PANELS) {
    const title = textOf(parameter('title') ? [parameter('title')!] : []).trim();
    const label = [PANELS[name], title].filter(Boolean).join(': ');
    return `<blockquote>${label ? `<p><strong>${escapeHtml(label)}</strong></p>` : ''}${renderAll(body)}</blockquote>`;
  }
  // A macro with a body (a section, a column, an excerpt) shows its body; one without (a table of contents, a Jira list) has nothing to keep.
  return renderAll(body);
}

function renderLink(link: Element): string {
  const url = childrenNamed(link, 'ri:url')[0] as Element | undefined;
  const page = childrenNamed(link, 'ri:page')[0] as Element | undefined;
  const body = [...childrenNamed(link, 'ac:link-body'), ...childrenNamed(link, 'ac:plain-text-link-body')];
  const text = body.length > 0 ? renderAll(body) : escapeHtml(page?.attribs['ri:content-title'] ?? url?.attribs['ri:value'] ?? '');
  const href = url?.attribs['ri:value'];
  return href ? `<a href="${escapeHtml(href)}">${text}</a>` : text;
}

function childrenNamed(element: Element, name: string): ChildNode[] {
  return element.children.filter((child) => child.type === 'tag' && (child as Element).name.toLowerCase() === name);
}

function textOf(nodes: readonly ChildNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.data;
    else if ('children' in node) text += textOf(node.children as ChildNode[]);
  }
  return text;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
