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
  return {
    records: parsed.map((item, i) => ({ source: `${file}[${i}]`, input: normalizeFields(item) })),
    unreadable: [],
  };
}

export function writeJsonArticles(articles: readonly Article[]): string {
  return `${JSON.stringify(articles.map(toPortable), null, 2)}\n`;
}
