import type { Db } from '../db/open-database';

/** A question someone asked, and the title of the article Lore answered with (if it answered). */
export interface AskedQuestion {
  text: string;
  answeredWith?: string;
}

/**
 * What a person sees about themselves (Slack App Home, later Teams): their recent
 * questions and the published articles they own that nobody has verified yet.
 */
export class PersonSummary {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      recent: db.prepare<[string, string, number], { text: string; title: string | null }>(
        `SELECT q.text, a.title FROM questions q LEFT JOIN articles a ON a.id = q.top_article_id
         WHERE q.workspace = ? AND q.asker = ? AND q.is_eval = 0
         ORDER BY q.asked_at DESC, q.id DESC LIMIT ?`,
      ),
      unverified: db.prepare<[string, string, number], { id: string; title: string }>(
        `SELECT id, title FROM articles WHERE workspace = ? AND owner = ? AND status = 'published' AND verified_at IS NULL
         ORDER BY updated_at DESC, id LIMIT ?`,
      ),
    };
  }

  /** The person's latest questions in a workspace, newest first. */
  recentQuestions(workspace: string, asker: string, limit: number): AskedQuestion[] {
    return this.statements.recent.all(workspace, asker, limit).map((row) => (row.title ? { text: row.text, answeredWith: row.title } : { text: row.text }));
  }

  /** Published articles of the workspace the person owns that nobody has verified, latest first. */
  unverifiedArticles(workspace: string, owner: string, limit: number): Array<{ id: string; title: string }> {
    return this.statements.unverified.all(workspace, owner, limit);
  }
}
