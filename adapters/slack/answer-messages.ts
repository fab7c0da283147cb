import type { webApi } from '@slack/bolt';
import { ANSWER_METADATA_TYPE, answerMetadata } from './action-values';

/** What a reaction on one of Lore's answers votes on. */
export interface AnsweredQuestion {
  questionId: number;
  articleId: string;
  /** The thread the answer is in, so a vote's thanks appears there. */
  threadTs?: string;
}

/** Recent answers kept in memory; older ones are read back from the message's metadata. */
const REMEMBERED = 5000;

/**
 * Finds which question and article an answer message stands for, so a 👍 or 👎 reaction
 * on it becomes a vote. Every answer carries that in its Slack message metadata, which
 * outlives restarts; the answers of this process are also remembered, to spare the call.
 */
export class AnswerMessages {
  private readonly remembered = new Map<string, AnsweredQuestion>();

  /** Metadata to post with an answer. */
  static metadata(answer: AnsweredQuestion): { event_type: string; event_payload: Record<string, string | number> } {
    return { event_type: ANSWER_METADATA_TYPE, event_payload: { question_id: answer.questionId, article_id: answer.articleId } };
  }

  remember(team: string, channel: string, ts: string, answer: AnsweredQuestion): void {
    if (this.remembered.size >= REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(`${team}:${channel}:${ts}`, answer);
  }

  /** The answer a message stands for, or `undefined` when it is not one of Lore's answers. */
  async find(client: webApi.WebClient, team: string, channel: string, ts: string): Promise<AnsweredQuestion | undefined> {
    const known = this.remembered.get(`${team}:${channel}:${ts}`);
    if (known) return known;
    // conversations.replies finds a top-level message and a reply alike (with its thread's first message).
    const window = { channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 10, include_all_metadata: true };
    const replies = await client.conversations.replies(window);
    const message = replies.messages?.find((m) => m.ts === ts);
    const metadata = (message as { metadata?: { event_type?: string; event_payload?: unknown } } | undefined)?.metadata;
    if (metadata?.event_type !== ANSWER_METADATA_TYPE) return undefined;
    const parsed = answerMetadata.safeParse(metadata.event_payload);
    if (!parsed.success) return undefined;
    const threadTs = (message as { thread_ts?: string }).thread_ts;
    const answer = { questionId: parsed.data.question_id, articleId: parsed.data.article_id, ...(threadTs ? { threadTs } : {}) };
    this.remember(team, channel, ts, answer);
    return answer;
  }
}
