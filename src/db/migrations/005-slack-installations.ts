import type { Migration } from '../migration';

/**
 * The workspaces Lore was installed into through Slack's OAuth flow, one row per team (or
 * per enterprise for an org-wide install), holding the bot token each team's events use.
 */
export const migration005SlackInstallations: Migration = {
  version: 5,
  name: 'slack-installations',
  up: `
    CREATE TABLE slack_installations (
      enterprise_id TEXT NOT NULL DEFAULT '',
      team_id TEXT NOT NULL DEFAULT '',
      is_enterprise_install INTEGER NOT NULL CHECK (is_enterprise_install IN (0, 1)),
      app_id TEXT,
      bot_token TEXT NOT NULL,
      bot_user_id TEXT NOT NULL,
      bot_id TEXT,
      bot_scopes TEXT NOT NULL,
      installer_user_id TEXT NOT NULL,
      installed_at INTEGER NOT NULL,
      PRIMARY KEY (enterprise_id, team_id)
    ) STRICT;
  `,
};
