import type { ArticleStatus } from '../knowledge/article';
import type { ArticleStore } from '../knowledge/article-store';
import type { Owners } from './owners';
import type { Reviews } from './reviews';

/** What `lore list` may narrow the articles to; every filter given must hold. */
export interface ArticleFilter {
  workspace?: string;
  tag?: string;
  /** Who owns the article now (its own owner, else its tag's, else the fallback owner). */
  owner?: string;
  status?: ArticleStatus;
  /** Only articles whose review is due. */
  stale?: boolean;
  /** Only articles that votes say are failing. */
  failing?: boolean;
}

/** One line of `lore list`, as `--json` prints it. */
export interface ListedArticle {
  id: string;
  title: string;
  tags: string[];
  owner: string | null;
  status: ArticleStatus;
  /** ISO 8601. */
  updatedAt: string;
  workspace: string;
}

/** The articles a lead asked for, by id, with who owns each now. */
export function listArticles(store: ArticleStore, owners: Owners, reviews: Reviews, filter: ArticleFilter = {}): ListedArticle[] {
  const scope = { workspace: filter.workspace };
  const stale = filter.stale ? new Set(reviews.stale(scope).map((a) => a.id)) : undefined;
  const failing = filter.failing ? new Set(reviews.failing(scope).map((a) => a.id)) : undefined;
  const tagOwners = owners.tagOwners();
  const listed: ListedArticle[] = [];
  for (const article of store.list({ workspace: filter.workspace, tag: filter.tag, status: filter.status })) {
    if (stale && !stale.has(article.id)) continue;
    if (failing && !failing.has(article.id)) continue;
    const owner = owners.ownerOf(article, tagOwners);
    if (filter.owner !== undefined && owner !== filter.owner) continue;
    listed.push({
      id: article.id,
      title: article.title,
      tags: article.tags,
      owner,
      status: article.status,
      updatedAt: new Date(article.updatedAt).toISOString(),
      workspace: article.workspace,
    });
  }
  return listed;
}
