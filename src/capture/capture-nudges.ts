import type { Clock } from '../clock';
import type { Db } from '../db/open-database';

/** A question Lore could not answer, now answered by someone in its thread. */
export interface CaptureOffer {
  questionId: number;
  question: string;
  /** Who to offer the one-click capture to: the person who answered. */
  answeredBy: string;
}

/** How long after Lore gave up on a question an answer in its thread still counts. */
const OFFER_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Decides when to offer someone a one-click capture of their reply: when Lore abstained
 * on a question in a thread and a person (not the asker) later answered in that thread.
 * Each question is offered once, whoever answers next; the adapters render the offer.
 */
export class CaptureNudges {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      unanswered: db.prepare<{ workspace: string; place: string; answeredBy: string; since: number; until: number }, { id: number; text: string }>(
        `SELECT q.id, q.text FROM questions q
         WHERE q.workspace = @workspace AND q.place = @place AND q.decision = 'abstain' AND q.is_eval = 0
           AND q.asked_at BETWEEN @since AND @until AND coalesce(q.asker, '') != @answeredBy
           AND NOT EXISTS (SELECT 1 FROM capture_offers o WHERE o.question_id = q.id)
         ORDER BY q.asked_at DESC LIMIT 1`,
      ),
      offer: db.prepare<[number, string, number]>('INSERT OR IGNORE INTO capture_offers (question_id, offered_to, offered_at) VALUES (?, ?, ?)'),
    };
  }

  /**
   * Called when someone replies in a thread: the offer that is due, if any, marked as made
   * so it is never made again.
   */
  due(reply: { workspace: string; place: string; answeredBy: string; answeredAt: number }): CaptureOffer | undefined {
    return this.db.transaction((): CaptureOffer | undefined => {
      const question = this.statements.unanswered.get({
        workspace: reply.workspace,
        place: reply.place,
        answeredBy: reply.answeredBy,
        since: reply.answeredAt - OFFER_WINDOW_MS,
        until: reply.answeredAt,
      });
      if (!question) return undefined;
      const made = this.statements.offer.run(question.id, reply.answeredBy, this.clock.now()).changes > 0;
      return made ? { questionId: question.id, question: question.text, answeredBy: reply.answeredBy } : undefined;
    }).immediate();
  }
}
