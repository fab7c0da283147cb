import Database from 'better-sqlite3';
import { tokenize } from '../../src/search/analyzer';
import { isStopWord } from '../../src/search/stop-words';
import type { GeneratedArticle } from '../../src/eval/generate-base';

/**
 * The reference peer: SQLite FTS5 over the same fields with the same weights, ranked by
 * `bm25()`, asked the same questions as an OR of their words, 30 results.
 */
export class Fts5Peer {
  private readonly db: Database.Database;
  private readonly query: Database.Statement<[string], { id: string }>;

  constructor(file: string, articles: readonly GeneratedArticle[]) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, questions, body, tags, tokenize = 'porter unicode61')`);
    const insert = this.db.prepare('INSERT INTO docs (id, title, questions, body, tags) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const a of articles) insert.run(a.id, a.title, a.questions.join('\n'), a.body, a.tags.join(' '));
    })();
    // Column weights as Lore's field boosts: title 2, questions 2, body 1, tags 1.5.
    this.query = this.db.prepare('SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 2, 2, 1, 1.5) LIMIT 30');
  }

  /** Ids of the best 30 articles for the question, best first. */
  search(question: string): string[] {
    const tokens = tokenize(question);
    const content = tokens.filter((token) => !isStopWord(token));
    const words = [...new Set(content.length > 0 ? content : tokens)];
    if (words.length === 0) return [];
    const match = words.map((word) => `"${word.replace(/"/g, '')}"`).join(' OR ');
    return this.query.all(match).map((row) => row.id);
  }

  close(): void {
    this.db.close();
  }
}
