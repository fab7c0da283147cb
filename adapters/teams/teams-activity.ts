import { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { ConversationKind } from './teams-conversations';

/** The platform name Lore records for Teams. */
export const PLATFORM = 'teams';
/** The workspace of a Teams tenant: each tenant sees its own articles plus the shared base. */
export function workspaceOf(tenantId: string): string {
  return `teams:${tenantId}`;
}

/** The parts of an activity Lore relies on, checked before anything is done with it. */
const activityShape = z.object({
  id: z.string().nullish(),
  from: z.object({ id: z.string().min(1), name: z.string().nullish(), aadObjectId: z.string().nullish() }),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().nullish(), tenantId: z.string().nullish(), name: z.string().nullish() }),
  serviceUrl: z.string().url(),
  recipient: z.object({ id: z.string(), name: z.string().nullish() }).nullish(),
  // Teams sends what does not apply as null or leaves it out, depending on the client.
  channelData: z
    .object({
      tenant: z.object({ id: z.string() }).nullish(),
      team: z.object({ id: z.string(), name: z.string().nullish() }).nullish(),
      channel: z.object({ id: z.string(), name: z.string().nullish() }).nullish(),
    })
    .passthrough()
    .nullish(),
});
export type CheckedActivity = z.infer<typeof activityShape>;

/** Who did something, in which tenant: what every handler needs from an activity. */
export interface Actor {
  tenantId: string;
  workspace: string;
  /** Stable across chats (the Entra object id when Teams sends it). */
  person: string;
  name: string | undefined;
  activity: CheckedActivity;
}

/** Who sent an activity and where, or undefined when it does not say which tenant it is from. */
export function actorOf(raw: unknown): Actor | undefined {
  const parsed = activityShape.safeParse(raw);
  if (!parsed.success) return undefined;
  const activity = parsed.data;
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  if (!tenantId) return undefined;
  return { tenantId, workspace: workspaceOf(tenantId), person: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name ?? undefined, activity };
}

/** The question in a message: Lore's own mention removed, other mentions reduced to names. */
export function questionText(activity: TurnContext['activity']): string {
  const withoutLore = activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (withoutLore ?? '')
    .replace(/<\/?at\b[^>]*>/gi, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function kindOf(conversationType: string | null | undefined): ConversationKind | undefined {
  if (conversationType === 'personal' || conversationType === 'groupChat' || conversationType === 'channel') return conversationType;
  return undefined;
}

/** Where an answer is seen: a channel by its own id (not its thread's), a chat by its id. */
export function channelOf(activity: CheckedActivity): string {
  if (activity.conversation.conversationType !== 'channel') return activity.conversation.id;
  return activity.channelData?.channel?.id ?? threadOf(activity.conversation.id);
}

/** A channel thread's conversation id is `<channel>;messageid=<root>`: the channel part. */
export function threadOf(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/** A link to the asker's thread for the experts: only channel threads have one everyone there can open. */
export function linkTo(actor: Actor): string | undefined {
  const { conversation } = actor.activity;
  if (conversation.conversationType !== 'channel') return undefined;
  const [channel, root] = conversation.id.split(';messageid=');
  if (!channel || !root || !/^\d+$/.test(root)) return undefined;
  const query = new URLSearchParams({ tenantId: actor.tenantId, parentMessageId: root });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${root}?${query.toString()}`;
}

