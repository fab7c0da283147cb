import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Article } from '../article';
import { type ReadResult, normalizeFields, splitList } from './article-record';
import { toPortable } from './portable-article';

const REQUIRED_COLUMNS = ['title', 'body'] as const;
export const CSV_COLUMNS = ['id', 'title', 'body', 'questions', 'tags', 'status', 'owner', 'author', 'source_url'] as const;
const QUESTION_SEPARATOR = /\s*\|\s*|\r?\n/;
const TAG_SEPARATOR = /[,;]/;

/**
 * CSV with a header row: `title,body,questions,tags` and optionally `id`, `status`,
 * `owner`, `author`, `source_url`. Questions are separated by `|` or new lines, tags by
 * commas. A row with the wrong number of cells is rejected alone.
 */
export function readCsvArticles(text: string, file: string): ReadResult {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    return { records: [], unreadable: [{ source: file, reason: `not valid CSV (${(error as Error).message})` }] };
  }
  const [header, ...body] = rows;
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (!header || missing.length > 0) {
    return { records: [], unreadable: [{ source: file, reason: `the header row must name the columns title,body,questions,tags (missing: ${missing.join(', ') || 'header'})` }] };
  }
  const result: ReadResult = { records: [], unreadable: [] };
  body.forEach((cells, i) => {
    const source = `${file}:${i + 2}`;
    if (cells.length !== columns.length) {
      result.unreadable.push({ source, reason: `has ${cells.length} cells where the header has ${columns.length}` });
      return;
    }
    const record: Record<string, unknown> = {};
    columns.forEach((name, c) => (record[name] = cells[c]));
    record.questions = splitList(record.questions, QUESTION_SEPARATOR);
    record.tags = splitList(record.tags, TAG_SEPARATOR);
    result.records.push({ source, input: normalizeFields(record) });
  });
  return result;
}

export function writeCsvArticles(articles: readonly Article[]): string {
  const rows = articles.map((article) => {
    const portable = toPortable(article);
    return [
      portable.id,
      portable.title,
      portable.body,
      portable.questions.join(' | '),
      portable.tags.join(','),
      portable.status,
      portable.owner ?? '',
      portable.author ?? '',
      portable.sourceUrl ?? '',
    ];
  });
  // RFC 4180 with CRLF rows; csv-stringify quotes only a CRLF pair, so a lone line break is quoted too.
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
