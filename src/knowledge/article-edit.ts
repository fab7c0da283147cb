import { LoreError } from '../errors';
import { type Article, articleInputSchema, type ValidArticleInput } from './article';

/** The fields `lore edit --set field=value` can change, and how a value is read. */
const SETTABLE: Record<string, (value: string) => unknown> = {
  title: (value) => value,
  body: (value) => value,
  tags: (value) => splitOn(value, ','),
  questions: (value) => splitOn(value, '|'),
  status: (value) => value,
  owner: (value) => value,
  author: (value) => value,
  sourceUrl: (value) => value,
  source: (value) => value,
  reviewDays: (value) => (/^\d+$/.test(value.trim()) ? Number(value) : value),
  audience: (value) => splitOn(value, ','),
};

/** An article's current fields as an edit starts from them: its own questions only (learned ones stay anyway). */
export function editableInput(article: Article): Record<string, unknown> {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    tags: article.tags,
    questions: article.questions.filter((q) => q.origin === 'author').map((q) => q.text),
    status: article.status,
    owner: article.owner,
    author: article.author,
    sourceUrl: article.sourceUrl,
    reviewDays: article.reviewDays,
    audience: article.audience,
  };
}

/**
 * Applies `field=value` settings (lists: tags and audience comma-separated, questions
 * separated by `|`) to an article and validates the result as any article input.
 */
export function applySettings(article: Article, settings: readonly string[]): ValidArticleInput {
  const input = editableInput(article);
  for (const setting of settings) {
    const split = setting.indexOf('=');
    const field = split > 0 ? setting.slice(0, split).trim() : '';
    const read = SETTABLE[field];
    if (!read) {
      throw new LoreError('USAGE', `--set ${JSON.stringify(setting)}: use FIELD=VALUE with FIELD one of ${Object.keys(SETTABLE).join(', ')}.`);
    }
    input[field === 'source' ? 'sourceUrl' : field] = read(setting.slice(split + 1));
  }
  const parsed = articleInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LoreError('INVALID_INPUT', `--set ${issue.path.join('.')}: ${issue.message}.`);
  }
  return parsed.data;
}

/** What saving `input` over the article changes, in words, for its revision history ("edited: title, tags"). */
export function describeEdit(before: Article, input: ValidArticleInput): string {
  // A field left out keeps its value on save (see ArticleStore.save), so only given fields can differ.
  const fields: Array<[string, unknown, unknown]> = [
    ['title', before.title, input.title],
    ['body', before.body, input.body],
    ['tags', before.tags, [...new Set(input.tags)].sort()],
    ['questions', authored(before), input.questions],
    ['status', before.status, input.status],
    ['owner', before.owner, input.owner ?? before.owner],
    ['author', before.author, input.author ?? before.author],
    ['source', before.sourceUrl, input.sourceUrl ?? before.sourceUrl],
    ['reviewDays', before.reviewDays, input.reviewDays ?? before.reviewDays],
    ['audience', before.audience, input.audience ? [...new Set(input.audience)].sort() : before.audience],
  ];
  const changed = fields.filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b)).map(([name]) => name);
  return `edited: ${changed.join(', ') || 'nothing'}`;
}

function authored(article: Article): string[] {
  return article.questions.filter((q) => q.origin === 'author').map((q) => q.text);
}

function splitOn(value: string, separator: string): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}
