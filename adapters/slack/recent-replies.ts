import type { Reply } from '../../src/index';

/**
 * Replies given privately (with /lore) that the asker may still share in the channel. An
 * ephemeral message can't be read back from Slack, so the reply is kept here for a while;
 * after a restart or a thousand newer replies, sharing asks the person to ask again.
 */
export class RecentReplies {
  private readonly replies = new Map<number, Reply>();

  constructor(private readonly max = 1000) {}

  remember(reply: Reply): void {
    if (this.replies.size >= this.max) this.replies.delete(this.replies.keys().next().value!);
    this.replies.set(reply.questionId, reply);
  }

  get(questionId: number): Reply | undefined {
    return this.replies.get(questionId);
  }
}
