import type { Db } from '../db/open-database';
import { type RetrievalOptions, SearchIndex } from '../search/search-index';
import type { Article, ArticleStatus, QuestionOrigin, ValidArticleInput } from './article';
import type { ArticleStore, Edit, SaveOutcome } from './article-store';

/**
 * The articles and their search index, kept in step. The index is a cache of the
 * database: every write goes to SQLite first and the index then reads what changed
 * (by change number), so writes from another process (a CLI import while Lore serves)
 * reach it the same way as this process's own, and a crash can never leave the index
 * ahead of the data.
 */
export class KnowledgeBase {
  readonly index: SearchIndex;
  private seenChange = 0;
  private seenDataVersion = -1;

  constructor(
    private readonly db: Db,
    readonly articles: ArticleStore,
    retrieval?: RetrievalOptions,
  ) {
    this.index = new SearchIndex(retrieval);
  }

  /** The last change number the index has taken in; it moves with every write. */
  get changeNumber(): number {
    return this.seenChange;
  }

  /** Builds the index from the database (start-up). */
  load(): void {
    this.refresh();
  }

  /**
   * Brings the index up to date with the database. Cheap when nothing changed:
   * `PRAGMA data_version` only moves when another connection commits, and this
   * connection's own writes call `refresh` themselves.
   */
  refresh(options: { force?: boolean } = {}): number {
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    if (!options.force && dataVersion === this.seenDataVersion && this.seenChange > 0) return 0;
    this.seenDataVersion = dataVersion;
    const changed = this.articles.changedSince(this.seenChange);
    if (changed.length === 0) return 0;
    if (this.seenChange === 0 && this.index.size === 0) {
      this.index.addAll(changed.map((c) => c.article));
    } else {
      for (const { article } of changed) this.index.upsert(article);
    }
    this.seenChange = changed.at(-1)!.changeSeq;
    return changed.length;
  }

  get(id: string): Article | undefined {
    return this.articles.get(id);
  }

  save(input: ValidArticleInput, workspace: string, edit: Edit): { article: Article; outcome: SaveOutcome } {
    const result = this.articles.save(input, workspace, edit);
    this.afterWrite();
    return result;
  }

  setStatus(id: string, status: ArticleStatus, edit: Edit): Article {
    const article = this.articles.setStatus(id, status, edit);
    this.afterWrite();
    return article;
  }

  /** Adds an alternate question; with a `reason`, the change is kept as a revision (who, when, why). */
  addQuestion(id: string, text: string, origin: QuestionOrigin, by: string | null, reason?: string): Article {
    const article = this.articles.addQuestion(id, text, origin, by, 1, reason);
    this.afterWrite();
    return article;
  }

  /** Runs many writes in one transaction (imports), then updates the index once. */
  batch<T>(work: () => T): T {
    const result = this.db.transaction(work).immediate();
    this.afterWrite();
    return result;
  }

  private afterWrite(): void {
    if (this.db.inTransaction) return;
    this.refresh({ force: true });
  }
}
