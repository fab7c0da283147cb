import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { LoreError } from '../errors';
import type { AnswerEvidence } from '../ranking/calibration';

export type VoteValue = 1 | -1;

/** SQL: the vote `v` is a 👎 whose voter gave a 👍 to another article shown for the same question. */
const REDIRECTED = `(v.value = -1 AND EXISTS (SELECT 1 FROM votes o WHERE o.question_id = v.question_id AND o.voter = v.voter
  AND o.value = 1 AND o.article_id <> v.article_id))`;

/** A person's vote on one article shown for one question. */
export interface Vote {
  questionId: number;
  articleId: string;
  voter: string;
  value: VoteValue;
}

/** `recorded`: a first vote; `changed`: the other button; `unchanged`: the same vote again (a repeat or a retry). */
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged';

/**
 * Votes, one per person per answer and article. Pressing the same button twice, or a
 * platform delivering the same click twice, changes nothing; the other button changes
 * the vote. A vote counts in the workspace of the question it was cast on: an article's
 * record is kept per workspace, so a shared article's record in one workspace is not
 * another's.
 */
export class VoteBook {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      question: db.prepare<[number], { workspace: string }>('SELECT workspace FROM questions WHERE id = ?'),
      shown: db.prepare<[number, string], { one: number }>('SELECT 1 AS one FROM question_results WHERE question_id = ? AND article_id = ?'),
      existing: db.prepare<[number, string, string], { value: number }>(
        'SELECT value FROM votes WHERE question_id = ? AND article_id = ? AND voter = ?',
      ),
      insert: db.prepare(`INSERT INTO votes (workspace, question_id, article_id, voter, value, created_at, updated_at)
        VALUES (@workspace, @questionId, @articleId, @voter, @value, @now, @now)`),
      update: db.prepare(`UPDATE votes SET value = @value, updated_at = @now
        WHERE question_id = @questionId AND article_id = @articleId AND voter = @voter`),
      // One vote per person per article: their latest, whichever answer it was cast on.
      tally: db.prepare<{ article: string; workspace: string | null }, { up: number | null; down: number | null }>(
        `SELECT sum(value = 1) AS up, sum(value = -1) AS down FROM (
           SELECT value, row_number() OVER (PARTITION BY voter ORDER BY updated_at DESC, id DESC) AS latest
           FROM votes WHERE article_id = @article AND (@workspace IS NULL OR workspace = @workspace)) WHERE latest = 1`,
      ),
      // The same, less the 👎 whose voter found the answer in another article shown for the
      // same question (a 👍 there): that says the article was the wrong one for the question,
      // which the 👎 teaches the ranking, not that it helps nobody.
      standing: db.prepare<{ article: string; workspace: string | null }, { up: number | null; down: number | null }>(
        `SELECT sum(value = 1) AS up, sum(value = -1 AND NOT ${REDIRECTED}) AS down FROM (
           SELECT v.question_id, v.article_id, v.voter, v.value, row_number() OVER (PARTITION BY v.voter ORDER BY v.updated_at DESC, v.id DESC) AS latest
           FROM votes v WHERE v.article_id = @article AND (@workspace IS NULL OR v.workspace = @workspace)) v WHERE latest = 1`,
      ),
      standings: db.prepare<[], { article_id: string; workspace: string; up: number; down: number }>(
        `SELECT article_id, workspace, sum(value = 1) AS up, sum(value = -1 AND NOT ${REDIRECTED}) AS down FROM (
           SELECT v.question_id, v.article_id, v.workspace, v.voter, v.value,
             row_number() OVER (PARTITION BY v.article_id, v.workspace, v.voter ORDER BY v.updated_at DESC, v.id DESC) AS latest
           FROM votes v) v WHERE latest = 1 GROUP BY article_id, workspace`,
      ),
      votedOn: db.prepare<[number, string], { article_id: string }>('SELECT article_id FROM votes WHERE question_id = ? AND voter = ?'),
      questionOf: db.prepare<[number], { text: string; workspace: string }>('SELECT text, workspace FROM questions WHERE id = ?'),
      // A vote on the first result of an answer says whether it was right, given its evidence.
      // Not when Lore said it did not know: people then still pick the right article from the
      // results (👍) but have no answer to reject when none fits, so those votes would say
      // that low-confidence answers are right.
      outcomes: db.prepare<[], { probability: number; coverage: number; runner_up: number; learned: number; value: number }>(
        `SELECT e.probability, e.coverage, e.runner_up, e.learned, v.value
         FROM votes v
         JOIN questions q ON q.id = v.question_id AND q.decision = 'answer'
         JOIN question_results r ON r.question_id = v.question_id AND r.rank = 1 AND r.article_id = v.article_id
         JOIN answer_evidence e ON e.question_id = v.question_id`,
      ),
      remove: db.prepare<[number, string, string, number]>('DELETE FROM votes WHERE question_id = ? AND article_id = ? AND voter = ? AND value = ?'),
      downvotes: db.prepare<[], { text: string; workspace: string; article_id: string }>(
        `SELECT q.text, q.workspace, v.article_id FROM votes v JOIN questions q ON q.id = v.question_id WHERE v.value = -1`,
      ),
    };
  }

  /** Records a vote on an article that was shown for the question. */
  cast(vote: Vote): VoteOutcome {
    return this.db.transaction((): VoteOutcome => {
      const question = this.statements.question.get(vote.questionId);
      if (!question) throw new LoreError('NOT_FOUND', `No question ${vote.questionId} was asked; a vote must refer to an answer Lore gave.`);
      if (!this.statements.shown.get(vote.questionId, vote.articleId)) {
        throw new LoreError('INVALID_INPUT', `Article ${vote.articleId} was not shown for question ${vote.questionId}.`);
      }
      const previous = this.statements.existing.get(vote.questionId, vote.articleId, vote.voter);
      const row = { ...vote, workspace: question.workspace, now: this.clock.now() };
      if (!previous) {
        this.statements.insert.run(row);
        return 'recorded';
      }
      if (previous.value === vote.value) return 'unchanged';
      this.statements.update.run(row);
      return 'changed';
    }).immediate();
  }

  /**
   * Runs `work` (this book's writes and others on the same database) as one transaction:
   * all of it is written, or, when any part fails or the process dies, none of it.
   */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Withdraws a person's vote (a reaction taken back); false when they had not voted so. */
  withdraw(vote: Vote): boolean {
    return this.db.transaction(() => this.statements.remove.run(vote.questionId, vote.articleId, vote.voter, vote.value).changes > 0).immediate();
  }

  /** 👍 and 👎 counts of an article in one workspace (or all), one per person (their latest vote on it). */
  tally(articleId: string, workspace?: string): { up: number; down: number } {
    const row = this.statements.tally.get({ article: articleId, workspace: workspace ?? null })!;
    return { up: row.up ?? 0, down: row.down ?? 0 };
  }

  /** The articles a person voted on for one question (their 👍 on one changes how their 👎 on the others count). */
  votedOn(questionId: number, voter: string): string[] {
    return this.statements.votedOn.all(questionId, voter).map((row) => row.article_id);
  }

  /**
   * What an article's votes in one workspace (or all) say of its helpfulness there, one vote per
   * person: its tally less the 👎 of people who found the answer in another article shown
   * for the same question.
   */
  standing(articleId: string, workspace?: string): { up: number; down: number } {
    const row = this.statements.standing.get({ article: articleId, workspace: workspace ?? null })!;
    return { up: row.up ?? 0, down: row.down ?? 0 };
  }

  /** Every voted article's standing in each workspace where it was voted on (see `standing`). */
  standings(): Array<{ articleId: string; workspace: string; up: number; down: number }> {
    return this.statements.standings.all().map((row) => ({ articleId: row.article_id, workspace: row.workspace, up: row.up, down: row.down }));
  }

  /** The text and workspace of an asked question. */
  question(questionId: number): { text: string; workspace: string } | undefined {
    return this.statements.questionOf.get(questionId);
  }

  /** Answers whose first result was voted on: the evidence, and whether people found it right. */
  outcomes(): Array<{ evidence: AnswerEvidence; right: boolean }> {
    return this.statements.outcomes.all().map((row) => ({
      evidence: { probability: row.probability, coverage: row.coverage, runnerUp: row.runner_up, learned: row.learned },
      right: row.value > 0,
    }));
  }

  /** Every 👎: a question and an article that did not answer it. */
  downvotes(): Array<{ text: string; workspace: string; articleId: string }> {
    return this.statements.downvotes.all().map((row) => ({ text: row.text, workspace: row.workspace, articleId: row.article_id }));
  }
}
