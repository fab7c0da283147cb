import type { Db } from '../db/open-database';
import type { AnswerEvidence } from '../ranking/calibration';

/** Where a question came from. */
export interface AskContext {
  /** Slack team or Teams tenant; the shared base is `''`. */
  workspace: string;
  platform: string;
  asker?: string | null;
  /** Channel, chat or thread the question was asked in. */
  place?: string | null;
  /** Questions asked by `lore eval` never count in stats, gaps or trends. */
  isEval?: boolean;
}

export interface LoggedQuestion {
  context: AskContext;
  text: string;
  askedAt: number;
  decision: 'answer' | 'abstain';
  confidence: number;
  results: ReadonlyArray<{ id: string; score: number }>;
  /** What the confidence was computed from, kept so votes can recalibrate it. */
  evidence?: AnswerEvidence;
}

/** Every question asked, with what Lore answered, so gaps and trends can be found later. */
export class QuestionLog {
  private readonly insertQuestion;
  private readonly insertResult;
  private readonly insertEvidence;

  constructor(private readonly db: Db) {
    this.insertQuestion = db.prepare(`INSERT INTO questions (workspace, text, asker, place, platform, asked_at, decision,
        confidence, top_article_id, is_eval)
      VALUES (@workspace, @text, @asker, @place, @platform, @askedAt, @decision, @confidence, @topArticleId, @isEval)`);
    this.insertEvidence = db.prepare(`INSERT INTO answer_evidence (question_id, probability, coverage, runner_up, learned)
      VALUES (@id, @probability, @coverage, @runnerUp, @learned)`);
    this.insertResult = db.prepare<[number, number, string, number]>(
      'INSERT INTO question_results (question_id, rank, article_id, score) VALUES (?, ?, ?, ?)',
    );
  }

  /** Stores the question and the articles shown for it; returns its id. */
  record(entry: LoggedQuestion): number {
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.insertQuestion.run({
        workspace: entry.context.workspace,
        text: entry.text,
        asker: entry.context.asker ?? null,
        place: entry.context.place ?? null,
        platform: entry.context.platform,
        askedAt: entry.askedAt,
        decision: entry.decision,
        confidence: entry.confidence,
        topArticleId: entry.decision === 'answer' ? (entry.results[0]?.id ?? null) : null,
        isEval: entry.context.isEval ? 1 : 0,
      });
      const id = Number(lastInsertRowid);
      entry.results.forEach((result, rank) => this.insertResult.run(id, rank + 1, result.id, result.score));
      if (entry.evidence) this.insertEvidence.run({ id, ...entry.evidence });
      return id;
    }).immediate();
  }
}
