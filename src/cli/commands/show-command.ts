import type { Article } from '../../knowledge/article';
import { LoreError } from '../../errors';
import type { Lore } from '../../lore';
import type { Command } from '../command';

/** What `lore show ID --json` prints. */
function describe(lore: Lore, article: Article) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    article: {
      id: article.id,
      workspace: article.workspace,
      title: article.title,
      body: article.body,
      tags: article.tags,
      status: article.status,
      owner: lore.upkeep.owners.ownerOf(article),
      author: article.author,
      sourceUrl: article.sourceUrl,
      reviewDays: article.reviewDays,
      audience: article.audience,
      createdAt: iso(article.createdAt),
      updatedAt: iso(article.updatedAt),
      verifiedAt: iso(article.verifiedAt),
      verifiedBy: article.verifiedBy,
      revision: article.revision,
    },
    questions: article.questions.map((q) => ({ text: q.text, origin: q.origin })),
    votes: lore.votes.tally(article.id),
    revisions: lore.knowledge.articles.revisions(article.id).map((r) => ({ at: iso(r.editedAt)!, by: r.editedBy, change: r.reason })),
  };
}

/** Where a question came from, as a person reads it. */
const ORIGIN = { author: 'written by an author', learned: 'learned from a 👍', merged: 'merged from a capture' } as const;

export const showCommand: Command = {
  name: 'show',
  summary: 'show one article: its text, questions and where each came from, votes, revisions',
  usage: 'lore show ID [--db FILE] [--json]',
  options: {},
  help: ['JSON: {article, questions: [{text, origin}], votes: {up, down}, revisions: [{at, by, change}]}'],
  positionals: { min: 1, max: 1, name: 'ID' },
  readOnly: true,
  async run([id], values, context) {
    const lore = context.openLore(values);
    try {
      const article = lore.knowledge.get(id!);
      if (!article) throw new LoreError('NOT_FOUND', `No article has the id ${id}; \`lore list\` lists them.`);
      const shown = describe(lore, article);
      context.print(values, shown, () => {
        const a = shown.article;
        return [
          `${a.title}  (${a.id}, ${a.status}${a.workspace ? `, workspace ${a.workspace}` : ''})`,
          `owner: ${a.owner ?? 'nobody'}   tags: ${a.tags.join(', ') || 'none'}   updated ${a.updatedAt!.slice(0, 10)}`,
          a.verifiedAt ? `verified by ${a.verifiedBy} on ${a.verifiedAt.slice(0, 10)}` : 'never verified',
          ...(a.sourceUrl ? [`source: ${a.sourceUrl}`] : []),
          '',
          a.body,
          '',
          `Questions (${shown.questions.length}):`,
          ...shown.questions.map((q) => `  ${q.text}  (${ORIGIN[q.origin]})`),
          `Votes: ${shown.votes.up} 👍  ${shown.votes.down} 👎`,
          `Revisions (${shown.revisions.length}):`,
          ...shown.revisions.map((r) => `  ${r.at.slice(0, 16).replace('T', ' ')}  ${r.by ?? 'unknown'}  ${r.change}`),
        ].join('\n');
      });
      return 0;
    } finally {
      lore.close();
    }
  },
};
