import { type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
import { isLoreError, type Logger, type Lore, type Notice, type OwnerQueue } from '../../src/index';
import type { NoticeOutcome, UpkeepDelivery } from '../common/upkeep-loop';
import { type AdaptiveCard, asAttachment } from './cards';
import type { StoredConversation, TeamsConversations } from './teams-conversations';
import { helpDeskDigestCard, noticeCard, ownerDigestCard } from './upkeep-commands';

export interface TeamsUpkeepDeps {
  lore: Lore;
  logger: Logger;
  adapter: CloudAdapter;
  conversations: TeamsConversations;
  /** The bot's Microsoft App ID (unset: a local playground). */
  appId?: string;
  /** LORE_TEAMS_DIGEST_CHANNEL: where the help desk's part of the weekly digest goes. */
  digestChannel?: string;
}

/** Connector answers that mean Lore was removed from the conversation (or it is gone): retrying is pointless. */
const GONE_STATUSES = new Set([403, 404]);

/**
 * How the upkeep loop speaks in Teams: a correction notice goes to the conversation the
 * question was asked in (a channel question's reply chain, a group or personal chat)
 * through its stored reference; the weekly digest goes to each owner's personal chat
 * with Lore, when they have one, and to the help-desk channel.
 */
export function teamsUpkeepDelivery(deps: TeamsUpkeepDeps): UpkeepDelivery {
  const { lore, logger, conversations } = deps;

  async function send(stored: StoredConversation, conversationId: string, card: AdaptiveCard): Promise<void> {
    // A channel is stored by its own id; its thread (`…;messageid=…`) is reached with the same reference.
    const reference = { ...stored.reference, conversation: { ...stored.reference.conversation!, id: conversationId } } as Partial<ConversationReference>;
    await deps.adapter.continueConversationAsync(deps.appId ?? '', reference, async (context) => {
      await context.sendActivity(MessageFactory.attachment(asAttachment(card)));
    });
  }

  return {
    platform: 'teams',

    async deliverNotice(notice: Notice): Promise<NoticeOutcome> {
      const tenant = tenantOf(notice.workspace);
      if (!tenant || !notice.place) return 'undeliverable';
      const stored = conversations.find(tenant, notice.place.split(';')[0]!) ?? conversations.find(tenant, notice.place);
      if (!stored) return 'undeliverable';
      try {
        await send(stored, notice.place, noticeCard(notice));
      } catch (error) {
        if (GONE_STATUSES.has(statusOf(error) ?? 0)) return 'undeliverable';
        // A conversation stored with a service URL Lore no longer trusts will never be reachable.
        if (isLoreError(error, 'INVALID_INPUT')) return 'undeliverable';
        throw error;
      }
      return 'sent';
    },

    async sendDigest(asOf: number): Promise<void> {
      let sent = 0;
      const failures: unknown[] = [];
      const trySend = async (stored: StoredConversation, card: AdaptiveCard) => {
        try {
          await send(stored, stored.conversationId, card);
          sent++;
        } catch (error) {
          failures.push(error);
          logger.warn({ err: error, conversation: stored.conversationId }, 'could not send part of the weekly digest');
        }
      };

      const digest = lore.upkeep.digest({ asOf });
      const unreachable: string[] = [];
      for (const queue of digest.owners) {
        for (const [tenant, part] of teamsParts(queue)) {
          const chat = personalChatOf(lore, conversations, tenant, queue.owner);
          if (chat) await trySend(chat, ownerDigestCard(part, digest.asOf));
          else unreachable.push(queue.owner);
        }
      }
      if (unreachable.length > 0) logger.info({ owners: unreachable }, 'the weekly digest skipped owners who have no personal chat with Lore in Teams');

      if (deps.digestChannel) {
        const tenant = conversations.tenantOf(deps.digestChannel);
        const channel = tenant && conversations.find(tenant, deps.digestChannel);
        if (channel) await trySend(channel, helpDeskDigestCard(lore.upkeep.digest({ asOf, workspace: `teams:${tenant}` })));
        else logger.warn({ channel: deps.digestChannel }, 'Lore has not been added to the team of LORE_TEAMS_DIGEST_CHANNEL yet, so the help desk digest was skipped');
      }
      if (sent === 0 && failures.length > 0) throw new Error('none of the weekly digest could be sent; the next tick tries again', { cause: failures[0] });
    },
  };
}

function tenantOf(workspace: string): string | undefined {
  return workspace.startsWith('teams:') ? workspace.slice('teams:'.length) : undefined;
}

/** An owner's queue split by tenant; other platforms' items (and the shared base, which has no tenant) left out. */
function teamsParts(queue: OwnerQueue): Map<string, OwnerQueue> {
  const parts = new Map<string, OwnerQueue>();
  const partOf = (workspace: string) => {
    const tenant = tenantOf(workspace);
    if (!tenant) return undefined;
    let part = parts.get(tenant);
    if (!part) parts.set(tenant, (part = { owner: queue.owner, stale: [], failing: [], gaps: [] }));
    return part;
  };
  for (const article of queue.stale) partOf(article.workspace)?.stale.push(article);
  for (const article of queue.failing) partOf(article.workspace)?.failing.push(article);
  for (const gap of queue.gaps) partOf(gap.workspace)?.gaps.push(gap);
  return parts;
}

/**
 * The person's personal chat with Lore, found by the user in its stored reference (the
 * Entra object id, as owners captured in Teams are recorded, or the Teams user id).
 */
function personalChatOf(lore: Lore, conversations: TeamsConversations, tenant: string, person: string): StoredConversation | undefined {
  const row = lore.db
    .prepare<{ tenant: string; person: string }, { conversation_id: string }>(
      `SELECT conversation_id FROM teams_conversations
       WHERE tenant_id = @tenant AND kind = 'personal'
         AND (json_extract(reference, '$.user.aadObjectId') = @person OR json_extract(reference, '$.user.id') = @person)
       ORDER BY updated_at DESC LIMIT 1`,
    )
    .get({ tenant, person });
  return row && conversations.find(tenant, row.conversation_id);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}
