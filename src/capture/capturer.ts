import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { LoreError } from '../errors';
import { type Article, articleInputSchema, type ArticleStatus } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { type CapturePolicy, Editors } from './capture-policy';
import { cleanQuestion } from './clean-question';
import { redactSecrets } from '../privacy/redact-secrets';
import { removePings } from './pings';
import { slackToMarkdown } from './slack-to-markdown';
import { teamsHtmlToMarkdown } from './teams-html-to-markdown';

/** How the captured text is written: as the platform sent it. */
export type CaptureFormat = 'markdown' | 'slack' | 'teams-html';

/**
 * What to do when the question is already answered by an article: `ask` returns the
 * offer without writing (chat shows it), `merge` adds the question to that article,
 * `append` also adds the answer as a new section, `new` makes a new article regardless.
 */
export type DuplicateChoice = 'ask' | 'merge' | 'append' | 'new';

/** An answer someone gave in chat, to keep as an article. */
export interface CaptureRequest {
  workspace: string;
  platform: string;
  /** The question the answer answers (the thread's first message); cleaned, it becomes the title. */
  question: string;
  /** The answer, in `format`. */
  answer: string;
  format?: CaptureFormat;
  /** A title the person edited; used as written instead of the cleaned question. */
  title?: string;
  /** Display names for Slack user ids, so mentions become names. */
  names?: (userId: string) => string | undefined;
  /** The bot's names, removed from the title ("@lore how do I…"). */
  botNames?: readonly string[];
  answerAuthor?: string | null;
  capturedBy?: string | null;
  sourceUrl?: string | null;
  /** When the answer was written (ms). */
  sourceAt?: number | null;
  /** Identifies the captured message, so a repeated submission makes no second article. */
  dedupeKey?: string | null;
  tags?: string[];
  onDuplicate?: DuplicateChoice;
  /** The article to merge into, when the person chose one from an offer. */
  mergeInto?: string;
}

export type CaptureResult =
  | {
      action: 'created' | 'merged' | 'draft';
      article: Article;
      /** True when this capture had been made before and nothing new was written. */
      repeated: boolean;
    }
  | {
      /** The question is already answered: nothing was written; offer merging instead. */
      action: 'duplicate';
      article: Article;
      confidence: number;
      /** The cleaned title and answer, to show in the offer. */
      title: string;
      answer: string;
    };

/** Finds the article that already answers a question, if one does with this confidence. */
export type DuplicateFinder = (question: string, workspace: string) => { articleId: string; confidence: number } | undefined;

export interface CapturerOptions {
  policy?: CapturePolicy;
  editors?: Editors;
  findDuplicate?: DuplicateFinder;
}

const DEFAULT_BOT_NAMES = ['lore'];
const MAX_TITLE = 200;
const MAX_ANSWER = 100_000;
/** The longest article body the store takes (articleInputSchema). */
const MAX_BODY = 200_000;

/**
 * Turns answers given in chat into articles: converts the platform's markup to Markdown
 * (never carrying a ping), titles them from the thread's question, attributes them to
 * their author and source, checks the base for an article that already answers the
 * question, and follows the capture policy (publish at once, or draft for review).
 */
export class Capturer {
  private readonly statements;
  private readonly policy: CapturePolicy;
  private readonly editors: Editors;
  private readonly findDuplicate: DuplicateFinder;

  constructor(
    private readonly db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly clock: Clock,
    options: CapturerOptions = {},
  ) {
    this.policy = options.policy ?? 'publish';
    this.editors = options.editors ?? new Editors();
    this.findDuplicate = options.findDuplicate ?? (() => undefined);
    this.statements = {
      byKey: db.prepare<[string], { article_id: string | null; action: 'created' | 'merged' | 'draft' }>(
        'SELECT article_id, action FROM captures WHERE dedupe_key = ?',
      ),
      insert: db.prepare(`INSERT INTO captures (workspace, article_id, action, question, answer, answer_author, captured_by,
          source_url, source_at, platform, dedupe_key, created_at)
        VALUES (@workspace, @articleId, @action, @question, @answer, @answerAuthor, @capturedBy, @sourceUrl, @sourceAt,
          @platform, @dedupeKey, @now)`),
      drafts: db.prepare<[], { id: string }>("SELECT id FROM articles WHERE status = 'draft' ORDER BY created_at, id"),
      draftsIn: db.prepare<[string], { id: string }>("SELECT id FROM articles WHERE status = 'draft' AND workspace = ? ORDER BY created_at, id"),
    };
  }

