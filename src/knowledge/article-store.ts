import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { LoreError } from '../errors';
import {
  type AlternateQuestion,
  type Article,
  type ArticleStatus,
  type QuestionOrigin,
  type ValidArticleInput,
  slugify,
} from './article';

interface ArticleRow {
  id: string;
  workspace: string;
  title: string;
  body: string;
  status: ArticleStatus;
  owner: string | null;
  author: string | null;
  source_url: string | null;
  created_at: number;
  updated_at: number;
  verified_at: number | null;
  verified_by: string | null;
  revision: number;
  change_seq: number;
  review_days: number | null;
  audience: string | null;
}

export type SaveOutcome = 'added' | 'updated' | 'unchanged';

/** Who changed an article and why, for its revision history. */
export interface Edit {
  by?: string | null;
  reason: string;
}

/** An article and the change sequence number of its last write, for keeping an index in step. */
export interface ChangedArticle {
  article: Article;
  changeSeq: number;
  /** What other workspaces learned for it: workspace → phrasings (see `learnedElsewhereIn`). */
  learnedElsewhere: LearnedElsewhere;
}

/** A phrasing a workspace learned, with its net support. */
export interface LearnedPhrasing {
  text: string;
  weight: number;
}

/** What workspaces other than an article's own learned for it: workspace → phrasings. */
export type LearnedElsewhere = ReadonlyMap<string, readonly LearnedPhrasing[]>;

const NOTHING_LEARNED_ELSEWHERE: LearnedElsewhere = new Map();

const SELECT_ARTICLE = `SELECT id, workspace, title, body, status, owner, author, source_url, created_at, updated_at,
  verified_at, verified_by, revision, change_seq, review_days, audience FROM articles`;

/**
 * Articles in SQLite. Every write bumps the article's `change_seq` from one global
 * sequence, so any reader (this process's index, or one in another process) can catch
 * up by reading what changed since the last number it saw.
 */
