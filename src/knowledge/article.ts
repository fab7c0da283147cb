import { z } from 'zod';

export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** The workspace of the shared default base, which every workspace reads. */
export const SHARED_WORKSPACE = '';

/** How an alternate question came to be: written by an author, learned from votes, merged from a capture. */
export type QuestionOrigin = 'author' | 'learned' | 'merged';

export interface AlternateQuestion {
  text: string;
  origin: QuestionOrigin;
  weight: number;
}

/** An article as stored. Times are milliseconds since the epoch. */
export interface Article {
  id: string;
  workspace: string;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
  questions: AlternateQuestion[];
  status: ArticleStatus;
  owner: string | null;
  author: string | null;
  sourceUrl: string | null;
  createdAt: number;
  updatedAt: number;
  verifiedAt: number | null;
  verifiedBy: string | null;
  revision: number;
  /** Days between reviews; null: the article's tags decide, else the default (90). */
  reviewDays: number | null;
  /** The channels where Lore may answer with it (HR-only, IT-internal); empty: everywhere in its workspace. */
  audience: string[];
}

const ARTICLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const trimmed = (max: number) => z.string().trim().min(1).max(max);

/**
 * An article as it comes in from an import, a capture or an edit: validated once here,
 * trusted after. Missing optional fields keep their stored values on update.
 */
export const articleInputSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(ARTICLE_ID, 'an id is 1-128 letters, digits, dots, colons, underscores or hyphens, starting with a letter or digit')
    .optional(),
  title: trimmed(300),
  body: z.string().max(200_000).default(''),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(64)).max(32).default([]),
  questions: z.array(z.string().trim().min(1).max(1000)).max(2000).default([]),
  status: z.enum(ARTICLE_STATUSES).default('published'),
  owner: trimmed(200).nullish(),
  author: trimmed(200).nullish(),
  sourceUrl: z.url({ message: 'a source URL must be an absolute URL' }).max(2000).nullish(),
  reviewDays: z.number().int().min(1).max(3650).nullish(),
  /** Channel ids the article is restricted to; `[]` lifts a restriction, leaving it out keeps the current one. */
  audience: z.array(z.string().trim().min(1).max(200)).max(100).nullish(),
  /** When and by whom the article was last checked (an export carries them); left out, they stay as stored. */
  verifiedAt: z
    .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform(Date.parse), z.iso.date().transform(Date.parse)], {
      message: 'a verification time is an ISO 8601 date, e.g. 2025-01-31T09:00:00Z',
    })
    .nullish(),
  verifiedBy: trimmed(200).nullish(),
  /** Phrasings learned from 👍 and merged from captures (an export carries them): added with that origin, never removed. */
  learnedQuestions: z.array(z.string().trim().min(1).max(1000)).max(2000).default([]),
  mergedQuestions: z.array(z.string().trim().min(1).max(1000)).max(2000).default([]),
});

export type ArticleInput = z.input<typeof articleInputSchema>;
export type ValidArticleInput = z.output<typeof articleInputSchema>;

/** Makes an id from a title: readable in links and CLI output. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'article';
}
