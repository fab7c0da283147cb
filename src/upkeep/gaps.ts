import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { analyzeQuery } from '../search/analyzer';
import { DAY_MS, dayOf } from './as-of';
import type { Owners } from './owners';
import { isGapWorthy } from './is-gap-worthy';
import { clusterQuestions, DEFAULT_CLUSTER_THRESHOLD } from './question-clusters';

/** The best article for a question and how sure the ranking is; undefined when nothing matches. */
export type NearestArticle = (question: string, workspace: string) => { articleId: string; confidence: number } | undefined;

/** A topic people ask about that the base does not answer; `lore gaps --json` prints these. */
export interface Gap {
  /** The topic's most telling words. */
  topic: string;
  /** How many people asked (a question without a known asker counts as one person). */
  count: number;
  /** Up to five of the questions, newest first. */
  examples: string[];
  /** Who should write the answer: the owner of the nearest article or its tag, else the fallback owner. */
  owner: string | null;
  /** YYYY-MM-DD: a week after the topic was first asked about. */
  due: string;
  workspace: string;
  /** How many times it was asked. */
  asked: number;
  lastAsked: string;
  /** The article closest to the topic (it does not answer it), if any, with the source it is synced from (or null). */
  nearest: { id: string; title: string; source: string | null } | null;
  questionIds: number[];
}

export interface GapsOptions {
  /** Answer with at least this confidence closes a gap question (the answerer's threshold). */
  minConfidence: number;
  threshold?: number;
  /** How far back questions count (default 90 days). */
  windowDays?: number;
  /** Days from a topic's first question to its due date (default 7). */
  dueDays?: number;
}

interface GapRow {
  id: number;
  workspace: string;
  text: string;
  asker: string | null;
  asked_at: number;
  decision: 'answer' | 'abstain';
  top_article_id: string | null;
}

const EXAMPLES = 5;
/** Examples ranked to find a gap's nearest article. */
const NEAREST_PROBES = 5;

/**
 * What people ask that Lore cannot answer: questions it abstained on, and answers that
 * got 👎 with no later 👍, grouped into topics, ranked by how many people asked and how
 * recently. A question closes (for good) once asking it again gets a confident answer
 * from an article written or changed after it was asked, e.g. a capture of its answer.
 */
export class Gaps {
  private readonly statements;
  private readonly windowMs: number;
  private readonly dueMs: number;

  constructor(
    private readonly db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly owners: Owners,
    private readonly clock: Clock,
    private readonly nearest: NearestArticle,
    private readonly options: GapsOptions,
  ) {
    this.windowMs = (options.windowDays ?? 90) * DAY_MS;
    this.dueMs = (options.dueDays ?? 7) * DAY_MS;
    this.statements = {
      sourceOf: db.prepare<[string], { source: string }>('SELECT source FROM source_articles WHERE article_id = ?'),
      open: db.prepare<{ from: number; asOf: number; workspace: string | null }, GapRow>(
        `SELECT q.id, q.workspace, q.text, q.asker, q.asked_at, q.decision, q.top_article_id FROM questions q
         WHERE q.is_eval = 0 AND q.asked_at > @from AND q.asked_at <= @asOf
           AND (@workspace IS NULL OR q.workspace = @workspace)
           AND NOT EXISTS (SELECT 1 FROM gap_closures c WHERE c.question_id = q.id AND c.closed_at <= @asOf)
           AND (q.decision = 'abstain' OR EXISTS (
             SELECT 1 FROM votes d WHERE d.question_id = q.id AND d.value = -1 AND d.article_id = q.top_article_id AND d.updated_at <= @asOf
               AND NOT EXISTS (SELECT 1 FROM votes u WHERE u.question_id = q.id AND u.value = 1
                               AND u.updated_at >= d.updated_at AND u.updated_at <= @asOf)))
         ORDER BY q.asked_at, q.id`,
      ),
      newestChange: db.prepare<{ workspace: string }, { at: number | null }>(
        "SELECT max(updated_at) AS at FROM articles WHERE status = 'published' AND workspace IN (@workspace, '')",
      ),
      downvotedAt: db.prepare<[number], { article_id: string; at: number }>(
        'SELECT article_id, max(updated_at) AS at FROM votes WHERE question_id = ? AND value = -1 GROUP BY article_id',
      ),
      question: db.prepare<[number], { workspace: string; text: string }>('SELECT workspace, text FROM questions WHERE id = ?'),
      close: db.prepare<{ id: number; articleId: string; now: number }>(
        'INSERT OR IGNORE INTO gap_closures (question_id, article_id, closed_at) VALUES (@id, @articleId, @now)',
      ),
    };
  }

