import { type Article, SHARED_WORKSPACE } from './article';
import type { KnowledgeBase } from './knowledge-base';

/** Who reads, and where: the same rule as answering decides what they may open. */
export interface ArticleReader {
  /** Slack team or Teams tenant workspace; the shared base is `''`. */
  workspace: string;
  /** The channel the article is shown in; restricted articles open only in their audience's channels. */
  channel?: string | null;
}

/** An article as a person reads it whole. */
export interface ArticleReading {
  article: Article;
  /** The whole article as Markdown: its title as a heading, then its body. */
  markdown: string;
}

/**
 * Whether a reader may open an article: a published one from their own workspace or the
 * shared base, and, when it is restricted to some channels, only in one of those; as Lore
 * answers with it. Never in a DM or the CLI for a restricted one.
 */
export function mayRead(article: Article, reader: ArticleReader): boolean {
  if (article.status !== 'published') return false;
  if (article.workspace !== SHARED_WORKSPACE && article.workspace !== reader.workspace) return false;
  return article.audience.length === 0 || (!!reader.channel && article.audience.includes(reader.channel));
}

/**
 * The whole article for a person to read ("Show the whole article", `/show N`, `lore show`),
 * or undefined when there is no such article or the reader may not see it: the two are
 * not told apart, so an id from another workspace reveals nothing.
 */
export function readArticle(knowledge: KnowledgeBase, id: string, reader: ArticleReader): ArticleReading | undefined {
  const article = knowledge.get(id);
  if (!article || !mayRead(article, reader)) return undefined;
  const body = article.body.trim();
  return { article, markdown: body ? `# ${article.title}\n\n${body}\n` : `# ${article.title}\n` };
}