export class ArticleStore {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      get: db.prepare<[string], ArticleRow>(`${SELECT_ARTICLE} WHERE id = ?`),
      bodyOf: db.prepare<[string], { body: string }>('SELECT body FROM articles WHERE id = ?'),
      // LIMIT -1: no limit.
      changedSince: db.prepare<[number, number], ArticleRow>(`${SELECT_ARTICLE} WHERE change_seq > ? ORDER BY change_seq LIMIT ?`),
      countChangedSince: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM articles WHERE change_seq > ?'),
      tagsOf: db.prepare<[string], { tag: string }>('SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag'),
      // An article's own questions: its editors' and what its own workspace learned (see learnedElsewhere).
      questionsOf: db.prepare<[string, string], { text: string; origin: QuestionOrigin; weight: number }>(
        'SELECT text, origin, weight FROM article_questions WHERE article_id = ? AND workspace = ? ORDER BY id',
      ),
      allTags: db.prepare<[number, number], { article_id: string; tag: string }>(
        'SELECT t.article_id, t.tag FROM articles a CROSS JOIN article_tags t ON t.article_id = a.id WHERE a.change_seq > ? AND a.change_seq <= ? ORDER BY t.tag',
      ),
      allQuestions: db.prepare<[number, number], { article_id: string; text: string; origin: QuestionOrigin; weight: number }>(
        'SELECT q.article_id, q.text, q.origin, q.weight FROM articles a CROSS JOIN article_questions q ON q.article_id = a.id WHERE a.change_seq > ? AND a.change_seq <= ? AND q.workspace = a.workspace ORDER BY q.id',
      ),
      learnedElsewhere: db.prepare<[number, number], { article_id: string; workspace: string; text: string; weight: number }>(
        `SELECT q.article_id, q.workspace, q.text, q.weight FROM articles a CROSS JOIN article_questions q ON q.article_id = a.id
         WHERE a.change_seq > ? AND a.change_seq <= ? AND q.workspace <> a.workspace AND q.weight > 0 ORDER BY q.id`,
      ),
      // A deletion takes a change number too: numbers never go back when the newest article is deleted.
      nextSeq: db.prepare<[], { seq: number }>(`SELECT max(coalesce((SELECT max(change_seq) FROM articles), 0),
        coalesce((SELECT max(change_seq) FROM article_deletions), 0)) + 1 AS seq`),
      maxSeq: db.prepare<[], { seq: number }>(`SELECT max(coalesce((SELECT max(change_seq) FROM articles), 0),
        coalesce((SELECT max(change_seq) FROM article_deletions), 0)) AS seq`),
      deletedSince: db.prepare<[number], { article_id: string; change_seq: number }>(
        'SELECT article_id, change_seq FROM article_deletions WHERE change_seq > ? ORDER BY change_seq',
      ),
      insertDeletion: db.prepare<{ id: string; workspace: string; title: string; seq: number; now: number; by: string | null }>(
        `INSERT INTO article_deletions (article_id, workspace, title, change_seq, deleted_at, deleted_by)
         VALUES (@id, @workspace, @title, @seq, @now, @by)
         ON CONFLICT (article_id) DO UPDATE SET workspace = excluded.workspace, title = excluded.title,
           change_seq = excluded.change_seq, deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by`,
      ),
      forgetDeletion: db.prepare<[string]>('DELETE FROM article_deletions WHERE article_id = ?'),
      deleteArticle: db.prepare<[string]>('DELETE FROM articles WHERE id = ?'),
      listIds: db.prepare<{ workspace: string | null; tag: string | null; status: string | null }, { id: string }>(
        `SELECT id FROM articles WHERE (@workspace IS NULL OR workspace = @workspace) AND (@status IS NULL OR status = @status)
           AND (@tag IS NULL OR id IN (SELECT article_id FROM article_tags WHERE tag = @tag)) ORDER BY id`,
      ),
      insert: db.prepare(`INSERT INTO articles (id, workspace, title, body, status, owner, author, source_url,
          created_at, updated_at, revision, change_seq, review_days, audience)
        VALUES (@id, @workspace, @title, @body, @status, @owner, @author, @sourceUrl, @now, @now, 1, @seq, @reviewDays, @audienceJson)`),
      update: db.prepare(`UPDATE articles SET title = @title, body = @body, status = @status, owner = @owner,
          author = @author, source_url = @sourceUrl, updated_at = @now, revision = revision + 1, change_seq = @seq,
          review_days = @reviewDays, audience = @audienceJson
        WHERE id = @id`),
      verify: db.prepare<{ id: string; by: string; now: number }>('UPDATE articles SET verified_at = @now, verified_by = @by WHERE id = @id'),
      setOwner: db.prepare<{ id: string; owner: string; now: number; seq: number }>(
        'UPDATE articles SET owner = @owner, updated_at = @now, revision = revision + 1, change_seq = @seq WHERE id = @id',
      ),
      setReviewDays: db.prepare<{ id: string; days: number | null }>('UPDATE articles SET review_days = @days WHERE id = @id'),
      touch: db.prepare<{ id: string; seq: number }>('UPDATE articles SET change_seq = @seq WHERE id = @id'),
      bumpRevision: db.prepare<{ id: string; now: number; seq: number }>(
        'UPDATE articles SET revision = revision + 1, updated_at = @now, change_seq = @seq WHERE id = @id',
      ),
      setStatus: db.prepare<{ id: string; status: ArticleStatus; now: number; seq: number }>(
        'UPDATE articles SET status = @status, updated_at = @now, revision = revision + 1, change_seq = @seq WHERE id = @id',
      ),
      deleteTags: db.prepare<[string]>('DELETE FROM article_tags WHERE article_id = ?'),
      insertTag: db.prepare<[string, string]>('INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)'),
      deleteAuthorQuestions: db.prepare<[string]>("DELETE FROM article_questions WHERE article_id = ? AND origin = 'author'"),
      insertQuestion: db.prepare<{ articleId: string; text: string; origin: QuestionOrigin; weight: number; now: number; by: string | null }>(
        `INSERT INTO article_questions (article_id, workspace, text, origin, weight, created_at, created_by)
         VALUES (@articleId, (SELECT workspace FROM articles WHERE id = @articleId), @text, @origin, @weight, @now, @by)
         ON CONFLICT (article_id, workspace, text) DO NOTHING`,
      ),
      insertRevision: db.prepare(`INSERT INTO article_revisions (article_id, revision, title, body, tags, status, edited_by, edited_at, reason)
        SELECT id, revision, title, body, @tags, status, @by, @now, @reason FROM articles WHERE id = @id`),
      idExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM articles WHERE id = ?'),
      count: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM articles WHERE status != 'archived'"),
      countIn: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM articles WHERE status != 'archived' AND workspace = ?"),
      revisions: db.prepare<[string], { revision: number; title: string; body: string; tags: string; status: string; edited_by: string | null; edited_at: number; reason: string }>(
        'SELECT revision, title, body, tags, status, edited_by, edited_at, reason FROM article_revisions WHERE article_id = ? ORDER BY revision',
      ),
    };
  }

  get(id: string): Article | undefined {
    const row = this.statements.get.get(id);
    return row && this.hydrate(row);
  }

  /** An article's body alone (the ranking reads its candidates' bodies), or undefined when there is no such article. */
  bodyOf(id: string): string | undefined {
    return this.statements.bodyOf.get(id)?.body;
  }

  /**
   * Every article written after change number `seq` (the first `limit` of them), oldest
   * change first, with tags and questions.
   */
  changedSince(seq: number, limit?: number): ChangedArticle[] {
    const rows = this.statements.changedSince.all(seq, limit ?? -1);
    if (rows.length === 0) return [];
    const upTo = rows.at(-1)!.change_seq;
    // Two grouped reads instead of two queries per article: this is the start-up path at 100k articles.
    // Both start from the changed articles (CROSS JOIN keeps that order): SQLite would otherwise scan
    // every tag and question of the base for each refresh, which made a 100k import quadratic.
    const tags = groupBy(this.statements.allTags.all(seq, upTo), (row) => row.tag);
    const questions = groupBy(this.statements.allQuestions.all(seq, upTo), (row) => ({
      text: row.text,
      origin: row.origin,
      weight: row.weight,
    }));
    const elsewhere = this.learnedElsewhereIn(seq, upTo);
    return rows.map((row) => ({
      article: toArticle(row, tags.get(row.id) ?? [], questions.get(row.id) ?? []),
      changeSeq: row.change_seq,
      learnedElsewhere: elsewhere.get(row.id) ?? NOTHING_LEARNED_ELSEWHERE,
    }));
  }

  /**
   * The phrasings workspaces other than an article's own learned for it (a Slack team's 👍 on
   * a shared article), per article and workspace, of the articles written after change
   * number `seq` up to `upTo`; only the phrasings still searched (more support than not).
   */
  learnedElsewhereIn(seq: number, upTo: number = Number.MAX_SAFE_INTEGER): Map<string, Map<string, LearnedPhrasing[]>> {
    const byArticle = new Map<string, Map<string, LearnedPhrasing[]>>();
    for (const row of this.statements.learnedElsewhere.all(seq, upTo)) {
      let byWorkspace = byArticle.get(row.article_id);
      if (!byWorkspace) byArticle.set(row.article_id, (byWorkspace = new Map()));
      const phrasing = { text: row.text, weight: row.weight };
      const phrasings = byWorkspace.get(row.workspace);
      if (phrasings) phrasings.push(phrasing);
      else byWorkspace.set(row.workspace, [phrasing]);
    }
    return byArticle;
  }

  /** How many articles were written after change number `seq` (what `changedSince` would return). */
  countChangedSince(seq: number): number {
    return this.statements.countChangedSince.get(seq)!.n;
  }

  /** The newest change number; an index that has seen it is up to date. */
  lastChange(): number {
    return this.statements.maxSeq.get()!.seq;
  }

  /** Articles that are not archived, in one workspace or in all. */
  count(workspace?: string): number {
    return workspace === undefined ? this.statements.count.get()!.n : this.statements.countIn.get(workspace)!.n;
  }

  /** A free id for a new article, derived from its title. */
  newId(title: string): string {
    const base = slugify(title);
    let id = base;
    for (let n = 2; this.statements.idExists.get(id); n++) id = `${base}-${n}`;
    return id;
  }

  /**
   * Creates the article, or updates it when the id exists in the same workspace. An update
   * that changes nothing is reported as unchanged and writes nothing; any other keeps the
   * previous text as a revision.
   */
  save(input: ValidArticleInput, workspace: string, edit: Edit): { article: Article; outcome: SaveOutcome } {
    return this.db.transaction(() => {
      const now = this.clock.now();
      const id = input.id ?? this.newId(input.title);
      const existing = this.get(id);
      if (existing && existing.workspace !== workspace) {
        throw new LoreError('INVALID_INPUT', `The id ${id} belongs to another workspace; give the article another id.`);
      }
      const values = {
        id,
        workspace,
        title: input.title,
        body: input.body,
        status: input.status,
        // A new article belongs to whoever wrote it in (capture, import) unless it names an owner.
        owner: input.owner ?? existing?.owner ?? (existing ? null : (edit.by ?? null)),
        author: input.author ?? existing?.author ?? null,
        sourceUrl: input.sourceUrl ?? existing?.sourceUrl ?? null,
        reviewDays: input.reviewDays ?? existing?.reviewDays ?? null,
        audience: unique(input.audience ?? existing?.audience ?? []).sort(),
        now,
        seq: this.statements.nextSeq.get()!.seq,
      };
      // A phrasing an author also wrote stays the author's; one the article has already keeps its origin.
      const authorQuestions = unique(input.questions);
      const written = new Set(authorQuestions);
      const taught = [
        ...unique(input.learnedQuestions).map((text) => ({ text, origin: 'learned' as const })),
        ...unique(input.mergedQuestions).map((text) => ({ text, origin: 'merged' as const })),
      ].filter((q) => !written.has(q.text));
      const verification = input.verifiedAt != null && input.verifiedBy ? { at: input.verifiedAt, by: input.verifiedBy } : undefined;
      if (existing && isSame(existing, values, input.tags, authorQuestions) && hasAll(existing, taught) && sameVerification(existing, verification)) {
        return { article: existing, outcome: 'unchanged' as const };
      }

      const row = { ...values, audienceJson: values.audience.length > 0 ? JSON.stringify(values.audience) : null };
      if (existing) this.statements.update.run(row);
      else {
        this.statements.insert.run(row);
        // An id given again after a deletion: the new article's own change replaces the tombstone.
        this.statements.forgetDeletion.run(id);
      }
      this.statements.deleteTags.run(id);
      for (const tag of unique(input.tags)) this.statements.insertTag.run(id, tag);
      this.statements.deleteAuthorQuestions.run(id);
      for (const text of authorQuestions) {
        this.statements.insertQuestion.run({ articleId: id, text, origin: 'author', weight: 1, now, by: edit.by ?? null });
      }
      for (const { text, origin } of taught) this.statements.insertQuestion.run({ articleId: id, text, origin, weight: 1, now, by: edit.by ?? null });
      if (verification) this.statements.verify.run({ id, by: verification.by, now: verification.at });
      this.statements.insertRevision.run({ id, tags: unique(input.tags).join(','), by: edit.by ?? null, now, reason: edit.reason });
      return { article: this.get(id)!, outcome: existing ? ('updated' as const) : ('added' as const) };
    }).immediate();
  }

  /** Publishes, archives or returns an article to draft, keeping a revision. */
  setStatus(id: string, status: ArticleStatus, edit: Edit): Article {
    return this.db.transaction(() => {
      const existing = this.require(id);
      if (existing.status === status) return existing;
      const seq = this.statements.nextSeq.get()!.seq;
      this.statements.setStatus.run({ id, status, now: this.clock.now(), seq });
      this.statements.insertRevision.run({ id, tags: existing.tags.join(','), by: edit.by ?? null, now: this.clock.now(), reason: edit.reason });
      return this.get(id)!;
    }).immediate();
  }

  /** Records that `by` checked the article and found it still right (resets its review clock). */
  verify(id: string, by: string): Article {
    return this.db.transaction(() => {
      this.require(id);
      this.statements.verify.run({ id, by, now: this.clock.now() });
      return this.get(id)!;
    }).immediate();
  }

  /** Gives the article to another owner, keeping a revision that says who handed it over and why. */
  setOwner(id: string, owner: string, edit: Edit): Article {
    return this.db.transaction(() => {
      const existing = this.require(id);
      if (existing.owner === owner) return existing;
      this.statements.setOwner.run({ id, owner, now: this.clock.now(), seq: this.statements.nextSeq.get()!.seq });
      this.statements.insertRevision.run({ id, tags: existing.tags.join(','), by: edit.by ?? null, now: this.clock.now(), reason: edit.reason });
      return this.get(id)!;
    }).immediate();
  }

  /** Sets how many days may pass between reviews of this article; null falls back to its tags, then the default. */
  setReviewDays(id: string, days: number | null): Article {
    return this.db.transaction(() => {
      this.require(id);
      this.statements.setReviewDays.run({ id, days });
      return this.get(id)!;
    }).immediate();
  }

  /** Adds an alternate question (no-op when the article already has it). */
  addQuestion(id: string, text: string, origin: QuestionOrigin, by: string | null, weight = 1, reason?: string): Article {
    return this.db.transaction(() => {
      const existing = this.require(id);
      const result = this.statements.insertQuestion.run({ articleId: id, text, origin, weight, now: this.clock.now(), by });
      if (result.changes === 0) return existing;
      if (reason) {
        // A person's change to the article (a capture merged into it) is a revision like an edit.
        this.statements.bumpRevision.run({ id, now: this.clock.now(), seq: this.statements.nextSeq.get()!.seq });
        this.statements.insertRevision.run({ id, tags: existing.tags.join(','), by, now: this.clock.now(), reason });
      } else {
        this.statements.touch.run({ id, seq: this.statements.nextSeq.get()!.seq });
      }
      return this.get(id)!;
    }).immediate();
  }

  /**
   * Deletes an article with everything that refers to it (tags, questions, revisions, votes),
   * leaving a tombstone that says who deleted it and when, with the change number every
   * index reads the deletion by.
   */
  delete(id: string, edit: Edit): Article {
    return this.db.transaction(() => {
      const existing = this.require(id);
      const seq = this.statements.nextSeq.get()!.seq;
      this.statements.deleteArticle.run(id);
      this.statements.insertDeletion.run({ id, workspace: existing.workspace, title: existing.title, seq, now: this.clock.now(), by: edit.by ?? null });
      return existing;
    }).immediate();
  }

  /** Articles deleted after change number `seq`, oldest deletion first. */
  deletedSince(seq: number): Array<{ id: string; changeSeq: number }> {
    return this.statements.deletedSince.all(seq).map((row) => ({ id: row.article_id, changeSeq: row.change_seq }));
  }

  /** Every article in a workspace (or all), with a tag and in a status when given, by id. */
  list(filter: { workspace?: string; tag?: string; status?: ArticleStatus } = {}): Article[] {
    return this.statements.listIds
      .all({ workspace: filter.workspace ?? null, tag: filter.tag?.toLowerCase() ?? null, status: filter.status ?? null })
      .map((row) => this.get(row.id)!);
  }

  /** Marks an article changed (its questions or weights moved) so every index re-reads it. */
  touch(id: string): void {
    this.statements.touch.run({ id, seq: this.statements.nextSeq.get()!.seq });
  }

  /** Every saved version of an article, oldest first. */
  revisions(id: string) {
    return this.statements.revisions.all(id).map((row) => ({
      revision: row.revision,
      title: row.title,
      body: row.body,
      tags: row.tags ? row.tags.split(',') : [],
      status: row.status as ArticleStatus,
      editedBy: row.edited_by,
      editedAt: row.edited_at,
      reason: row.reason,
    }));
  }

  private require(id: string): Article {
    const article = this.get(id);
    if (!article) throw new LoreError('NOT_FOUND', `No article has the id ${id}; \`lore export\` lists them.`);
    return article;
  }

  private hydrate(row: ArticleRow): Article {
    const tags = this.statements.tagsOf.all(row.id).map((t) => t.tag);
    const questions = this.statements.questionsOf.all(row.id, row.workspace);
    return toArticle(row, tags, questions);
  }
}

