import type { Migration } from '../migration';

/**
 * Where Lore can speak in Microsoft Teams without being spoken to first: the conversation
 * reference (service URL, conversation, tenant) of every chat and channel it was installed
 * into or asked in. Asking an expert posts into a configured channel, and notices reach
 * people in chats, through these references.
 */
export const migration006TeamsConversations: Migration = {
  version: 6,
  name: 'teams-conversations',
  up: `
    CREATE TABLE teams_conversations (
      tenant_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('personal', 'groupChat', 'channel')),
      team_id TEXT,
      name TEXT,
      reference TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (tenant_id, conversation_id)
    ) STRICT;
    CREATE INDEX teams_conversations_by_team ON teams_conversations (tenant_id, team_id);
  `,
};
