import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { isLoreError, LoreError } from '../errors';
import { type Article, articleInputSchema, type ValidArticleInput } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { nextTurn, SliceSizer } from '../knowledge/slices';
import type { Logger } from '../logger';
import { listConfluence } from './confluence-source';
import { listFolder } from './folder-source';
import { type Source, type SourceListing, type SourceRecord, type SourceSettingsInput, sourceNameSchema, sourceSettingsSchema } from './source';
import { authorizationFor, SourceHttp, type SourceHttpOptions, stoppedError } from './source-http';
import { SourceStore } from './source-store';
import { listZendesk } from './zendesk-source';

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

/** One line of `lore sources list --json`. */
export interface SourceSummary {
  name: string;
  kind: Source['settings']['kind'];
  /** ISO 8601, or null before the first successful sync. */
  lastSyncAt: string | null;
  /** Articles from the source that are not archived. */
  articles: number;
  /** Why the last sync failed, or null. */
  error: string | null;
  diverging: number;
  workspace: string;
  location: string;
}

export interface SourceSyncOptions {
  /** The environment the token variables are read from (never stored). */
  env: Record<string, string | undefined>;
  http?: SourceHttpOptions;
  logger?: Logger;
  /** How long a sync may hold its source before another process may take it over (default 30 min). */
  claimMs?: number;
}

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
 * Keeps sources and Lore in step. A sync lists everything first (over the network,
 * retrying what fails), then applies it in short transactions like an import, and
 * records the sync only with the last of them: a listing that fails changes nothing,
 * and a sync cut short is finished by the next, which writes only what still differs.
 * What Lore learned about an article (phrasings, votes, owner, reviews) lives outside
 * the fields a source writes, so every sync keeps it.
 */
export class SourceSync {
  readonly store: SourceStore;
  private readonly claimMs: number;

  constructor(
    private readonly knowledge: KnowledgeBase,
    db: Db,
    private readonly clock: Clock,
    private readonly options: SourceSyncOptions,
  ) {
    this.store = new SourceStore(db);
    this.claimMs = options.claimMs ?? 30 * 60 * 1000;
  }

  /** Adds a source after validating its name and settings; a folder's path is kept absolute. */
  add(name: string, workspace: string, settings: SourceSettingsInput): Source {
    const validName = sourceNameSchema.safeParse(name);
    if (!validName.success) throw new LoreError('INVALID_INPUT', `${JSON.stringify(name)}: ${validName.error.issues[0]!.message}`);
    const parsed = sourceSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      throw new LoreError('INVALID_INPUT', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; '));
    }
    const valid = parsed.data;
    if (valid.kind === 'confluence' && valid.spaces.length === 0 && !valid.under) {
      throw new LoreError('INVALID_INPUT', 'A Confluence source needs --space KEY (one or more) or --under PAGE_ID.');
    }
    if (valid.kind !== 'folder' && valid.email && !valid.tokenEnv) {
      throw new LoreError('INVALID_INPUT', '--email goes with --token-env VAR, the environment variable that holds the API token.');
    }
    const stored = valid.kind === 'folder' ? { ...valid, path: path.resolve(valid.path) } : valid;
    return this.store.add(validName.data, workspace, stored, this.clock.now());
  }

  /** Every source with its counts and last sync. */
  list(): SourceSummary[] {
    const counts = this.store.counts();
    return this.store.all().map((source) => ({
      name: source.name,
      kind: source.settings.kind,
      lastSyncAt: source.lastSyncAt === null ? null : new Date(source.lastSyncAt).toISOString(),
      articles: counts.get(source.name)?.articles ?? 0,
      error: source.error,
      diverging: counts.get(source.name)?.diverging ?? 0,
      workspace: source.workspace,
      location: source.settings.kind === 'folder' ? source.settings.path : source.settings.url,
    }));
  }

  /** Removes a source; its articles are archived (kept, with their history), not deleted. */
  remove(name: string): { archived: number } {
    this.store.require(name);
    const now = this.clock.now();
    // A sync under way would re-link articles as they are archived.
    if (!this.store.claim(name, now, now + this.claimMs)) {
      throw new LoreError('SOURCE_BUSY', `The source ${name} is being synced by another Lore process; remove it when that sync has finished.`);
    }
    let archived = 0;
    this.knowledge.batch(() => {
      for (const id of this.store.articleIdsOf(name)) {
        const article = this.knowledge.get(id);
        if (!article || article.status === 'archived') continue;
        this.knowledge.setStatus(id, 'archived', { by: null, reason: `source ${name} removed` });
        archived++;
      }
      this.store.remove(name);
    });
    return { archived };
  }

  /**
   * Syncs one source. Throws SOURCE_BUSY when another process is syncing it, and the
   * source's fault (SOURCE_AUTH, SOURCE_FAILED) when it cannot be listed; the fault is
   * also kept for `lore sources list`.
   */
  async sync(name: string, options: SyncOptions = {}): Promise<SyncReport | undefined> {
    const source = this.store.require(name);
    const now = this.clock.now();
    if (!this.store.claim(name, now, now + this.claimMs, options.dueBefore)) {
      if (options.dueBefore !== undefined) return undefined;
      throw new LoreError('SOURCE_BUSY', `The source ${name} is being synced by another Lore process; try again when it has finished.`);
    }
    try {
      const listing = await this.listing(source, now, options.signal);
      const report = await this.apply(source, listing, now, options);
      this.options.logger?.info({ source: name, ...report, failures: report.failures.length }, 'synced a source');
      return report;
    } catch (error) {
      const message = isLoreError(error) ? error.message : `the sync failed unexpectedly: ${(error as Error)?.message ?? String(error)}`;
      this.store.failed(name, message);
      throw error;
    } finally {
      this.store.release(name);
    }
  }

  private async listing(source: Source, now: number, signal: AbortSignal | undefined): Promise<SourceListing> {
    const settings = source.settings;
    if (settings.kind === 'folder') return listFolder(source.name, settings.path);
    // Zendesk's API token goes as `email/token:TOKEN`.
    const user = settings.kind === 'zendesk' ? (email: string) => `${email}/token` : undefined;
    const authorization = authorizationFor(source.name, settings.email, settings.tokenEnv, this.options.env, user);
    const http = new SourceHttp(source.name, authorization, { ...this.options.http, logger: this.options.http?.logger ?? this.options.logger, ...(signal ? { signal } : {}) });
    if (settings.kind === 'confluence') return listConfluence(source.name, settings, http);
    return listZendesk(source, settings, http, now);
  }

  private async apply(source: Source, listing: SourceListing, now: number, options: SyncOptions): Promise<SyncReport> {
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
      // Hostile markup (nesting deep enough to exhaust the stack) fails this item only.
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