  /**
   * Cleans a capture the way it will be saved: for previews (the Slack modal) and the CLI.
   * Unmistakable secrets (tokens, keys, credentials) are redacted; advice about passwords stays.
   */
  clean(request: Pick<CaptureRequest, 'question' | 'answer' | 'format' | 'title' | 'names' | 'botNames'>): { title: string; answer: string } {
    const question = toMarkdown(request.question, request.format ?? 'markdown', request.names);
    const title = request.title?.trim() ? removePings(request.title).replace(/\s+/g, ' ').trim() : cleanQuestion(question, request.botNames ?? DEFAULT_BOT_NAMES);
    const answer = redactSecrets(toMarkdown(request.answer, request.format ?? 'markdown', request.names), { phrases: false });
    return { title: redactSecrets(title, { phrases: false }).slice(0, MAX_TITLE).trim(), answer };
  }

  capture(request: CaptureRequest): CaptureResult {
    const { title, answer } = this.clean(request);
    if (!title) throw new LoreError('INVALID_INPUT', 'The capture has no question; write the question this answer answers.');
    if (!answer) throw new LoreError('INVALID_INPUT', 'The capture has no answer; choose a message with text in it.');
    if (answer.length > MAX_ANSWER) {
      throw new LoreError('INVALID_INPUT', `The answer is ${answer.length} characters; an article holds at most ${MAX_ANSWER}. Capture a shorter message.`);
    }
    // Checked before anything is written: a merge never reaches the article schema, yet an append links the source.
    checkSourceUrl(request.sourceUrl);

    if (request.dedupeKey) {
      const earlier = this.statements.byKey.get(request.dedupeKey);
      const article = earlier?.article_id ? this.knowledge.get(earlier.article_id) : undefined;
      if (earlier && article) return { action: earlier.action, article, repeated: true };
    }
    const drafting = this.policy === 'review' && !this.editors.includes(request.capturedBy, request.platform);
    const choice = request.onDuplicate ?? 'ask';
    const target = this.duplicateOf(request, title, choice);
    if (target && choice === 'ask' && !request.mergeInto) {
      return { action: 'duplicate', article: target.article, confidence: target.confidence, title, answer };
    }

    return this.knowledge.batch((): CaptureResult => {
      if (target && !drafting) {
        const article = this.merge(target.article, title, answer, request, choice === 'append');
        this.record(request, title, answer, article.id, 'merged');
        return { action: 'merged', article, repeated: false };
      }
      const status: ArticleStatus = drafting ? 'draft' : 'published';
      const article = this.create(title, answer, request, status);
      this.record(request, title, answer, article.id, drafting ? 'draft' : 'created');
      return { action: drafting ? 'draft' : 'created', article, repeated: false };
    });
  }

  /** Drafts waiting for an editor, oldest first. */
  drafts(workspace?: string): Article[] {
    const rows = workspace === undefined ? this.statements.drafts.all() : this.statements.draftsIn.all(workspace);
    return rows.map((row) => this.knowledge.get(row.id)!);
  }

  /** Publishes a draft; editors only. */
  publish(id: string, by: string | null, platform: string): Article {
    return this.review(id, by, platform, 'published', 'publish');
  }

  /** Discards a draft (archived, so its text stays in the history); editors only. */
  discard(id: string, by: string | null, platform: string): Article {
    return this.review(id, by, platform, 'archived', 'discard');
  }

  private review(id: string, by: string | null, platform: string, status: ArticleStatus, reason: string): Article {
    if (!this.editors.includes(by, platform)) {
      throw new LoreError('INVALID_INPUT', `Only editors can ${reason} drafts; ask an editor (LORE_EDITORS lists them).`);
    }
    const article = this.knowledge.get(id);
    if (!article) throw new LoreError('NOT_FOUND', `No article has the id ${id}; \`lore drafts\` lists the drafts.`);
    if (article.status !== 'draft') throw new LoreError('INVALID_INPUT', `${id} is not a draft (it is ${article.status}).`);
    return this.knowledge.setStatus(id, status, { by, reason });
  }

