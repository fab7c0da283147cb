import { LoreError } from '../../errors';
import type { Command } from '../command';

export const questionsCommand: Command = {
  name: 'questions',
  summary: "list an article's alternate questions, including those learned from votes; remove one",
  usage: 'lore questions ARTICLE_ID [--remove "TEXT"] [--db FILE] [--json]',
  options: { remove: { type: 'string' } },
  help: [
    'Lists each alternate question with where it came from (author, learned from 👍, merged from a capture)',
    'and its weight (for a learned one: people who confirmed it minus people who rejected it; 0 or less is',
    'no longer searched).',
    '--remove "TEXT"  remove that question from the article (an editor cleaning up what Lore learned)',
  ],
  positionals: { min: 1, max: 1, name: 'ARTICLE_ID' },
  async run([id], values, context) {
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
