import { isLoreError, LoreError } from '../errors';
import { articleInputSchema, slugify, type ValidArticleInput } from './article';
import type { ArticleRecord, UnreadableRecord } from './formats/article-record';
import type { KnowledgeBase } from './knowledge-base';
import { nextTurn, SliceSizer } from './slices';

/** What an import did, row by row where it matters. */
export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  rejected: UnreadableRecord[];
  /** With `sync`: the ids of the articles archived because the files no longer have them. */
  archived?: string[];
  /** How files were read, when worth saying (a CSV read as semicolon-separated). */
  notices?: string[];
}

export interface ImportOptions {
  workspace: string;
  /** Who is importing, kept in each article's revision history. */
  by?: string | null;
  /**
   * Archive the workspace's articles the records do not name (`lore import --sync`): the
   * files are the whole base. Refused when a file could not be read (`unreadable`), as
   * its articles would be archived.
   */
  sync?: boolean;
  /** Files or rows that could not be read at all, which make a sync unsafe. */
  unreadable?: readonly UnreadableRecord[];
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
  if (options.sync && (options.unreadable?.length ?? 0) > 0) {
    throw new LoreError('INVALID_INPUT', `--sync would archive the articles of what could not be read (${options.unreadable![0]!.source}: ${options.unreadable![0]!.reason}); fix it, or import without --sync.`);
  }
  const keyed = keyRecords(knowledge, records, options.workspace, report);
  const sizer = new SliceSizer(BATCH_MS, FIRST_BATCH, MAX_BATCH);
  for (let start = 0; start < keyed.valid.length; ) {
    const batch = keyed.valid.slice(start, start + sizer.size);
    start += batch.length;
    const started = performance.now();
    knowledge.batch(() => {
      for (const record of batch) saveOne(knowledge, record, options, report);
    });
    sizer.took(batch.length, performance.now() - started);
    options.onProgress?.(start, keyed.valid.length);
    // Let other work (a Slack request waiting for its 3 seconds) run between batches.
    await nextTurn();
  }
  if (options.sync) report.archived = archiveTheRest(knowledge, keyed.named, options);
  return report;
}

interface KeyedRecord {
  source: string;
  input: ValidArticleInput & { id: string };
}

/**
 * Validates every record and gives each its key: its id, else one made from its title
 * (the same title gives the same id at every import, so importing a file again changes
 * nothing). Records that share a key are all refused, each naming where the others are:
 * which one is meant cannot be told.
 */
function keyRecords(knowledge: KnowledgeBase, records: readonly ArticleRecord[], workspace: string, report: ImportReport): { valid: KeyedRecord[]; named: Set<string> } {
  const byId = new Map<string, Array<{ record: ArticleRecord; input: ValidArticleInput & { id: string } }>>();
  const named = new Set<string>();
  for (const record of records) {
    const declared = (record.input as { id?: unknown } | null)?.id;
    if (typeof declared === 'string' && declared.trim()) named.add(declared.trim());
    const parsed = articleInputSchema.safeParse(record.input);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
        .join('; ');
      report.rejected.push({ source: record.source, reason });
      continue;
    }
    const id = parsed.data.id ?? stableId(knowledge, parsed.data.title, workspace);
    named.add(id);
    const same = byId.get(id);
    if (same) same.push({ record, input: { ...parsed.data, id } });
    else byId.set(id, [{ record, input: { ...parsed.data, id } }]);
  }
  const valid: KeyedRecord[] = [];
  for (const [id, group] of byId) {
    if (group.length === 1) {
      valid.push({ source: group[0]!.record.source, input: group[0]!.input });
      continue;
    }
    const where = group.map(({ record }) => whereIs(record));
    group.forEach(({ record }, i) => {
      const others = where.filter((_, j) => j !== i).join(', ');
      report.rejected.push({ source: record.source, reason: `the id ${id} is given more than once (also ${others}); give each article its own id` });
    });
  }
  return { valid, named };
}

/** An article's key when its file gives no id: its title's slug, unless another workspace already uses that id. */
function stableId(knowledge: KnowledgeBase, title: string, workspace: string): string {
  const slug = slugify(title);
  const holder = knowledge.get(slug);
  return !holder || holder.workspace === workspace ? slug : `${slug}-${slugify(workspace || 'shared')}`;
}

function whereIs(record: ArticleRecord): string {
  return record.line ? `${record.source} (line ${record.line})` : record.source;
}

function saveOne(knowledge: KnowledgeBase, record: KeyedRecord, options: ImportOptions, report: ImportReport): void {
  try {
    const { outcome } = knowledge.save(record.input, options.workspace, { by: options.by ?? null, reason: 'import' });
    report[outcome] += 1;
  } catch (error) {
    if (!isLoreError(error, 'INVALID_INPUT')) throw error;
    report.rejected.push({ source: record.source, reason: error.message });
  }
}

/** Archives the workspace's articles the imported files no longer name; returns their ids. */
function archiveTheRest(knowledge: KnowledgeBase, named: ReadonlySet<string>, options: ImportOptions): string[] {
  const gone = knowledge.articles
    .list({ workspace: options.workspace })
    .filter((article) => article.status !== 'archived' && !named.has(article.id))
    .map((article) => article.id);
  knowledge.batch(() => {
    for (const id of gone) knowledge.setStatus(id, 'archived', { by: options.by ?? null, reason: 'import --sync: no longer in the imported files' });
  });
  return gone;
}