  private duplicateOf(request: CaptureRequest, title: string, choice: DuplicateChoice): { article: Article; confidence: number } | undefined {
    if (request.mergeInto) {
      const article = this.knowledge.get(request.mergeInto);
      if (!article || article.workspace !== request.workspace && article.workspace !== '') {
        throw new LoreError('NOT_FOUND', `No article ${request.mergeInto} to merge into in this workspace.`);
      }
      if (article.status === 'archived') {
        throw new LoreError('INVALID_INPUT', `${article.id} was discarded (archived), so nobody would find the capture there; capture it as a new article instead.`);
      }
      return { article, confidence: 1 };
    }
    if (choice === 'new') return undefined;
    const found = this.findDuplicate(title, request.workspace);
    const article = found && this.knowledge.get(found.articleId);
    return article && article.status === 'published' ? { article, confidence: found.confidence } : undefined;
  }

  private create(title: string, answer: string, request: CaptureRequest, status: ArticleStatus): Article {
    const input = parseInput({
      title,
      body: answer,
      tags: request.tags ?? [],
      status,
      owner: request.capturedBy ?? request.answerAuthor ?? undefined,
      author: request.answerAuthor ?? undefined,
      sourceUrl: request.sourceUrl ?? undefined,
    });
    return this.knowledge.save(input, request.workspace, { by: request.capturedBy ?? null, reason: 'capture' }).article;
  }

  /** Adds the question to the article, and with `append` the answer as a new section. */
  private merge(article: Article, title: string, answer: string, request: CaptureRequest, append: boolean): Article {
    // One change, one revision: appending records it; a merged question alone records its own.
    let merged = this.knowledge.addQuestion(article.id, title, 'merged', request.capturedBy ?? null, append ? undefined : 'capture: question merged');
    if (append && !article.body.includes(answer)) {
      const credit = request.answerAuthor ? `\n\n_Answer by ${request.answerAuthor}${request.sourceUrl ? ` ([source](${request.sourceUrl}))` : ''}._` : '';
      const body = `${merged.body.trimEnd()}\n\n## ${title}\n\n${answer}${credit}`;
      if (body.length > MAX_BODY) {
        throw new LoreError(
          'INVALID_INPUT',
          `Appending this answer would make ${article.id} ${body.length} characters long; an article holds at most ${MAX_BODY}. Merge only the question, or capture the answer as a new article.`,
        );
      }
      const input = parseInput({
        ...merged,
        body,
        questions: merged.questions.filter((q) => q.origin === 'author').map((q) => q.text),
      });
      merged = this.knowledge.save(input, merged.workspace, { by: request.capturedBy ?? null, reason: 'capture: answer appended' }).article;
    }
    return merged;
  }

  private record(request: CaptureRequest, title: string, answer: string, articleId: string, action: 'created' | 'merged' | 'draft'): void {
    this.statements.insert.run({
      workspace: request.workspace,
      articleId,
      action,
      question: title,
      answer,
      answerAuthor: request.answerAuthor ?? null,
      capturedBy: request.capturedBy ?? null,
      sourceUrl: request.sourceUrl ?? null,
      sourceAt: request.sourceAt ?? null,
      platform: request.platform,
      dedupeKey: request.dedupeKey ?? null,
      now: this.clock.now(),
    });
  }
}

/** Validates an article input, as a LoreError that names each problem (never a bare ZodError). */
function parseInput(input: Record<string, unknown>) {
  const parsed = articleInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'capture'}: ${issue.message}`).join('; ');
    throw new LoreError('INVALID_INPUT', `The capture cannot be saved (${problems}).`);
  }
  return parsed.data;
}

/** A capture's source is the web link of the message it came from: absolute http(s), or none. */
function checkSourceUrl(url: string | null | undefined): void {
  if (url === null || url === undefined) return;
  const protocol = URL.canParse(url) ? new URL(url).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') {
    const shown = url.length > 100 ? `${url.slice(0, 100)}…` : url;
    throw new LoreError('INVALID_INPUT', `The source ${JSON.stringify(shown)} is not a web link; give the message's absolute http(s) address, or no source.`);
  }
}

function toMarkdown(text: string, format: CaptureFormat, names?: (userId: string) => string | undefined): string {
  if (format === 'slack') return slackToMarkdown(text, names ?? (() => undefined)).trim();
  if (format === 'teams-html') return teamsHtmlToMarkdown(text).trim();
  return removePings(text).trim();
}
