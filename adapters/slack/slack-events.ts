import { z } from 'zod';

/**
 * The parts of Slack's payloads Lore reads, validated once where they arrive. Bolt's
 * types describe what Slack should send; these check what was actually sent.
 */
const id = z.string().regex(/^[A-Z0-9]{2,30}$/);
const ts = z.string().regex(/^\d{1,12}\.\d{1,8}$/);

/** An Events API envelope: who it is for and its id, which retries repeat. */
export const eventEnvelope = z.object({ team_id: id, event_id: z.string().min(1) });

/** A message someone posted (a DM, or a message in a channel Lore is in). */
export const messageEvent = z.object({
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  user: id.optional(),
  text: z.string().max(100_000).default(''),
  ts,
  thread_ts: ts.optional(),
  channel: id,
  channel_type: z.string().optional(),
});
export type MessageEvent = z.infer<typeof messageEvent>;

/** `@Lore …` in a channel. */
export const mentionEvent = z.object({ user: id, text: z.string().max(100_000), ts, thread_ts: ts.optional(), channel: id });
export type MentionEvent = z.infer<typeof mentionEvent>;

/** A reaction added to or removed from a message. */
export const reactionEvent = z.object({
  user: id,
  reaction: z.string().max(100),
  item_user: id.optional(),
  item: z.object({ type: z.literal('message'), channel: id, ts }),
});

/** The person, team and place of a button click. */
export const actionEnvelope = z.object({
  user: z.object({ id, team_id: id.optional() }),
  team: z.object({ id }).nullable().optional(),
  container: z
    .object({ channel_id: id.optional(), message_ts: ts.optional(), thread_ts: ts.optional(), is_ephemeral: z.boolean().optional() })
    .optional(),
  channel: z.object({ id }).optional(),
  message: z.object({ ts, thread_ts: ts.optional() }).optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().url().optional(),
});
export type ActionEnvelope = z.infer<typeof actionEnvelope>;

/** The team of a click: `team` is null for org-wide installs, where the user's team counts. */
export function teamOfAction(body: ActionEnvelope): string | undefined {
  return body.team?.id ?? body.user.team_id;
}

/** `/lore QUESTION`. */
export const slashCommand = z.object({ team_id: id, user_id: id, channel_id: id, text: z.string().max(100_000).default('') });

/** The "Capture answer" message shortcut: the message chosen, in its channel. */
export const messageShortcut = z.object({
  team: z.object({ id }).nullable().optional(),
  user: z.object({ id, team_id: id.optional() }),
  channel: z.object({ id }),
  trigger_id: z.string().min(1),
  message: z.object({ ts, thread_ts: ts.optional(), text: z.string().max(100_000).default(''), user: id.optional() }),
});

const inputState = z.object({
  value: z.string().max(10_000).nullable().optional(),
  selected_option: z.object({ value: z.string() }).nullable().optional(),
});

/** A submitted modal: who submitted it, and what its inputs hold. */
export const viewSubmission = z.object({
  team: z.object({ id }).nullable().optional(),
  user: z.object({ id, team_id: id.optional() }),
  view: z.object({
    id: z.string(),
    hash: z.string().optional(),
    private_metadata: z.string().max(3000).default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputState)) }),
  }),
});
