import type { Migration } from '../migration';

/**
 * Where knowledge already lives: each source (a folder, a Confluence space, a Zendesk
 * Help Center) Lore keeps in step with, and which articles came from which source. A
 * source holds the name of the environment variable with its token, never the token.
 * `written` is a fingerprint of the article as the last sync wrote it: an article that no
 * longer matches it was edited in Lore, and is flagged as diverging instead of being
 * overwritten. `version` is the source's own stamp of what it last gave (a Confluence
 * version number, a Zendesk update time): the same stamp again needs no converting. The claim keeps two processes from syncing one source at once.
 */
export const migration013Sources: Migration = {
  version: 13,
  name: 'sources',
  up: `
    CREATE TABLE sources (
      name TEXT PRIMARY KEY,
      workspace TEXT NOT NULL DEFAULT '',
      kind TEXT NOT NULL CHECK (kind IN ('folder', 'confluence', 'zendesk')),
      location TEXT NOT NULL,
      scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes)),
      under_page TEXT,
      locale TEXT,
      email TEXT,
      token_env TEXT,
      created_at INTEGER NOT NULL,
      attempted_at INTEGER,
      last_sync_at INTEGER,
      full_sync_at INTEGER,
      cursor INTEGER,
      error TEXT,
      claimed_until INTEGER
    ) STRICT;

    CREATE TABLE source_articles (
      article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
      source TEXT NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
      written TEXT NOT NULL,
      version TEXT,
      diverging_since INTEGER
    ) STRICT;
    CREATE INDEX source_articles_by_source ON source_articles (source);
  `,
};
