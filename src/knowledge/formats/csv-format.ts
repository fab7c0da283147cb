import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Article } from '../article';
import { type ReadResult, normalizeFields, splitList } from './article-record';
import { toPortable } from './portable-article';

const REQUIRED_COLUMNS = ['title', 'body'] as const;
export const CSV_COLUMNS = [
  'id', 'title', 'body', 'questions', 'tags', 'status', 'owner', 'author', 'source_url',
  'review_days', 'verified_at', 'verified_by', 'learned_questions', 'merged_questions', 'audience',
] as const;
const QUESTION_SEPARATOR = /\s*\|\s*|\r?\n/;
const TAG_SEPARATOR = /[,;]/;

/**
 * CSV with a header row: `title,body,questions,tags` and optionally `id`, `status`,
 * `owner`, `author`, `source_url`. Questions are separated by `|` or new lines, tags by
 * commas. A row with the wrong number of cells is rejected alone.
 */
export function readCsvArticles(text: string, file: string): ReadResult {
  const delimiter = detectDelimiter(text);
  const named = DELIMITER_NAMES[delimiter];
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    return { records: [], unreadable: [{ source: file, reason: `not valid CSV, read as ${named} (${(error as Error).message})` }] };
  }
  const [header, ...body] = rows;
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (!header || missing.length > 0) {
    return {
      records: [],
      unreadable: [{ source: file, reason: `the header row must name the columns title,body,questions,tags (missing: ${missing.join(', ') || 'header'}; read as ${named}, columns found: ${columns.join(' | ') || 'none'})` }],
    };
  }
  const result: ReadResult = { records: [], unreadable: [], ...(delimiter === ',' ? {} : { notices: [`${file}: read as ${named}`] }) };
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
    for (const name of ['learned_questions', 'merged_questions'] as const) if (name in record) record[name] = splitList(record[name], QUESTION_SEPARATOR);
    if ('audience' in record) record.audience = splitList(record.audience, TAG_SEPARATOR);
    // A cell is text; a review interval is a number (anything else is refused by validation, naming the row).
    if (typeof record.review_days === 'string' && /^\s*\d+\s*$/.test(record.review_days)) record.review_days = Number(record.review_days);
    result.records.push({ source, input: normalizeFields(record) });
  });
  return result;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma-separated', ';': 'semicolon-separated (as European spreadsheets save CSV)', '\t': 'tab-separated' };

/**
 * The cell separator of a CSV file, told from its header row: the one of comma, semicolon
 * and tab that occurs most there outside quotes (a comma on a tie).
 */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
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
      portable.reviewDays === undefined ? '' : String(portable.reviewDays),
      portable.verifiedAt ?? '',
      portable.verifiedBy ?? '',
      (portable.learnedQuestions ?? []).join(' | '),
      (portable.mergedQuestions ?? []).join(' | '),
      (portable.audience ?? []).join(','),
    ];
  });
  // RFC 4180 with CRLF rows; csv-stringify quotes only a CRLF pair, so a lone line break is quoted too.
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
