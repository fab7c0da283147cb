import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import type { QuestionOrigin } from '../knowledge/article';
import type { ArticleStore } from '../knowledge/article-store';
import { analyzeQuery } from '../search/analyzer';
import type { VoteValue } from './vote-book';

/** Two phrasings whose search terms overlap this much are the same question. */
const SAME_QUESTION = 0.8;
/** Longest phrasing kept as a learned question; longer questions are pasted logs. */
const MAX_LEARNED_LENGTH = 300;

/** What a vote did to the article's alternate questions. */
export type LearningOutcome = 'learned' | 'strengthened' | 'weakened' | 'none';

interface QuestionRow {
  id: number;
  text: string;
  origin: QuestionOrigin;
}

/**
 * The phrasings Lore learns from votes. A 👍 makes the question an alternate question of
 * the article (or, when the article already has the same question, adds the voter's
 * support to it); a 👎 on a phrasing the article learned takes support away. Each person
 * counts once per phrasing, and a learned phrasing with more opponents than supporters
 * stops being searched. A phrasing belongs to the workspace whose people taught it: on an
 * article of that workspace it is one of the article's questions, on another's (the shared
 * base) it is searched for that workspace's questions only, and a vote only ever touches
 * the phrasings of the voter's own workspace.
 */
export class QuestionLearning {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly store: ArticleStore,
    private readonly clock: Clock,
  ) {
    this.statements = {
      questionsOf: db.prepare<[string, string], QuestionRow>('SELECT id, text, origin FROM article_questions WHERE article_id = ? AND workspace = ?'),
      insert: db.prepare<{ articleId: string; workspace: string; text: string; now: number; by: string }>(
        `INSERT INTO article_questions (article_id, workspace, text, origin, weight, created_at, created_by)
         VALUES (@articleId, @workspace, @text, 'learned', 0, @now, @by)`,
      ),
      endorse: db.prepare<{ row: number; voter: string; value: number; now: number }>(
        `INSERT INTO question_endorsements (question_row, voter, value, at) VALUES (@row, @voter, @value, @now)
         ON CONFLICT (question_row, voter) DO UPDATE SET value = excluded.value, at = excluded.at`,
      ),
      endorsement: db.prepare<[number, string], { value: number }>('SELECT value FROM question_endorsements WHERE question_row = ? AND voter = ?'),
      unendorse: db.prepare<[number, string]>('DELETE FROM question_endorsements WHERE question_row = ? AND voter = ?'),
      net: db.prepare<[number], { net: number | null }>('SELECT sum(value) AS net FROM question_endorsements WHERE question_row = ?'),
      setWeight: db.prepare<[number, number]>('UPDATE article_questions SET weight = ? WHERE id = ?'),
      remove: db.prepare<[string, string]>('DELETE FROM article_questions WHERE article_id = ? AND text = ?'),
    };
  }

  /** Applies one person's vote on (question, article), cast in `workspace`, to that workspace's questions of the article. */
  apply(articleId: string, question: string, voter: string, value: VoteValue, workspace: string): LearningOutcome {
    const text = question.replace(/\s+/g, ' ').trim();
    if (!text || text.length > MAX_LEARNED_LENGTH) return 'none';
    return this.db.transaction((): LearningOutcome => {
      let row = this.sameQuestion(articleId, text, workspace);
      if (!row) {
        if (value < 0) return 'none';
        const id = Number(this.statements.insert.run({ articleId, workspace, text, now: this.clock.now(), by: voter }).lastInsertRowid);
        row = { id, text, origin: 'learned' };
      } else if (this.statements.endorsement.get(row.id, voter)?.value === value) {
        // The same person saying the same again (on another answer) is still one voice.
        return 'none';
      }
      this.statements.endorse.run({ row: row.id, voter, value, now: this.clock.now() });
      const net = this.reweigh(row);
      this.store.touch(articleId);
      if (value < 0) return 'weakened';
      return row.origin === 'learned' && net === 1 ? 'learned' : 'strengthened';
    }).immediate();
  }

  /** Takes back one person's say on a phrasing of their workspace (their vote was withdrawn). */
  withdraw(articleId: string, question: string, voter: string, workspace: string): boolean {
    const text = question.replace(/\s+/g, ' ').trim();
    return this.db.transaction(() => {
      const row = text ? this.sameQuestion(articleId, text, workspace) : undefined;
      if (!row || this.statements.unendorse.run(row.id, voter).changes === 0) return false;
      this.reweigh(row);
      this.store.touch(articleId);
      return true;
    }).immediate();
  }

  /** Sets a phrasing's weight from its endorsements; returns the net support. */
  private reweigh(row: QuestionRow): number {
    const net = this.statements.net.get(row.id)!.net ?? 0;
    // An author's question is never voted away; its support only adds weight.
    this.statements.setWeight.run(row.origin === 'learned' ? net : Math.max(1, 1 + net), row.id);
    return net;
  }

  /** Removes a learned (or any) alternate question; for editors cleaning up what Lore learned. */
  remove(articleId: string, text: string): boolean {
    return this.db.transaction(() => {
      const removed = this.statements.remove.run(articleId, text).changes > 0;
      if (removed) this.store.touch(articleId);
      return removed;
    }).immediate();
  }

  /**
   * The question of the article, among those of `workspace` (for the article's own workspace:
   * its editors' too), that says the same as `text`, if any.
   */
  private sameQuestion(articleId: string, text: string, workspace: string): QuestionRow | undefined {
    const wanted = new Set(analyzeQuery(text));
    let best: { row: QuestionRow; overlap: number } | undefined;
    for (const row of this.statements.questionsOf.all(articleId, workspace)) {
      if (row.text.toLowerCase() === text.toLowerCase()) return row;
      const terms = new Set(analyzeQuery(row.text));
      let shared = 0;
      for (const term of terms) if (wanted.has(term)) shared += 1;
      const overlap = shared / Math.max(1, new Set([...terms, ...wanted]).size);
      if (overlap >= SAME_QUESTION && (!best || overlap > best.overlap)) best = { row, overlap };
    }
    return best?.row;
  }
}
