import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/index';

/** A message of a thread, as far as capture reads it. */
export const threadMessage = z.object({
  ts: z.string(),
  text: z.string().default(''),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  reactions: z.array(z.object({ name: z.string(), count: z.number().default(0) })).default([]),
});
export type ThreadMessage = z.infer<typeof threadMessage>;

/** Messages read from a thread at most: enough for any thread people answer questions in. */
const THREAD_LIMIT = 200;
/** People looked up at most for one capture. */
const NAMES_LIMIT = 10;
const MENTION = /<@([A-Z0-9]{2,30})(?:\|[^>]*)?>/g;

/** The thread's messages, its first message (the question) first. */
export async function fetchThread(client: webApi.WebClient, channel: string, threadTs: string): Promise<ThreadMessage[]> {
  const found = await client.conversations.replies({ channel, ts: threadTs, limit: THREAD_LIMIT });
  return (found.messages ?? []).flatMap((message) => {
    const parsed = threadMessage.safeParse(message);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The user ids mentioned in texts. */
export function mentionedIds(...texts: string[]): string[] {
  return texts.flatMap((text) => [...text.matchAll(MENTION)].map((match) => match[1]!));
}

/**
 * Display names of people, for mentions in captured text and for crediting the author.
 * Lore itself is "Lore", so the capture service drops it from titles. A person Slack
 * can't tell about is left out: the capture then writes "someone", never an id.
 */
export async function displayNames(client: webApi.WebClient, ids: ReadonlyArray<string | undefined>, botUserId: string | undefined, logger: Logger): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (botUserId) names.set(botUserId, 'Lore');
  const wanted = [...new Set(ids.filter((id): id is string => !!id && !names.has(id)))].slice(0, NAMES_LIMIT);
  await Promise.all(
    wanted.map(async (user) => {
      try {
        const found = await client.users.info({ user });
        const name = found.user?.profile?.display_name || found.user?.real_name || found.user?.name;
        if (name) names.set(user, name);
      } catch (error) {
        // A name is a nicety: without it the capture says "someone".
        logger.warn({ user, err: error }, 'could not look up a Slack user');
      }
    }),
  );
  return names;
}

/** Mentions written as `@name`, for text people edit in a form. */
export function mentionsAsNames(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(MENTION, (whole, id: string) => {
    const label = /\|([^>]*)>$/.exec(whole)?.[1];
    return `@${names.get(id) ?? label?.replace(/^@/, '') ?? 'someone'}`;
  });
}

/** A link to a message, or undefined when Slack gives none. */
export async function permalinkOf(client: webApi.WebClient, channel: string, ts: string): Promise<string | undefined> {
  const found = await client.chat.getPermalink({ channel, message_ts: ts });
  return found.permalink && /^https?:\/\//.test(found.permalink) ? found.permalink : undefined;
}

/** Messages people write: plain ones, and replies also sent to the channel (the other subtypes are edits, joins, bots…). */
export function isPersonMessage(subtype: string | undefined): boolean {
  return subtype === undefined || subtype === 'thread_broadcast';
}

/** Seconds-and-micros ts to milliseconds. */
export function tsToMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
}
