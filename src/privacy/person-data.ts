import type { Db } from '../db/open-database';
import type { ArticleStore } from '../knowledge/article-store';

/** Everything Lore keeps that points at one person, as `lore person export` prints it. */
export interface PersonExport {
  person: string;
  questions: Array<{ id: number; workspace: string; platform: string; text: string; place: string | null; askedAt: number; decision: string; answeredWith: string | null }>;
  votes: Array<{ questionId: number; articleId: string; value: number; at: number }>;
  /** Phrasings the person confirmed (+1) or rejected (-1) on an article. */
  endorsements: Array<{ articleId: string; question: string; value: number; at: number }>;
  /** Answers the person captured, or wrote (matched by the name or id captures recorded). */
  captures: Array<{ articleId: string | null; action: string; question: string; role: 'captured' | 'answered' | 'both'; at: number }>;
  /** Articles the person owns, wrote, verified, or edited. */
  articles: Array<{ id: string; title: string; roles: string[] }>;
}

/** What `erase` removed or unlinked, by kind. */
export interface ErasureResult {
  person: string;
  questions: number;
  votes: number;
  endorsements: number;
  learnedQuestions: number;
  captures: number;
  articles: number;
  revisions: number;
}

/** Columns that may name a person outside the tables erase handles itself; applied only where the table exists. */
const OTHER_LINKS: ReadonlyArray<{ table: string; sql: string }> = [
  // Correction notices waiting to be sent to the person are about their questions.
  { table: 'notices', sql: 'DELETE FROM notices WHERE asker = ?' },
];

/**
 * A person's data, for access and erasure requests. The person is named as Lore records
 * them: a platform user id (`U0123ABCD`, a Teams id), or the display name captures
 * recorded as an answer's author. Articles stay: erasing a person removes what they asked
 * and how they voted, and takes their name off what they captured, wrote and edited.
 */
export class PersonData {
  constructor(
    private readonly db: Db,
    private readonly articles: ArticleStore,
  ) {}

  /** Everything kept about the person. */
  export(person: string): PersonExport {
    const { db } = this;
    const questions = db
      .prepare<[string], { id: number; workspace: string; platform: string; text: string; place: string | null; asked_at: number; decision: string; title: string | null }>(
        `SELECT q.id, q.workspace, q.platform, q.text, q.place, q.asked_at, q.decision, a.title
         FROM questions q LEFT JOIN articles a ON a.id = q.top_article_id WHERE q.asker = ? ORDER BY q.asked_at, q.id`,
      )
      .all(person)
      .map((row) => ({ id: row.id, workspace: row.workspace, platform: row.platform, text: row.text, place: row.place, askedAt: row.asked_at, decision: row.decision, answeredWith: row.title }));
    const votes = db
      .prepare<[string], { question_id: number; article_id: string; value: number; updated_at: number }>('SELECT question_id, article_id, value, updated_at FROM votes WHERE voter = ? ORDER BY updated_at, id')
      .all(person)
      .map((row) => ({ questionId: row.question_id, articleId: row.article_id, value: row.value, at: row.updated_at }));
    const endorsements = db
      .prepare<[string], { article_id: string; text: string; value: number; at: number }>(
        `SELECT q.article_id, q.text, e.value, e.at FROM question_endorsements e JOIN article_questions q ON q.id = e.question_row
         WHERE e.voter = ? ORDER BY e.at`,
      )
      .all(person)
      .map((row) => ({ articleId: row.article_id, question: row.text, value: row.value, at: row.at }));
    const captures = db
      .prepare<[string, string], { article_id: string | null; action: string; question: string; captured_by: string | null; answer_author: string | null; created_at: number }>(
        'SELECT article_id, action, question, captured_by, answer_author, created_at FROM captures WHERE captured_by = ? OR answer_author = ? ORDER BY created_at, id',
      )
      .all(person, person)
      .map((row) => ({
        articleId: row.article_id,
        action: row.action,
        question: row.question,
        role: (row.captured_by === person && row.answer_author === person ? 'both' : row.captured_by === person ? 'captured' : 'answered') as 'captured' | 'answered' | 'both',
        at: row.created_at,
      }));
    const articles = db
      .prepare<{ person: string }, { id: string; title: string; owner: string | null; author: string | null; verified_by: string | null; edited: number }>(
        `SELECT a.id, a.title, a.owner, a.author, a.verified_by,
           EXISTS (SELECT 1 FROM article_revisions r WHERE r.article_id = a.id AND r.edited_by = @person) AS edited
         FROM articles a WHERE a.owner = @person OR a.author = @person OR a.verified_by = @person
           OR a.id IN (SELECT article_id FROM article_revisions WHERE edited_by = @person) ORDER BY a.id`,
      )
      .all({ person })
      .map((row) => ({
        id: row.id,
        title: row.title,
        roles: [row.owner === person && 'owner', row.author === person && 'author', row.verified_by === person && 'verifier', row.edited && 'editor'].filter((role): role is string => Boolean(role)),
      }));
    return { person, questions, votes, endorsements, captures, articles };
  }

