import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { LoreError } from '../errors';
import { type Article, articleInputSchema } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';

/** An answer someone gave in chat, to keep as an article. */
export interface CaptureRequest {
  workspace: string;
  platform: string;
  /** The question the answer answers; it becomes the title. */
  question: string;
  /** The answer, as Markdown. */
  answer: string;
  answerAuthor?: string | null;
  capturedBy?: string | null;
  sourceUrl?: string | null;
  /** When the answer was written (ms). */
  sourceAt?: number | null;
  /** Identifies the captured message, so a repeated submission makes no second article. */
  dedupeKey?: string | null;
  tags?: string[];
}

export interface CaptureResult {
  action: 'created' | 'merged' | 'draft';
  article: Article;
  /** True when this capture had been made before and nothing new was written. */
  repeated: boolean;
}

/** Turns answers given in chat into articles, attributed to their author and linked to their source. */
export class Capturer {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly clock: Clock,
  ) {
    this.statements = {
      byKey: db.prepare<[string], { article_id: string | null; action: CaptureResult['action'] }>(
        'SELECT article_id, action FROM captures WHERE dedupe_key = ?',
      ),
      insert: db.prepare(`INSERT INTO captures (workspace, article_id, action, question, answer, answer_author, captured_by,
          source_url, source_at, platform, dedupe_key, created_at)
        VALUES (@workspace, @articleId, @action, @question, @answer, @answerAuthor, @capturedBy, @sourceUrl, @sourceAt,
          @platform, @dedupeKey, @now)`),
    };
  }

  capture(request: CaptureRequest): CaptureResult {
    const question = request.question.replace(/\s+/g, ' ').trim();
    const answer = request.answer.trim();
    if (!question) throw new LoreError('INVALID_INPUT', 'The capture has no question; write the question this answer answers.');
    if (!answer) throw new LoreError('INVALID_INPUT', 'The capture has no answer; choose a message with text in it.');

    return this.knowledge.batch((): CaptureResult => {
      if (request.dedupeKey) {
        const earlier = this.statements.byKey.get(request.dedupeKey);
        const article = earlier?.article_id ? this.knowledge.get(earlier.article_id) : undefined;
        if (earlier && article) return { action: earlier.action, article, repeated: true };
      }
      const parsed = articleInputSchema.safeParse({
        title: question.slice(0, 300),
        body: answer,
        questions: question.length > 300 ? [question.slice(0, 1000)] : [],
        tags: request.tags ?? [],
        status: 'published',
        owner: request.capturedBy ?? request.answerAuthor ?? undefined,
        author: request.answerAuthor ?? undefined,
        sourceUrl: request.sourceUrl ?? undefined,
      });
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'capture'}: ${issue.message}`).join('; ');
        throw new LoreError('INVALID_INPUT', `The capture cannot be saved (${problems}).`);
      }
      const { article } = this.knowledge.save(parsed.data, request.workspace, { by: request.capturedBy ?? null, reason: 'capture' });
      this.statements.insert.run({
        workspace: request.workspace,
        articleId: article.id,
        action: 'created',
        question,
        answer,
        answerAuthor: request.answerAuthor ?? null,
        capturedBy: request.capturedBy ?? null,
        sourceUrl: request.sourceUrl ?? null,
        sourceAt: request.sourceAt ?? null,
        platform: request.platform,
        dedupeKey: request.dedupeKey ?? null,
        now: this.clock.now(),
      });
      return { action: 'created', article, repeated: false };
    });
  }
}
