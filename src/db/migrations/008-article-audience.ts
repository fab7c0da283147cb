import type { Migration } from '../migration';

/**
 * Who may be answered with an article: NULL for everyone in its workspace, else a JSON
 * array of the channels (Slack channel ids, Teams channel or chat ids) where Lore may show
 * it, e.g. an HR-only article restricted to the HR team's private channel.
 */
export const migration008ArticleAudience: Migration = {
  version: 8,
  name: 'article-audience',
  up: `
    ALTER TABLE articles ADD COLUMN audience TEXT CHECK (audience IS NULL OR json_valid(audience));
  `,
};
