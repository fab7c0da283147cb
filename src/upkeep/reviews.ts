import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { LoreError } from '../errors';
import type { Article } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { DAY_MS, dayOf } from './as-of';
import { isFailing, unhelpfulBound } from './failing-rule';
import type { Owners } from './owners';

/** Days between reviews of an article when neither it nor its tags say otherwise. */
export const DEFAULT_REVIEW_DAYS = 90;

/** A published article whose review is overdue; `lore review --json` prints these under `stale`. */
export interface StaleArticle {
  id: string;
  title: string;
  owner: string | null;
  workspace: string;
  reviewDays: number;
  /** When it was last verified, else created (YYYY-MM-DD). */
  lastVerified: string;
  verifiedBy: string | null;
  /** When the review fell due (YYYY-MM-DD). */
  due: string;
  overdueDays: number;
  /** The source it is synced from (`lore sources`), or null when it was written in Lore. */
  source: string | null;
  /** Where it lives outside Lore (the page it was synced or imported from), if anywhere. */
  sourceUrl: string | null;
}

/** A published article people's votes say does not help; `lore review --json` prints these under `failing`. */
export interface FailingArticle {
  id: string;
  title: string;
  owner: string | null;
  workspace: string;
  up: number;
  down: number;
  /** 95% lower bound on the share of people who found it unhelpful (above 0.5: failing). */
  lowerBound: number;
  /** The source it is synced from, or null; fix it there, or the next sync brings the old text back. */
  source: string | null;
  sourceUrl: string | null;
}

interface ArticleRow {
  id: string;
  workspace: string;
  title: string;
  owner: string | null;
  created_at: number;
  verified_at: number | null;
  verified_by: string | null;
  review_days: number | null;
  source: string | null;
  source_url: string | null;
}

/**
 * When articles are due for review and which ones fail the people they reach. An
 * article's review interval is its own, else the shortest of its tags', else the
 * default; the clock restarts when an owner verifies it. Both lists can be asked for
 * as of any instant, so a report can be made for any day.
 */
export class Reviews {
  private readonly statements;

  constructor(
    db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly owners: Owners,
    private readonly clock: Clock,
    private readonly defaultDays = DEFAULT_REVIEW_DAYS,
  ) {
    this.statements = {
      published: db.prepare<{ asOf: number; workspace: string | null }, ArticleRow>(
        `SELECT a.id, a.workspace, a.title, a.owner, a.created_at, a.verified_at, a.verified_by, a.review_days, l.source, a.source_url
         FROM articles a LEFT JOIN source_articles l ON l.article_id = a.id
         WHERE a.status = 'published' AND a.created_at <= @asOf AND (@workspace IS NULL OR a.workspace = @workspace) ORDER BY a.id`,
      ),
      tags: db.prepare<[], { article_id: string; tag: string }>('SELECT article_id, tag FROM article_tags ORDER BY tag'),
      tagDays: db.prepare<[], { workspace: string; tag: string; review_days: number }>(
        'SELECT workspace, tag, review_days FROM tag_settings WHERE review_days IS NOT NULL',
      ),
      setTagDays: db.prepare<{ workspace: string; tag: string; days: number | null }>(
        `INSERT INTO tag_settings (workspace, tag, review_days) VALUES (@workspace, @tag, @days)
         ON CONFLICT (workspace, tag) DO UPDATE SET review_days = excluded.review_days`,
      ),
      // One vote per person per article (their latest as of the instant), as VoteBook counts them.
      tallies: db.prepare<{ asOf: number }, { article_id: string; up: number; down: number }>(
        `SELECT article_id, sum(value = 1) AS up, sum(value = -1) AS down FROM (
           SELECT v.article_id, v.value, row_number() OVER (PARTITION BY v.article_id, v.voter ORDER BY v.updated_at DESC, v.id DESC) AS latest
           FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.is_eval = 0 AND v.updated_at <= @asOf)
         WHERE latest = 1 GROUP BY article_id`,
      ),
    };
  }

