/**
 * One article as read from a file, before validation: `input` is whatever the file
 * said, `source` says where (file and row) so a rejection can point at it.
 */
export interface ArticleRecord {
  source: string;
  input: unknown;
  /** The line of the file where the record starts, when the source does not say it (JSON). */
  line?: number;
}

/** A file or row that could not be read at all. */
export interface UnreadableRecord {
  source: string;
  reason: string;
}

/** `notices`: how a file was read when it is worth saying (a CSV read as semicolon-separated). */
export type ReadResult = { records: ArticleRecord[]; unreadable: UnreadableRecord[]; notices?: string[] };

/** Splits a list written in one cell or field: `a | b` or one per line. */
export function splitList(value: unknown, separator: RegExp): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Column names of CSV files (and other tools) for the article's camel-case fields. */
const SNAKE_CASE: Record<string, string> = {
  review_days: 'reviewDays',
  verified_at: 'verifiedAt',
  verified_by: 'verifiedBy',
  learned_questions: 'learnedQuestions',
  merged_questions: 'mergedQuestions',
};

/**
 * Accepts the field names people and other tools use for the same thing
 * (`source_url`, `url`, `source`), so each format maps onto one article shape.
 */
export function normalizeFields(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const record = raw as Record<string, unknown>;
  const { source_url: sourceUrlSnake, url, source, sourceUrl, ...rest } = record;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) out[SNAKE_CASE[key] ?? key] = value;
  const link = sourceUrl ?? sourceUrlSnake ?? url ?? source;
  if (link !== undefined && link !== null && link !== '') out.sourceUrl = link;
  for (const key of Object.keys(out)) if (out[key] === '' || out[key] === null) delete out[key];
  return out;
}
