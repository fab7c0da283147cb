import { createHash } from 'node:crypto';
import { isLoreError, LoreError } from '../errors';
import { type Article, articleInputSchema, type ValidArticleInput } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { nextTurn, SliceSizer } from '../knowledge/slices';
import type { Source, SourceListing, SourceRecord } from './source';
import { stoppedError } from './source-http';
import type { SourceStore } from './source-store';

/** What one sync did; `lore sources sync --json` prints it. */
export interface SyncReport {
  added: number;
  updated: number;
  archived: number;
  unchanged: number;
  failed: number;
  /** Articles edited in Lore since the source wrote them, left as Lore has them. */
  diverging: number;
  /** Why each failed item failed. */
  failures: Array<{ origin: string; reason: string }>;
}

/** How one sync runs. */
export interface SyncOptions {
  /** Take the source's version of diverging articles too, discarding their edits in Lore. */
  overwrite?: boolean;
  /** Called as articles are applied. */
  onProgress?: (done: number, total: number) => void;
  /** Sync only if no sync of the source was attempted after this instant (the schedule); else returns undefined. */
  dueBefore?: number;
  /** Stops the sync between requests and between batches (Lore shutting down). */
  signal?: AbortSignal;
}

const BATCH_MS = 15;
const FIRST_BATCH = 20;
const MAX_BATCH = 2000;

/**
 * Writes what a source listed into the base, in short transactions like an import so a
 * Lore answering meanwhile waits at most a few milliseconds; the archiving of what is gone
 * and the record of the sync commit together, last. What Lore learned about an article
 * (phrasings, votes, owner, reviews) lives outside the fields a source writes, so it stays.
 */
export class ListingApplier {
  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly store: SourceStore,
  ) {}

  async apply(source: Source, listing: SourceListing, now: number, options: SyncOptions): Promise<SyncReport> {
    const report: SyncReport = { added: 0, updated: 0, archived: 0, unchanged: 0, failed: 0, diverging: 0, failures: [] };
    for (const item of listing.unreadable) this.fail(report, item.origin, item.reason);
    const linked = this.store.articleIdsOf(source.name);
    if (listing.complete && listing.records.length === 0 && linked.some((id) => this.knowledge.get(id)?.status !== 'archived')) {
      throw new LoreError(
        'SOURCE_FAILED',
        `The source ${source.name} listed no articles at all, so nothing was archived; check that it is reachable and not empty (to drop its articles, \`lore sources remove ${source.name}\`).`,
      );
    }
    const seen = new Set<string>();
    const records = listing.records;
    const sizer = new SliceSizer(BATCH_MS, FIRST_BATCH, MAX_BATCH);
    for (let start = 0; start < records.length; ) {
      if (options.signal?.aborted) throw stoppedError(source.name);
      const batch = records.slice(start, start + sizer.size);
      start += batch.length;
      const started = performance.now();
      this.knowledge.batch(() => {
        for (const record of batch) this.applyOne(source, record, report, seen, now, options.overwrite ?? false);
      });
      sizer.took(batch.length, performance.now() - started);
      options.onProgress?.(start, records.length);
      // Other work (a Slack request waiting for its 3 seconds) runs between batches.
      await nextTurn();
    }
    // The archiving and the record of the sync commit together: a sync cut short before here is not recorded as done.
    this.knowledge.batch(() => {
      const gone = listing.complete ? linked.filter((id) => !seen.has(id)) : (listing.gone ?? []).filter((id) => this.store.linkOf(id)?.source === source.name);
      for (const id of gone) {
        const article = this.knowledge.get(id);
        if (!article || article.status === 'archived') continue;
        const archived = this.knowledge.setStatus(id, 'archived', { by: null, reason: `gone from source ${source.name}` });
        this.store.setLink(id, source.name, fingerprint(archived), null);
        report.archived++;
      }
      this.store.succeeded(source.name, now, listing.complete, listing.cursor ?? null);
    });
    return report;
  }

  private applyOne(source: Source, record: SourceRecord, report: SyncReport, seen: Set<string>, now: number, overwrite: boolean): void {
    if (seen.has(record.id)) return this.fail(report, record.origin, `lists the id ${record.id} a second time; the first one was kept`);
    seen.add(record.id);
    const known = this.store.linkOf(record.id);
    if (known && known.source === source.name && record.version !== undefined && known.version === record.version && known.divergingSince === null) {
      // The same version the last sync wrote, and nobody edited it in Lore since: nothing to read or write.
      const current = this.knowledge.get(record.id);
      if (current && fingerprint(current) === known.written) {
        report.unchanged++;
        return;
      }
    }
    let raw: unknown;
    try {
      raw = record.read();
    } catch (error) {
      // A body too large, or markup the converter cannot take, fails this item only.
      return this.fail(report, record.origin, `could not be converted to Markdown (${(error as Error).message})`);
    }
    const parsed = articleInputSchema.safeParse(typeof raw === 'object' && raw !== null ? { ...raw, id: record.id } : raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
      return this.fail(report, record.origin, reason);
    }
    const incoming = parsed.data;
    const id = incoming.id!;
    const link = this.store.linkOf(id);
    if (link && link.source !== source.name) return this.fail(report, record.origin, `the article ${id} comes from the source ${link.source}`);
    const existing = this.knowledge.get(id);
    if (existing && existing.workspace !== source.workspace) return this.fail(report, record.origin, `the id ${id} belongs to another workspace`);
    if (link && existing && fingerprint(existing) !== link.written) {
      // Edited in Lore since the source wrote it: the two agree again, or a person must choose.
      if (fingerprintOf(incoming) === fingerprint(existing)) {
        this.store.setLink(id, source.name, fingerprint(existing), record.version ?? null);
        report.unchanged++;
        return;
      }
      if (!overwrite) {
        this.store.markDiverging(id, now);
        report.diverging++;
        return;
      }
    }
    try {
      const { article, outcome } = this.knowledge.save(incoming, source.workspace, { by: null, reason: `sync from source ${source.name}` });
      report[outcome]++;
      const written = fingerprint(article);
      const version = record.version ?? null;
      if (!link || link.written !== written || link.version !== version || link.divergingSince !== null) this.store.setLink(id, source.name, written, version);
    } catch (error) {
      if (!isLoreError(error, 'INVALID_INPUT')) throw error;
      this.fail(report, record.origin, error.message);
    }
  }

  private fail(report: SyncReport, origin: string, reason: string): void {
    report.failed++;
    report.failures.push({ origin, reason });
  }
}

/** What a source writes of an article, hashed: title, body, tags and status. */
export function fingerprint(article: Pick<Article, 'title' | 'body' | 'tags' | 'status'>): string {
  const tags = [...new Set(article.tags)].sort();
  return createHash('sha256').update(JSON.stringify([article.title, article.body, tags, article.status])).digest('base64url');
}

function fingerprintOf(input: ValidArticleInput): string {
  return fingerprint({ title: input.title, body: input.body, tags: input.tags, status: input.status });
}

