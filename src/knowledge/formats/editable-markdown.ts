import { stringify as stringifyYaml } from 'yaml';
import { LoreError } from '../../errors';
import { type Article, articleInputSchema, type ValidArticleInput } from '../article';
import { readMarkdownArticle } from './markdown-format';

/**
 * An article as `lore edit` opens it: front matter with every field a person may change
 * (the same names an import reads) and the body below. Phrasings learned from votes or
 * merged from captures are listed as comments: they stay the article's whatever the edit.
 */
export function writeEditableMarkdown(article: Article): string {
  const meta = {
    id: article.id,
    title: article.title,
    tags: article.tags,
    questions: article.questions.filter((q) => q.origin === 'author').map((q) => q.text),
    status: article.status,
    ...(article.owner ? { owner: article.owner } : {}),
    ...(article.author ? { author: article.author } : {}),
    ...(article.sourceUrl ? { source: article.sourceUrl } : {}),
    ...(article.reviewDays !== null ? { reviewDays: article.reviewDays } : {}),
    ...(article.audience.length > 0 ? { audience: article.audience } : {}),
  };
  const kept = article.questions.filter((q) => q.origin !== 'author').map((q) => `# kept (${q.origin}): ${q.text.replace(/\s+/g, ' ')}\n`);
  return `---\n${stringifyYaml(meta, { lineWidth: 0 })}${kept.join('')}---\n${article.body}\n`;
}

/**
 * Reads back what a person saved from `writeEditableMarkdown`, validated like an import.
 * The id cannot change here (a new id is a new article); a field left out keeps its value.
 */
export function readEditedMarkdown(text: string, article: Article, file: string): ValidArticleInput {
  const record = readMarkdownArticle(text, file, article.id);
  if ('reason' in record) throw new LoreError('INVALID_INPUT', `${file}: ${record.reason}`);
  const parsed = articleInputSchema.safeParse(record.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LoreError('INVALID_INPUT', `${file}: ${issue.path.join('.') || 'article'}: ${issue.message}`);
  }
  if (parsed.data.id !== article.id) {
    throw new LoreError('INVALID_INPUT', `${file}: the id cannot change (it was ${article.id}); to make a new article, import it.`);
  }
  return parsed.data;
}
