import { LoreError } from '../../errors';
import type { Command, CommandContext, Values } from '../command';

export const questionsCommand: Command = {
  name: 'questions',
  summary: "list an article's alternate questions, including those learned from votes; remove one",
  usage: 'lore questions ARTICLE_ID [--remove "TEXT"] [--db FILE] [--json]\n       lore questions --purge [--days N] [--db FILE] [--json]',
  options: { remove: { type: 'string' }, purge: { type: 'boolean' }, days: { type: 'string' } },
  help: [
    'Lists each alternate question with where it came from (author, learned from 👍, merged from a capture)',
    'and its weight (for a learned one: people who confirmed it minus people who rejected it; 0 or less is',
    'no longer searched).',
    '--remove "TEXT"  remove that question from the article (an editor cleaning up what Lore learned)',
    '--purge          (no ARTICLE_ID) delete the questions people asked that are older than the retention period',
    '                 (LORE_QUESTION_RETENTION_DAYS, default 365; Lore also purges by itself while it runs); those',
    '                 whose answer people voted on keep their text for the votes, without who asked or where',
    '--days N         with --purge: keep N days instead',
  ],
  positionals: { min: 0, max: 1, name: 'ARTICLE_ID' },
  async run([id], values, context) {
    if (values.purge) return purge(id, values, context);
    if (id === undefined) throw new LoreError('USAGE', 'name the article (lore questions ARTICLE_ID), or purge old questions with --purge.');
    const lore = context.openLore(values);
    try {
      const article = lore.knowledge.get(id!);
      if (!article) throw new LoreError('NOT_FOUND', `No article has the id ${id}; \`lore export\` lists them.`);
      if (typeof values.remove === 'string') {
        const removed = lore.feedback.removeQuestion(article.id, values.remove);
        if (!removed) throw new LoreError('NOT_FOUND', `Article ${article.id} has no question "${values.remove}"; \`lore questions ${article.id}\` lists them.`);
        context.print(values, { removed: values.remove, article: article.id }, () => `removed "${values.remove}" from ${article.id}`);
        return 0;
      }
      context.print(values, { article: article.id, title: article.title, questions: article.questions }, () =>
        [
          `${article.title} (${article.id})`,
          ...article.questions.map((q) => `  ${q.origin.padEnd(7)} ${String(q.weight).padStart(3)}  ${q.text}`),
        ].join('\n'),
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};

/** `--purge`: the retention purge, now, with the configured or given number of days. */
async function purge(id: string | undefined, values: Values, context: CommandContext): Promise<number> {
  if (id !== undefined) throw new LoreError('USAGE', '--purge takes no ARTICLE_ID: it purges the question log.');
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1)) throw new LoreError('USAGE', '--days must be a whole number of days, 1 or more.');
  const lore = context.openLore(values);
  try {
    const result = lore.retention.purgeExpired(days ?? lore.retention.days);
    const kept = days ?? lore.retention.days;
    context.print(values, { ...result, days: kept }, () => `deleted ${result.deleted} questions older than ${kept} days; ${result.anonymized} voted on kept without who asked`);
    return 0;
  } finally {
    lore.close();
  }
}
