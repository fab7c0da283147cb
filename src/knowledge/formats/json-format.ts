import type { Article } from '../article';
import { type ReadResult, normalizeFields } from './article-record';
import { toPortable } from './portable-article';

/**
 * The JSON format of `../shared/data`: an array of `{id, title, body, questions?}`,
 * plus optional `tags`, `status`, `owner`, `author`, `sourceUrl`.
 */
export function readJsonArticles(text: string, file: string): ReadResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { records: [], unreadable: [{ source: file, reason: `not valid JSON (${(error as Error).message})` }] };
  }
  if (!Array.isArray(parsed)) {
    return { records: [], unreadable: [{ source: file, reason: 'expected a JSON array of articles ([{"id", "title", "body", "questions"}])' }] };
  }
  const lines = elementLines(text);
  return {
    records: parsed.map((item, i) => ({ source: `${file}[${i}]`, input: normalizeFields(item), ...(lines[i] ? { line: lines[i] } : {}) })),
    unreadable: [],
  };
}

/** The line each element of a top-level JSON array starts on (the text is valid JSON). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectingElement = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') line++;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (depth === 1 && expectingElement && char !== ']') {
      lines.push(line);
      expectingElement = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth === 1) expectingElement = true;
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 1) expectingElement = true;
  }
  return lines;
}

export function writeJsonArticles(articles: readonly Article[]): string {
  return `${JSON.stringify(articles.map(toPortable), null, 2)}\n`;
}