function toArticle(row: ArticleRow, tags: string[], questions: AlternateQuestion[]): Article {
  return {
    id: row.id,
    workspace: row.workspace,
    title: row.title,
    body: row.body,
    tags,
    questions,
    status: row.status,
    owner: row.owner,
    author: row.author,
    sourceUrl: row.source_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    verifiedAt: row.verified_at,
    verifiedBy: row.verified_by,
    revision: row.revision,
    reviewDays: row.review_days,
    audience: row.audience ? (JSON.parse(row.audience) as string[]) : [],
  };
}

function isSame(
  existing: Article,
  values: {
    title: string;
    body: string;
    status: ArticleStatus;
    owner: string | null;
    author: string | null;
    sourceUrl: string | null;
    reviewDays: number | null;
    audience: string[];
  },
  tags: string[],
  questions: string[],
): boolean {
  const existingAuthored = existing.questions.filter((q) => q.origin === 'author').map((q) => q.text);
  // A question the article already has as learned or merged stays so on save (see insertQuestion).
  const otherOrigin = new Set(existing.questions.filter((q) => q.origin !== 'author').map((q) => q.text));
  return (
    existing.title === values.title &&
    existing.body === values.body &&
    existing.status === values.status &&
    existing.owner === values.owner &&
    existing.author === values.author &&
    existing.sourceUrl === values.sourceUrl &&
    existing.reviewDays === values.reviewDays &&
    sameList(existing.audience, values.audience) &&
    sameList(existing.tags, unique(tags).sort()) &&
    sameList(existingAuthored, questions.filter((text) => !otherOrigin.has(text)))
  );
}

function hasAll(existing: Article, questions: ReadonlyArray<{ text: string }>): boolean {
  const texts = new Set(existing.questions.map((q) => q.text));
  return questions.every((q) => texts.has(q.text));
}

function sameVerification(existing: Article, verification: { at: number; by: string } | undefined): boolean {
  return !verification || (existing.verifiedAt === verification.at && existing.verifiedBy === verification.by);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function groupBy<Row extends { article_id: string }, T>(rows: Row[], pick: (row: Row) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.article_id);
    if (group) group.push(pick(row));
    else groups.set(row.article_id, [pick(row)]);
  }
  return groups;
}
