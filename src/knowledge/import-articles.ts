import { isLoreError } from '../errors';
import { articleInputSchema } from './article';
import type { ArticleRecord, UnreadableRecord } from './formats/article-record';
import type { KnowledgeBase } from './knowledge-base';
import { nextTurn, SliceSizer } from './slices';

/** What an import did, row by row where it matters. */
export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  rejected: UnreadableRecord[];
}

export interface ImportOptions {
  workspace: string;
  /** Who is importing, kept in each article's revision history. */
  by?: string | null;
  /** Called after each batch with how many records are done. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * How long one batch (its transaction and the index update after it) should take. Between
 * batches other work runs, so a Slack request waits at most about this long; the batch
 * size follows from how fast the last batches went.
 */
const BATCH_MS = 15;
const FIRST_BATCH = 20;
const MAX_BATCH = 2000;

/**
 * Validates each record and saves the valid ones; a bad record is reported with its
 * reason and never aborts the others. An article with an id that exists is updated
 * (keeping its previous text as a revision).
 */
export async function importArticles(
  knowledge: KnowledgeBase,
  records: readonly ArticleRecord[],
  options: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, rejected: [] };
  const sizer = new SliceSizer(BATCH_MS, FIRST_BATCH, MAX_BATCH);
  for (let start = 0; start < records.length; ) {
    const batch = records.slice(start, start + sizer.size);
    start += batch.length;
    const started = performance.now();
    knowledge.batch(() => {
      for (const record of batch) importOne(knowledge, record, options, report);
    });
    sizer.took(batch.length, performance.now() - started);
    options.onProgress?.(start, records.length);
    // Let other work (a Slack request waiting for its 3 seconds) run between batches.
    await nextTurn();
  }
  return report;
}

function importOne(knowledge: KnowledgeBase, record: ArticleRecord, options: ImportOptions, report: ImportReport): void {
  const parsed = articleInputSchema.safeParse(record.input);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    report.rejected.push({ source: record.source, reason });
    return;
  }
  try {
    const { outcome } = knowledge.save(parsed.data, options.workspace, { by: options.by ?? null, reason: 'import' });
    report[outcome] += 1;
  } catch (error) {
    if (!isLoreError(error, 'INVALID_INPUT')) throw error;
    report.rejected.push({ source: record.source, reason: error.message });
  }
}
