import type { RespondFn, webApi } from '@slack/bolt';
import type { SlackMessage } from './render-reply';
import type { ActionEnvelope } from './slack-events';

/**
 * Shows a message only to the person who clicked, next to what they clicked: through the
 * response_url when they clicked on a message only they can see (Slack offers nothing
 * else there), as an ephemeral message in the channel (and thread) otherwise.
 */
export async function tellPrivately(client: webApi.WebClient, respond: RespondFn | undefined, body: ActionEnvelope, message: SlackMessage): Promise<void> {
  const channel = body.container?.channel_id ?? body.channel?.id;
  if (body.container?.is_ephemeral || !channel) {
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    return;
  }
  const threadTs = body.container?.thread_ts ?? body.message?.thread_ts;
  await client.chat.postEphemeral({ channel, user: body.user.id, ...(threadTs ? { thread_ts: threadTs } : {}), ...message });
}
