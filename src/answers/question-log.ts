import type { Db } from '../db/open-database';
import { redactSecrets } from '../privacy/redact-secrets';
import type { AnswerEvidence } from '../ranking/calibration';

/** Where a question came from. */
export interface AskContext {
  /** Slack team or Teams tenant; the shared base is `''`. */
  workspace: string;
  platform: string;
  asker?: string | null;
  /** Channel, chat or thread the question was asked in. */
  place?: string | null;
  /**
   * The channel (Slack channel id, Teams channel or chat id) where the answer will be
   * seen: restricted articles are answered only in the channels they are restricted to.
   */
  channel?: string | null;
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

/** What Lore showed for a logged question. */
export interface ShownAnswer {
  text: string;
  workspace: string;
  decision: 'answer' | 'abstain';
  confidence: number;
  askedAt: number;
  results: Array<{ id: string; score: number }>;
}

/** A question asked earlier in a thread. */
export interface PreviousQuestion {
  id: number;
  text: string;
  asker: string | null;
  decision: 'answer' | 'abstain';
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

  /** A logged question and the articles it was shown, best first; undefined for an unknown id. */
  shown(questionId: number): ShownAnswer | undefined {
    const question = this.db
      .prepare('SELECT text, workspace, decision, confidence, asked_at AS askedAt FROM questions WHERE id = ?')
      .get(questionId) as Omit<ShownAnswer, 'results'> | undefined;
    if (!question) return undefined;
    const results = this.db.prepare('SELECT article_id AS id, score FROM question_results WHERE question_id = ? ORDER BY rank').all(questionId) as ShownAnswer['results'];
    return { ...question, results };
  }

  /**
   * The latest question asked in a place (a chat, channel or thread) of a workspace, e.g. to
   * name what a reply there answers: with `before`, the latest asked by then (what a message
   * posted at that time answered), and never the text `not` (the reply itself, when it was
   * sent to Lore too).
   */
  latestIn(workspace: string, place: string, options: { before?: number | null; not?: string } = {}): string | undefined {
    const row = this.db
      .prepare<{ workspace: string; place: string; before: number | null; not: string | null }, { text: string }>(
        `SELECT text FROM questions WHERE workspace = @workspace AND place = @place AND is_eval = 0
           AND (@before IS NULL OR asked_at <= @before) AND (@not IS NULL OR text != @not)
         ORDER BY asked_at DESC, id DESC LIMIT 1`,
      )
      .get({ workspace, place, before: options.before ?? null, not: options.not?.replace(/\s+/g, ' ').trim() || null });
    return row?.text;
  }

  /**
   * The latest question asked in a place (a thread, or with `placePrefix` any thread of a
   * chat) since `since`: what a follow-up there goes on from, with who asked and whether
   * Lore answered.
   */
  previousIn(workspace: string, where: { place: string } | { placePrefix: string }, since = 0): PreviousQuestion | undefined {
    const exact = 'place' in where;
    const pattern = exact ? where.place : `${where.placePrefix.replace(/[\\%_]/g, '\\$&')}%`;
    const row = this.db
      .prepare(
        `SELECT id, text, asker, decision FROM questions
         WHERE workspace = ? AND ${exact ? 'place = ?' : "place LIKE ? ESCAPE '\\'"} AND is_eval = 0 AND asked_at >= ?
         ORDER BY asked_at DESC, id DESC LIMIT 1`,
      )
      .get(workspace, pattern, since) as PreviousQuestion | undefined;
    return row;
  }

  /** Stores the question (secrets pasted into it redacted) and the articles shown for it; returns its id. */
  record(entry: LoggedQuestion): number {
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.insertQuestion.run({
        workspace: entry.context.workspace,
        // Whatever is stored can be read back, learned from or exported: a pasted secret never is.
        text: redactSecrets(entry.text),
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
