import type { Db } from '../db/open-database';
import { LoreError } from '../errors';
import type { Source, SourceSettings } from './source';

interface SourceRow {
  name: string;
  workspace: string;
  kind: SourceSettings['kind'];
  location: string;
  scopes: string;
  under_page: string | null;
  locale: string | null;
  email: string | null;
  token_env: string | null;
  created_at: number;
  last_sync_at: number | null;
  full_sync_at: number | null;
  cursor: number | null;
  error: string | null;
}

/** A source's link to one of its articles. */
export interface SourceLink {
  articleId: string;
  source: string;
  /** Fingerprint of the article as the last sync left it. */
  written: string;
  /** The source's stamp of the version it last gave, if it has stamps. */
  version: string | null;
  divergingSince: number | null;
}

/** Sources and the links from each to its articles, in SQLite. */
export class SourceStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare(`INSERT INTO sources (name, workspace, kind, location, scopes, under_page, locale, email, token_env, created_at)
        VALUES (@name, @workspace, @kind, @location, @scopes, @under, @locale, @email, @tokenEnv, @now)`),
      get: db.prepare<[string], SourceRow>('SELECT * FROM sources WHERE name = ?'),
      all: db.prepare<[], SourceRow>('SELECT * FROM sources ORDER BY name'),
      remove: db.prepare<[string]>('DELETE FROM sources WHERE name = ?'),
      counts: db.prepare<[], { source: string; articles: number; diverging: number }>(
        `SELECT l.source, sum(a.status != 'archived') AS articles, sum(l.diverging_since IS NOT NULL AND a.status != 'archived') AS diverging
         FROM source_articles l JOIN articles a ON a.id = l.article_id GROUP BY l.source`,
      ),
      link: db.prepare<[string], { article_id: string; source: string; written: string; version: string | null; diverging_since: number | null }>(
        'SELECT article_id, source, written, version, diverging_since FROM source_articles WHERE article_id = ?',
      ),
      linksOf: db.prepare<[string], { article_id: string }>('SELECT article_id FROM source_articles WHERE source = ? ORDER BY article_id'),
      divergingOf: db.prepare<[string], { article_id: string }>(
        'SELECT article_id FROM source_articles WHERE source = ? AND diverging_since IS NOT NULL ORDER BY article_id',
      ),
      setLink: db.prepare<{ articleId: string; source: string; written: string; version: string | null }>(
        `INSERT INTO source_articles (article_id, source, written, version) VALUES (@articleId, @source, @written, @version)
         ON CONFLICT (article_id) DO UPDATE SET source = excluded.source, written = excluded.written, version = excluded.version, diverging_since = NULL`,
      ),
      markDiverging: db.prepare<{ articleId: string; now: number }>(
        'UPDATE source_articles SET diverging_since = @now WHERE article_id = @articleId AND diverging_since IS NULL',
      ),
      attempted: db.prepare<{ name: string; now: number }>('UPDATE sources SET attempted_at = @now WHERE name = @name'),
      succeeded: db.prepare<{ name: string; now: number; full: number; cursor: number | null }>(
        `UPDATE sources SET last_sync_at = @now, error = NULL, cursor = @cursor,
           full_sync_at = CASE WHEN @full = 1 THEN @now ELSE full_sync_at END WHERE name = @name`,
      ),
      failed: db.prepare<{ name: string; error: string }>('UPDATE sources SET error = @error WHERE name = @name'),
      claim: db.prepare<{ name: string; now: number; until: number; dueBefore: number }>(
        `UPDATE sources SET claimed_until = @until, attempted_at = @now
         WHERE name = @name AND (claimed_until IS NULL OR claimed_until <= @now) AND (attempted_at IS NULL OR attempted_at <= @dueBefore)`,
      ),
      release: db.prepare<{ name: string }>('UPDATE sources SET claimed_until = NULL WHERE name = @name'),
    };
  }

  /** Adds a source; its name must be new. */
  add(name: string, workspace: string, settings: SourceSettings, now: number): Source {
    if (this.get(name)) throw new LoreError('INVALID_INPUT', `A source named ${name} exists; pick another name, or \`lore sources remove ${name}\` first.`);
    this.statements.insert.run({
      name,
      workspace,
      kind: settings.kind,
      location: settings.kind === 'folder' ? settings.path : settings.url,
      scopes: JSON.stringify(settings.kind === 'confluence' ? settings.spaces : settings.kind === 'zendesk' ? settings.sections : []),
      under: settings.kind === 'confluence' ? (settings.under ?? null) : null,
      locale: settings.kind === 'zendesk' ? settings.locale : null,
      email: settings.kind === 'folder' ? null : (settings.email ?? null),
      tokenEnv: settings.kind === 'folder' ? null : (settings.tokenEnv ?? null),
      now,
    });
    return this.get(name)!;
  }

  get(name: string): Source | undefined {
    const row = this.statements.get.get(name);
    return row && toSource(row);
  }

  /** The source named, or a NOT_FOUND error that says how to see the names. */
  require(name: string): Source {
    const source = this.get(name);
    if (!source) throw new LoreError('NOT_FOUND', `No source is named ${name}; \`lore sources list\` shows them.`);
    return source;
  }

  all(): Source[] {
    return this.statements.all.all().map(toSource);
  }

  /** How many live (not archived) articles each source has, and how many of those diverge. */
  counts(): Map<string, { articles: number; diverging: number }> {
    return new Map(this.statements.counts.all().map((row) => [row.source, { articles: row.articles, diverging: row.diverging }]));
  }

  remove(name: string): void {
    this.statements.remove.run(name);
  }

  linkOf(articleId: string): SourceLink | undefined {
    const row = this.statements.link.get(articleId);
    return row && { articleId: row.article_id, source: row.source, written: row.written, version: row.version, divergingSince: row.diverging_since };
  }

  /** Ids of every article the source brought, archived ones included. */
  articleIdsOf(source: string): string[] {
    return this.statements.linksOf.all(source).map((row) => row.article_id);
  }

  /** Ids of the source's articles edited in Lore since the source last wrote them. */
  divergingOf(source: string): string[] {
    return this.statements.divergingOf.all(source).map((row) => row.article_id);
  }

  /** Records what the sync left the article as, and from which version of the source's (clearing any divergence). */
  setLink(articleId: string, source: string, written: string, version: string | null): void {
    this.statements.setLink.run({ articleId, source, written, version });
  }

  markDiverging(articleId: string, now: number): void {
    this.statements.markDiverging.run({ articleId, now });
  }

  succeeded(name: string, now: number, full: boolean, cursor: number | null): void {
    this.statements.succeeded.run({ name, now, full: full ? 1 : 0, cursor });
  }

  failed(name: string, error: string): void {
    this.statements.failed.run({ name, error });
  }

  /**
   * Takes the source for one sync until `until`; false when another process holds it, or
   * (with `dueBefore`) when a sync was attempted after that instant. One statement, so of
   * several processes exactly one wins.
   */
  claim(name: string, now: number, until: number, dueBefore = Number.MAX_SAFE_INTEGER): boolean {
    return this.statements.claim.run({ name, now, until, dueBefore }).changes > 0;
  }

  release(name: string): void {
    this.statements.release.run({ name });
  }

  /** Runs `work` in one write transaction (a sync's last batch and its bookkeeping commit together). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

function toSource(row: SourceRow): Source {
  const scopes = JSON.parse(row.scopes) as string[];
  const credentials = { ...(row.email ? { email: row.email } : {}), ...(row.token_env ? { tokenEnv: row.token_env } : {}) };
  const settings: SourceSettings =
    row.kind === 'folder'
      ? { kind: 'folder', path: row.location }
      : row.kind === 'confluence'
        ? { kind: 'confluence', url: row.location, spaces: scopes, ...(row.under_page ? { under: row.under_page } : {}), ...credentials }
        : { kind: 'zendesk', url: row.location, sections: scopes, locale: row.locale ?? 'en-us', ...credentials };
  return {
    name: row.name,
    workspace: row.workspace,
    settings,
    createdAt: row.created_at,
    lastSyncAt: row.last_sync_at,
    fullSyncAt: row.full_sync_at,
    cursor: row.cursor,
    error: row.error,
  };
}
