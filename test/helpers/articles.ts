import type { RankedArticle } from '../../src/answers/reply';
import { type Article, type ArticleInput, articleInputSchema, type ValidArticleInput } from '../../src/knowledge/article';
import type { Lore } from '../../src/lore';
import { analyzeQuery } from '../../src/search/analyzer';

/**
 * A small base whose articles share few words, so that a question copied from one
 * article's title has an obvious best answer.
 */
export const BASE: readonly ArticleInput[] = [
  {
    id: 'vpn-home',
    title: 'Connect to the VPN from home',
    body: 'Install the GlobalProtect client from the Software Center. Sign in with your work account and pick the nearest gateway. If your password expired, reset it first.',
    tags: ['vpn', 'remote'],
    questions: ['vpn will not connect', 'globalprotect keeps disconnecting'],
  },
  {
    id: 'password-reset',
    title: 'Reset a forgotten password',
    body: 'Go to the password page on the intranet and choose **Forgot password**. You get a code by text message. Pick a new password of at least 14 characters.',
    tags: ['accounts'],
    questions: ['I forgot my password', 'password expired'],
  },
  {
    id: 'printer-add',
    title: 'Add an office printer',
    body: 'Open Settings, choose Printers and add the queue named FollowMe. Print jobs wait until you tap your badge at any printer.',
    tags: ['printing'],
    questions: ['how do I print'],
  },
  {
    id: 'expense-claim',
    title: 'Submit an expense claim',
    body: 'Photograph each receipt in the Expenses app, pick a cost centre and submit the claim before the end of the month. Your manager approves it within five working days.',
    tags: ['finance'],
    questions: ['claim back a taxi fare'],
  },
  {
    id: 'parking-space',
    title: 'Book a parking space',
    body: 'Reserve a bay in the Desk app under Parking. Bays are released at 10:00 if nobody checks in.',
    tags: ['facilities'],
  },
];

/** An article input as the store takes it: validated, defaults filled in. */
export function articleInput(input: ArticleInput): ValidArticleInput {
  return articleInputSchema.parse(input);
}

/** Saves articles into one workspace of an open Lore. */
export function seed(lore: Lore, articles: readonly ArticleInput[] = BASE, workspace = ''): void {
  for (const article of articles) lore.knowledge.save(articleInput(article), workspace, { by: 'test', reason: 'seed' });
}

/** Ids the search index returns for a question asked as `workspace` (order not asserted by callers). */
export function searchIds(lore: Lore, question: string, workspace = ''): string[] {
  return lore.knowledge.index.search(analyzeQuery(question), workspace, 100).map((hit) => hit.id);
}

/** An article as a reply shows it, for rendering tests. */
export function rankedArticle(overrides: Partial<RankedArticle> = {}): RankedArticle {
  return {
    id: 'vpn-home',
    title: 'Connect to the VPN from home',
    score: 0.9,
    snippet: 'Install the GlobalProtect client and sign in.',
    highlights: [{ start: 12, end: 25 }],
    passage: '1. Install the **GlobalProtect** client.\n2. Sign in with your company account.',
    sourceUrl: null,
    owner: null,
    author: null,
    verifiedAt: null,
    verifiedBy: null,
    updatedAt: Date.UTC(2025, 0, 10),
    ...overrides,
  };
}

/** A published article as the store hands it over, for index tests that skip the store. */
export function storedArticle(fields: Pick<Article, 'id' | 'title' | 'body'> & Partial<Article>): Article {
  return {
    workspace: '',
    tags: [],
    questions: [],
    status: 'published',
    owner: null,
    author: null,
    sourceUrl: null,
    createdAt: 0,
    updatedAt: 0,
    verifiedAt: null,
    verifiedBy: null,
    revision: 1,
    reviewDays: null,
    audience: [],
    ...fields,
  };
}
