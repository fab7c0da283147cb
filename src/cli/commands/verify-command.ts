import type { Command } from '../command';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'record that an article is still right (restarts its review interval)',
  usage: 'lore verify ID [--by PERSON] [--db FILE] [--json]',
  options: { by: { type: 'string' } },
  help: ['--by PERSON  who checked it (default: operator); answers show who verified an article and when'],
  positionals: { min: 1, max: 1, name: 'ID' },
  async run([id], values, context) {
    const lore = context.openLore(values);
    try {
      const article = lore.upkeep.reviews.verify(id!, typeof values.by === 'string' ? values.by : 'operator');
      const verifiedAt = new Date(article.verifiedAt!).toISOString();
      context.print(values, { verified: { id: article.id, title: article.title, verifiedBy: article.verifiedBy, verifiedAt } }, () =>
        `verified "${article.title}" (${article.id}) by ${article.verifiedBy} on ${verifiedAt.slice(0, 10)}`,
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};