  /** Open gaps as of `asOf` (default now), in one workspace or all, most asked first. */
  list(options: { asOf?: number; workspace?: string; limit?: number } = {}): Gap[] {
    const asOf = options.asOf ?? this.clock.now();
    const closed = this.closeAnswered();
    // Kept closures are in the query (as of their day); on a read-only opening, today's are applied here.
    const unkept = this.db.readonly && asOf >= this.clock.now() ? closed : new Set<number>();
    const rows = this.statements.open
      .all({ from: asOf - this.windowMs, asOf, workspace: options.workspace ?? null })
      .filter((row) => !unkept.has(row.id) && isGapWorthy(row.text));
    const byWorkspace = new Map<string, GapRow[]>();
    for (const row of rows) byWorkspace.set(row.workspace, [...(byWorkspace.get(row.workspace) ?? []), row]);
    const tagOwners = this.owners.tagOwners();
    const gaps: Gap[] = [];
    for (const [workspace, questions] of byWorkspace) {
      for (const cluster of clusterQuestions(questions, (q) => q.text, this.options.threshold ?? DEFAULT_CLUSTER_THRESHOLD)) {
        gaps.push(this.describe(workspace, cluster.label, cluster.members, tagOwners));
      }
    }
    gaps.sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked) || b.asked - a.asked || a.topic.localeCompare(b.topic));
    return options.limit === undefined ? gaps : gaps.slice(0, options.limit);
  }

  /**
   * Closes every open gap question that an article now answers: one written or changed
   * after the question was asked (and, for a 👎 answer, after the 👎 or another article).
   * Checked only where an article changed since the question, so it costs nothing when
   * the base stands still. Returns the ids of the questions it closed.
   */
  closeAnswered(): Set<number> {
    const now = this.clock.now();
    const candidates = this.statements.open.all({ from: now - this.windowMs, asOf: now, workspace: null });
    const newest = new Map<string, number>();
    // Opened read-only (a report on a read-only file): the closures are worked out, not kept.
    const keep = !this.db.readonly;
    const closed = new Set<number>();
    for (const question of candidates) {
      if (!newest.has(question.workspace)) newest.set(question.workspace, this.statements.newestChange.get({ workspace: question.workspace })!.at ?? 0);
      if (newest.get(question.workspace)! <= question.asked_at) continue;
      const found = this.nearest(question.text, question.workspace);
      if (!found || found.confidence < this.options.minConfidence) continue;
      const article = this.knowledge.get(found.articleId);
      if (!article || article.updatedAt <= question.asked_at) continue;
      const rejected = this.statements.downvotedAt.all(question.id).find((vote) => vote.article_id === article.id);
      if (rejected && article.updatedAt <= rejected.at) continue;
      if (keep) this.statements.close.run({ id: question.id, articleId: article.id, now });
      closed.add(question.id);
    }
    return closed;
  }

  /**
   * A 👍 on an article for a question closes the open gap questions it answers: that
   * question itself, and those that, asked now (the 👍 taught its phrasing), get that
   * article first with an answer's confidence. Only questions sharing a word with the voted
   * one are asked again. Returns how many closed.
   */
  closeHelped(questionId: number, articleId: string): number {
    const voted = this.statements.question.get(questionId);
    if (!voted) return 0;
    const now = this.clock.now();
    const words = new Set(analyzeQuery(voted.text));
    let closed = 0;
    for (const question of this.statements.open.all({ from: now - this.windowMs, asOf: now, workspace: voted.workspace })) {
      if (question.id !== questionId) {
        if (!analyzeQuery(question.text).some((term) => words.has(term))) continue;
        // Whoever asked it said this article does not answer it: another's 👍 does not overrule them.
        if (this.statements.downvotedAt.all(question.id).some((vote) => vote.article_id === articleId)) continue;
        const found = this.nearest(question.text, question.workspace);
        if (!found || found.articleId !== articleId || found.confidence < this.options.minConfidence) continue;
      }
      closed += this.statements.close.run({ id: question.id, articleId, now }).changes;
    }
    return closed;
  }

  private describe(workspace: string, topic: string, questions: GapRow[], tagOwners: Map<string, string>): Gap {
    const newestFirst = [...questions].sort((a, b) => b.asked_at - a.asked_at || b.id - a.id);
    const examples: string[] = [];
    const seen = new Set<string>();
    for (const q of newestFirst) {
      const key = q.text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      examples.push(q.text);
      if (examples.length === EXAMPLES) break;
    }
    const people = new Set(questions.map((q) => q.asker ?? `#${q.id}`));
    const firstAsked = Math.min(...questions.map((q) => q.asked_at));
    const nearest = this.nearestArticle(workspace, examples.slice(0, NEAREST_PROBES));
    const owner = nearest ? this.owners.ownerOf(nearest, tagOwners) : (this.owners.fallback ?? null);
    return {
      topic: topic || examples[0]!.slice(0, 60),
      count: people.size,
      examples,
      owner,
      due: dayOf(firstAsked + this.dueMs),
      workspace,
      asked: questions.length,
      lastAsked: dayOf(newestFirst[0]!.asked_at),
      nearest: nearest ? { id: nearest.id, title: nearest.title, source: this.sourceOf(nearest.id) } : null,
      questionIds: questions.map((q) => q.id).sort((a, b) => a - b),
    };
  }

  private sourceOf(articleId: string): string | null {
    return this.statements.sourceOf.get(articleId)?.source ?? null;
  }

  /** The article most often ranked first for the gap's examples. */
  private nearestArticle(workspace: string, examples: string[]) {
    const votes = new Map<string, number>();
    for (const example of examples) {
      const found = this.nearest(example, workspace);
      if (found) votes.set(found.articleId, (votes.get(found.articleId) ?? 0) + 1);
    }
    const [best] = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return best ? this.knowledge.get(best[0]) : undefined;
  }
}