  /** Published articles whose review is due at `asOf` (default now), most overdue first. */
  stale(options: { asOf?: number; workspace?: string } = {}): StaleArticle[] {
    const asOf = options.asOf ?? this.clock.now();
    const tags = this.tagsByArticle();
    const tagDays = this.tagDays();
    const tagOwners = this.owners.tagOwners();
    const stale: StaleArticle[] = [];
    for (const row of this.statements.published.all({ asOf, workspace: options.workspace ?? null })) {
      const articleTags = tags.get(row.id) ?? [];
      const reviewDays = row.review_days ?? this.daysFromTags(row.workspace, articleTags, tagDays) ?? this.defaultDays;
      // A verification after `asOf` had not happened yet on that day.
      const verified = row.verified_at !== null && row.verified_at <= asOf;
      const since = verified ? row.verified_at! : row.created_at;
      const due = since + reviewDays * DAY_MS;
      if (due > asOf) continue;
      stale.push({
        id: row.id,
        title: row.title,
        owner: this.owners.ownerOf({ owner: row.owner, workspace: row.workspace, tags: articleTags }, tagOwners),
        workspace: row.workspace,
        reviewDays,
        lastVerified: dayOf(since),
        verifiedBy: verified ? row.verified_by : null,
        due: dayOf(due),
        overdueDays: Math.floor((asOf - due) / DAY_MS),
        source: row.source,
        sourceUrl: row.source_url,
      });
    }
    return stale.sort((a, b) => b.overdueDays - a.overdueDays || a.id.localeCompare(b.id));
  }

  /** Published articles failing at `asOf` (see isFailing), surest first. */
  failing(options: { asOf?: number; workspace?: string } = {}): FailingArticle[] {
    const asOf = options.asOf ?? this.clock.now();
    const tags = this.tagsByArticle();
    const tagOwners = this.owners.tagOwners();
    const articles = new Map(this.statements.published.all({ asOf, workspace: options.workspace ?? null }).map((row) => [row.id, row]));
    const failing: FailingArticle[] = [];
    for (const tally of this.statements.tallies.all({ asOf })) {
      const row = articles.get(tally.article_id);
      if (!row || !isFailing(tally)) continue;
      failing.push({
        id: row.id,
        title: row.title,
        owner: this.owners.ownerOf({ owner: row.owner, workspace: row.workspace, tags: tags.get(row.id) ?? [] }, tagOwners),
        workspace: row.workspace,
        up: tally.up,
        down: tally.down,
        lowerBound: Math.round(unhelpfulBound(tally) * 1000) / 1000,
        source: row.source,
        sourceUrl: row.source_url,
      });
    }
    return failing.sort((a, b) => b.lowerBound - a.lowerBound || a.id.localeCompare(b.id));
  }

  /** Ids of every article failing now (published or not), for correction notices. */
  failingIds(): Set<string> {
    return new Set(this.statements.tallies.all({ asOf: this.clock.now() }).filter(isFailing).map((t) => t.article_id));
  }

  /** The owner (or anyone) checked the article and it is still right: its review clock restarts. */
  verify(id: string, by: string): Article {
    if (!by.trim()) throw new LoreError('INVALID_INPUT', 'Say who verified the article (--by PERSON).');
    return this.knowledge.articles.verify(id, by.trim());
  }

  /** Sets an article's own review interval; null returns it to its tags' or the default. */
  setArticleDays(id: string, days: number | null): Article {
    return this.knowledge.articles.setReviewDays(id, checkDays(days));
  }

  /** Sets the review interval of every article with the tag (in one workspace, `''` for the shared base). */
  setTagDays(workspace: string, tag: string, days: number | null): void {
    this.statements.setTagDays.run({ workspace, tag: tag.trim().toLowerCase(), days: checkDays(days) });
  }

  private daysFromTags(workspace: string, tags: readonly string[], tagDays: Map<string, number>): number | undefined {
    // The strictest tag wins: an article tagged both "security" (30) and "vpn" (90) is reviewed every 30 days.
    let days: number | undefined;
    for (const tag of tags) {
      const value = tagDays.get(`${workspace}\u0000${tag}`) ?? tagDays.get(`\u0000${tag}`);
      if (value !== undefined && (days === undefined || value < days)) days = value;
    }
    return days;
  }

  private tagsByArticle(): Map<string, string[]> {
    const tags = new Map<string, string[]>();
    for (const row of this.statements.tags.all()) {
      const list = tags.get(row.article_id);
      if (list) list.push(row.tag);
      else tags.set(row.article_id, [row.tag]);
    }
    return tags;
  }

  private tagDays(): Map<string, number> {
    return new Map(this.statements.tagDays.all().map((row) => [`${row.workspace}\u0000${row.tag}`, row.review_days]));
  }
}

function checkDays(days: number | null): number | null {
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) {
    throw new LoreError('INVALID_INPUT', `A review interval is a whole number of days from 1 to 3650, not ${days}.`);
  }
  return days;
}
