import type { Article } from '../article';

/** The fields an export carries, exactly those an import reads back. */
export interface PortableArticle {
  id: string;
  title: string;
  body: string;
  /** The phrasings authors wrote. */
  questions: string[];
  tags: string[];
  status: Article['status'];
  owner?: string;
  author?: string;
  sourceUrl?: string;
  /** The channels the article is restricted to, when it is. */
  audience?: string[];
  /** The article's own review interval, when it has one. */
  reviewDays?: number;
  /** ISO 8601: when the article was last verified, and by whom. */
  verifiedAt?: string;
  verifiedBy?: string;
  /** Phrasings learned from 👍, and merged from captures: they come back with that origin. */
  learnedQuestions?: string[];
  mergedQuestions?: string[];
}

export function toPortable(article: Article): PortableArticle {
  const phrasings = (origin: string) => article.questions.filter((q) => q.origin === origin).map((q) => q.text);
  const learned = phrasings('learned');
  const merged = phrasings('merged');
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    questions: phrasings('author'),
    tags: article.tags,
    status: article.status,
    ...(article.owner ? { owner: article.owner } : {}),
    ...(article.author ? { author: article.author } : {}),
    ...(article.sourceUrl ? { sourceUrl: article.sourceUrl } : {}),
    ...(article.audience.length > 0 ? { audience: article.audience } : {}),
    ...(article.reviewDays !== null ? { reviewDays: article.reviewDays } : {}),
    ...(article.verifiedAt !== null && article.verifiedBy ? { verifiedAt: new Date(article.verifiedAt).toISOString(), verifiedBy: article.verifiedBy } : {}),
    ...(learned.length > 0 ? { learnedQuestions: learned } : {}),
    ...(merged.length > 0 ? { mergedQuestions: merged } : {}),
  };
}
