import type { Article } from '../article';

/** The fields an export carries, exactly those an import reads back. */
export interface PortableArticle {
  id: string;
  title: string;
  body: string;
  questions: string[];
  tags: string[];
  status: Article['status'];
  owner?: string;
  author?: string;
  sourceUrl?: string;
  /** The channels the article is restricted to, when it is. */
  audience?: string[];
}

export function toPortable(article: Article): PortableArticle {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    questions: article.questions.map((q) => q.text),
    tags: article.tags,
    status: article.status,
    ...(article.owner ? { owner: article.owner } : {}),
    ...(article.author ? { author: article.author } : {}),
    ...(article.sourceUrl ? { sourceUrl: article.sourceUrl } : {}),
    ...(article.audience.length > 0 ? { audience: article.audience } : {}),
  };
}
