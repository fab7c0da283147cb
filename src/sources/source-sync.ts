import path from 'node:path';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { isLoreError, LoreError } from '../errors';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../logger';
import { ListingApplier, type SyncOptions, type SyncReport } from './listing-applier';
import { listConfluence } from './confluence-source';
import { listFolder } from './folder-source';
import { type Source, type SourceListing, type SourceSettingsInput, sourceNameSchema, sourceSettingsSchema } from './source';
import { authorizationFor, SourceHttp, type SourceHttpOptions } from './source-http';
import { SourceStore } from './source-store';
import { listZendesk } from './zendesk-source';

export { fingerprint, type SyncOptions, type SyncReport } from './listing-applier';

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
      const report = await new ListingApplier(this.knowledge, this.store).apply(source, listing, now, options);
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
}
