import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Clock, Lore } from '../../src/index';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** A stored reference, checked on the way out of the database as on the way in. */
const storedReference = z.object({
  serviceUrl: z.string().url(),
  channelId: z.string().default('msteams'),
  conversation: z.object({ id: z.string().min(1) }).passthrough(),
  bot: z.object({ id: z.string() }).passthrough().optional(),
}).passthrough();

export interface StoredConversation {
  tenantId: string;
  conversationId: string;
  kind: ConversationKind;
  teamId: string | null;
  name: string | null;
  reference: Partial<ConversationReference>;
}

/**
 * The chats and channels Lore has been installed in or spoken to in, by tenant: how it
 * reaches a channel (Ask an expert) or a person's chat later, without a message to reply to.
 * A channel is stored by its own id, not the id of the thread a message came from.
 */
export class TeamsConversations {
  /** What this process last wrote for each conversation: every message would otherwise rewrite its row. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly lore: Lore,
    private readonly clock: Clock = lore.clock,
  ) {}

  remember(conversation: StoredConversation): void {
    const key = `${conversation.tenantId}\n${conversation.conversationId}`;
    const row = JSON.stringify([conversation.kind, conversation.teamId, conversation.name, conversation.reference]);
    if (this.written.get(key) === row) return;
    this.lore.db
      .prepare(
        `INSERT INTO teams_conversations (tenant_id, conversation_id, kind, team_id, name, reference, updated_at)
         VALUES (@tenantId, @conversationId, @kind, @teamId, @name, @reference, @now)
         ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET
           kind = excluded.kind, team_id = coalesce(excluded.team_id, team_id), name = coalesce(excluded.name, name),
           reference = excluded.reference, updated_at = excluded.updated_at`,
      )
      .run({ ...conversation, reference: JSON.stringify(conversation.reference), now: this.clock.now() });
    // Bounded: forgetting only costs a repeated write.
    if (this.written.size >= 10_000) this.written.clear();
    this.written.set(key, row);
  }

  /** The conversation with this id in this tenant, if Lore has seen it. */
  find(tenantId: string, conversationId: string): StoredConversation | undefined {
    const row = this.lore.db
      .prepare('SELECT tenant_id, conversation_id, kind, team_id, name, reference FROM teams_conversations WHERE tenant_id = ? AND conversation_id = ?')
      .get(tenantId, conversationId) as Row | undefined;
    return row && toConversation(row);
  }

  /** Which tenant a conversation belongs to, when any has it (a channel id is unique across tenants). */
  tenantOf(conversationId: string): string | undefined {
    const row = this.lore.db.prepare('SELECT tenant_id FROM teams_conversations WHERE conversation_id = ? LIMIT 1').get(conversationId) as { tenant_id: string } | undefined;
    return row?.tenant_id;
  }

  /** Any conversation of a team (its service URL serves every channel of it). */
  anyOfTeam(tenantId: string, teamId: string): StoredConversation | undefined {
    const row = this.lore.db
      .prepare('SELECT tenant_id, conversation_id, kind, team_id, name, reference FROM teams_conversations WHERE tenant_id = ? AND team_id = ? ORDER BY updated_at DESC LIMIT 1')
      .get(tenantId, teamId) as Row | undefined;
    return row && toConversation(row);
  }
}

interface Row {
  tenant_id: string;
  conversation_id: string;
  kind: ConversationKind;
  team_id: string | null;
  name: string | null;
  reference: string;
}

function toConversation(row: Row): StoredConversation | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.reference);
  } catch {
    return undefined;
  }
  const reference = storedReference.safeParse(parsed);
  if (!reference.success) return undefined;
  return {
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    kind: row.kind,
    teamId: row.team_id,
    name: row.name,
    reference: reference.data as unknown as Partial<ConversationReference>,
  };
}