  /**
   * Erases the person: their questions (with what was shown, and the votes on those answers),
   * their votes and their say on learned phrasings, the phrasings learned only from their
   * questions, and their name or id on captures, articles and revisions. Article ownership
   * is a role and stays: hand it to someone else first if they have left.
   */
  erase(person: string): ErasureResult {
    const { db } = this;
    return db.transaction((): ErasureResult => {
      const texts = db.prepare<[string], { text: string }>('SELECT DISTINCT text FROM questions WHERE asker = ?').all(person).map((row) => row.text);
      const touched = new Set<string>();

      // Phrasings learned from the person's questions, unless someone else asked the same.
      let learnedQuestions = 0;
      const learned = db.prepare<[string], { id: number; article_id: string }>(
        `SELECT id, article_id FROM article_questions WHERE origin = 'learned' AND lower(text) = lower(?)`,
      );
      const askedByOthers = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM questions WHERE lower(text) = lower(?) AND (asker IS NULL OR asker <> ?) LIMIT 1');
      const removeQuestion = db.prepare<[number]>('DELETE FROM article_questions WHERE id = ?');
      for (const text of texts) {
        if (askedByOthers.get(text, person)) continue;
        for (const row of learned.all(text)) {
          learnedQuestions += removeQuestion.run(row.id).changes;
          touched.add(row.article_id);
        }
      }

      // Their say on phrasings: gone, and each phrasing's weight recomputed from who is left.
      const endorsed = db
        .prepare<[string], { question_row: number; article_id: string; origin: string }>(
          'SELECT e.question_row, q.article_id, q.origin FROM question_endorsements e JOIN article_questions q ON q.id = e.question_row WHERE e.voter = ?',
        )
        .all(person);
      const endorsements = db.prepare<[string]>('DELETE FROM question_endorsements WHERE voter = ?').run(person).changes;
      const net = db.prepare<[number], { net: number | null }>('SELECT sum(value) AS net FROM question_endorsements WHERE question_row = ?');
      const setWeight = db.prepare<[number, number]>('UPDATE article_questions SET weight = ? WHERE id = ?');
      for (const row of endorsed) {
        const support = net.get(row.question_row)!.net ?? 0;
        setWeight.run(row.origin === 'learned' ? support : Math.max(1, 1 + support), row.question_row);
        touched.add(row.article_id);
      }

      const votes = db.prepare<[string]>('DELETE FROM votes WHERE voter = ?').run(person).changes;
      // Cascades to what was shown for them, their evidence, capture offers and the votes on those answers.
      const questions = db.prepare<[string]>('DELETE FROM questions WHERE asker = ?').run(person).changes;
      for (const link of OTHER_LINKS) if (this.hasTable(link.table)) db.prepare<[string]>(link.sql).run(person);

      const captures =
        db.prepare<[string]>('UPDATE captures SET captured_by = NULL WHERE captured_by = ?').run(person).changes +
        db.prepare<[string]>('UPDATE captures SET answer_author = NULL WHERE answer_author = ?').run(person).changes;
      const credited = db.prepare<[string, string], { id: string }>('SELECT id FROM articles WHERE author = ? OR verified_by = ?').all(person, person);
      db.prepare<[string]>('UPDATE articles SET author = NULL WHERE author = ?').run(person);
      db.prepare<[string]>('UPDATE articles SET verified_by = NULL WHERE verified_by = ?').run(person);
      for (const row of credited) touched.add(row.id);
      db.prepare<[string]>('UPDATE article_questions SET created_by = NULL WHERE created_by = ?').run(person);
      const revisions = db.prepare<[string]>('UPDATE article_revisions SET edited_by = NULL WHERE edited_by = ?').run(person).changes;

      // The search index reads touched articles again, in this process and in a running server.
      for (const id of touched) this.articles.touch(id);
      return { person, questions, votes, endorsements, learnedQuestions, captures, articles: credited.length, revisions };
    }).immediate();
  }

  private hasTable(name: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }
}
