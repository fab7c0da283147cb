import { DEFAULT_MIN_CONFIDENCE } from '../answers/answerer';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { dayOf } from './as-of';
import { type Gap, Gaps, type NearestArticle } from './gaps';
import { type ArticleFilter, type ListedArticle, listArticles } from './list-articles';
import { Notices } from './notices';
import { Owners } from './owners';
import { DEFAULT_REVIEW_DAYS, type FailingArticle, Reviews, type StaleArticle } from './reviews';
import { readTrends, type Trends } from './trends';
import { readUsage, type Usage } from './usage';
import { WEEK_MS, weekStart } from './as-of';

export interface UpkeepOptions {
  /** Finds the best article for a question (the ranking), for gaps' owners and closing them. */
  nearest: NearestArticle;
  /** Who owns what nobody else does (LORE_FALLBACK_OWNER). */
  fallbackOwner?: string;
  /** Days between reviews unless an article or its tags say otherwise (default 90). */
  reviewDays?: number;
  /** Confidence from which an answer counts as answering a gap's question (default: the answerer's). */
  minConfidence?: number;
}

/** One owner's queue: what is waiting for them. */
export interface OwnerQueue {
  owner: string;
  stale: StaleArticle[];
  failing: FailingArticle[];
  gaps: Gap[];
}

/** Everything `lore report` shows; each part is what the matching `--json` command prints. */
export interface UpkeepReport {
  asOf: string;
  /** null: every workspace. */
  workspace: string | null;
  review: { stale: StaleArticle[]; failing: FailingArticle[] };
  gaps: Gap[];
  trends: Trends;
  owners: Array<{ owner: string; stale: number; failing: number; gaps: number }>;
  /** Over the weeks the trends show: the articles most answered with and most voted down, and questions by platform and channel. */
  usage: Usage;
}

/** What a weekly digest carries: each owner's queue, and for the help-desk channel the top gaps and the week's trends. */
export interface Digest {
  asOf: string;
  owners: OwnerQueue[];
  helpDesk: { gaps: Gap[]; lastWeek: Trends['weeks'][number] | undefined; rising: Trends['rising'] };
}

/** Weeks the report's trends (and its usage figures) cover: readTrends' default. */
const REPORT_WEEKS = 8;

/** Someone owner-less in a queue is shown under this name. */
export const NOBODY = '(nobody)';

/**
 * Keeping the base right, wired: owners and reviews, failing articles, gaps, trends and
 * correction notices over one database. Every listing can be asked for as of an instant.
 */
export class Upkeep {
  readonly owners: Owners;
  readonly reviews: Reviews;
  readonly gaps: Gaps;
  readonly notices: Notices;

  constructor(
    private readonly db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly clock: Clock,
    options: UpkeepOptions,
  ) {
    this.owners = new Owners(db, knowledge, clock, options.fallbackOwner);
    this.reviews = new Reviews(db, knowledge, this.owners, clock, options.reviewDays ?? DEFAULT_REVIEW_DAYS);
    this.gaps = new Gaps(db, knowledge, this.owners, clock, options.nearest, { minConfidence: options.minConfidence ?? DEFAULT_MIN_CONFIDENCE });
    this.notices = new Notices(db, clock, () => this.reviews.failingIds());
  }

  /** The articles `lore list` shows: by workspace, tag, status, current owner, due for review or failing. */
  list(filter: ArticleFilter = {}): ListedArticle[] {
    return listArticles(this.knowledge.articles, this.owners, this.reviews, filter);
  }

  /** Volume, answer rate and helpfulness by week and tag, and rising topics, as of `asOf` (default now). */
  trends(options: { asOf?: number; workspace?: string; weeks?: number } = {}): Trends {
    return readTrends(this.db, { ...options, asOf: options.asOf ?? this.clock.now() });
  }

  /** Everything a help-desk lead looks at, as of `asOf`: the figures `lore report` draws. */
  report(options: { asOf?: number; workspace?: string } = {}): UpkeepReport {
    const asOf = options.asOf ?? this.clock.now();
    const scope = { asOf, workspace: options.workspace };
    const review = { stale: this.reviews.stale(scope), failing: this.reviews.failing(scope) };
    const gaps = this.gaps.list(scope);
    const queues = queuesOf(review.stale, review.failing, gaps);
    return {
      asOf: dayOf(asOf),
      workspace: options.workspace ?? null,
      review,
      gaps,
      trends: this.trends(scope),
      owners: queues.map((q) => ({ owner: q.owner, stale: q.stale.length, failing: q.failing.length, gaps: q.gaps.length })),
      usage: readUsage(this.db, { from: weekStart(asOf) - (REPORT_WEEKS - 1) * WEEK_MS, asOf, workspace: options.workspace }),
    };
  }

  /** The weekly digest's content; adapters decide when to send it and how to render it. */
  digest(options: { asOf?: number; workspace?: string; gaps?: number } = {}): Digest {
    const report = this.report(options);
    return {
      asOf: report.asOf,
      owners: queuesOf(report.review.stale, report.review.failing, report.gaps).filter((q) => q.owner !== NOBODY),
      helpDesk: { gaps: report.gaps.slice(0, options.gaps ?? 5), lastWeek: report.trends.weeks.at(-1), rising: report.trends.rising },
    };
  }
}

/** Each owner's stale and failing articles and gaps, busiest owner first. */
function queuesOf(stale: StaleArticle[], failing: FailingArticle[], gaps: Gap[]): OwnerQueue[] {
  const queues = new Map<string, OwnerQueue>();
  const queueOf = (owner: string | null) => {
    const name = owner ?? NOBODY;
    let queue = queues.get(name);
    if (!queue) queues.set(name, (queue = { owner: name, stale: [], failing: [], gaps: [] }));
    return queue;
  };
  for (const article of stale) queueOf(article.owner).stale.push(article);
  for (const article of failing) queueOf(article.owner).failing.push(article);
  for (const gap of gaps) queueOf(gap.owner).gaps.push(gap);
  const size = (q: OwnerQueue) => q.stale.length + q.failing.length + q.gaps.length;
  return [...queues.values()].sort((a, b) => size(b) - size(a) || a.owner.localeCompare(b.owner));
}
