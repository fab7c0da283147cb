import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Article } from '../article';
import { type ArticleRecord, type UnreadableRecord, normalizeFields } from './article-record';
import { toPortable } from './portable-article';

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * A Markdown article: YAML front matter (`id`, `title`, `tags`, `questions`, `owner`,
 * `author`, `status`, `source`) and the body below it. Without an id the file name is
 * the id; without a title the first `# heading` is.
 */
export function readMarkdownArticle(text: string, file: string, fileId: string): ArticleRecord | UnreadableRecord {
  const match = FRONT_MATTER.exec(text);
  let meta: unknown = {};
  if (!match && /^\uFEFF?---[ \t]*\r?\n/.test(text)) {
    return { source: file, reason: 'the front matter opened on line 1 is never closed: end it with a line of three dashes (---) before the body' };
  }
  if (match) {
    try {
      meta = parseYaml(match[1]!) ?? {};
    } catch (error) {
      return { source: file, reason: `the front matter is not valid YAML: ${describeYamlError(error)}` };
    }
    if (typeof meta !== 'object' || Array.isArray(meta)) return { source: file, reason: 'the front matter must be a YAML mapping (key: value lines)' };
  }
  let body = match ? text.slice(match[0].length) : text;
  const fields = { ...(meta as Record<string, unknown>) };
  if (fields.title === undefined) {
    const heading = /^#\s+(.+)\r?\n?/m.exec(body);
    if (heading) {
      fields.title = heading[1]!.trim();
      body = body.replace(heading[0], '');
    }
  }
  fields.id ??= fileId;
  fields.body = body.trim();
  return { source: file, input: normalizeFields(fields) };
}

export function writeMarkdownArticle(article: Article): string {
  const { body, sourceUrl, ...meta } = toPortable(article);
  // Front matter says `source:`, as the sample base and people write it.
  return `---\n${stringifyYaml({ ...meta, ...(sourceUrl ? { source: sourceUrl } : {}) }, { lineWidth: 0 })}---\n${body}\n`;
}

/** A YAML error with its line counted from the top of the file (the front matter starts on line 2). */
function describeYamlError(error: unknown): string {
  const message = (error as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const position = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
  return position ? `line ${position.line + 1}, column ${position.col}: ${message}` : message;
}
