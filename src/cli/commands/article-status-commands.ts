import readline from 'node:readline';
import type { Command, CommandContext, Values } from '../command';

/** Who made a change at the command line, kept in the article's revisions. */
export function operatorOf(values: Values): string {
  return typeof values.by === 'string' && values.by.trim() ? values.by.trim() : 'operator';
}

export const BY_HELP = '--by PERSON  who made the change, kept in the article\'s revisions (default: operator)';

export const archiveCommand: Command = {
  name: 'archive',
  summary: 'take an article out of answers (kept, with its votes and history; `lore restore` brings it back)',
  usage: 'lore archive ID [--by PERSON] [--db FILE] [--json]',
  options: { by: { type: 'string' } },
  help: [BY_HELP],
  positionals: { min: 1, max: 1, name: 'ID' },
  async run([id], values, context) {
    const lore = context.openLore(values);
    try {
      const article = lore.knowledge.setStatus(id!, 'archived', { by: operatorOf(values), reason: 'archived' });
      context.print(values, { archived: { id: article.id, title: article.title, status: article.status } }, () =>
        `archived "${article.title}" (${article.id}); Lore no longer answers with it. \`lore restore ${article.id}\` brings it back.`,
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};

/**
 * `lore restore ID`: publishes an archived article again. (`lore restore FILE` restores a
 * whole database from a backup; restore-command.ts tells the two apart.)
 */
export async function restoreArticle(id: string, values: Values, context: CommandContext): Promise<number> {
  const lore = context.openLore(values);
  try {
    const before = lore.knowledge.articles.get(id);
    const article = lore.knowledge.setStatus(id, 'published', { by: operatorOf(values), reason: 'restored' });
    context.print(values, { restored: { id: article.id, title: article.title, status: article.status } }, () =>
      before?.status === 'published' ? `"${article.title}" (${article.id}) was not archived; nothing to do` : `restored "${article.title}" (${article.id}); Lore answers with it again`,
    );
    return 0;
  } finally {
    lore.close();
  }
}

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete an article for good, with its votes and history (asks first unless --yes)',
  usage: 'lore delete ID [--yes] [--by PERSON] [--db FILE] [--json]',
  options: { yes: { type: 'boolean', short: 'y' }, by: { type: 'string' } },
  help: ['--yes        do not ask (scripts)', BY_HELP, 'To keep the article but stop answering with it, use `lore archive ID`.'],
  positionals: { min: 1, max: 1, name: 'ID' },
  async run([id], values, context) {
    const lore = context.openLore(values);
    try {
      const article = lore.knowledge.get(id!);
      if (article && values.yes !== true) {
        context.stderr.write(`Delete "${article.title}" (${article.id}) with its votes and revisions? This cannot be undone. [y/N] `);
        if (!/^y(es)?$/i.test((await readLine(context)).trim())) {
          context.stderr.write('\nnot deleted (to skip this question, add --yes)\n');
          return 1;
        }
      }
      const deleted = lore.knowledge.delete(id!, { by: operatorOf(values), reason: 'deleted' });
      context.print(values, { deleted: { id: deleted.id, title: deleted.title } }, () => `deleted "${deleted.title}" (${deleted.id})`);
      return 0;
    } finally {
      lore.close();
    }
  },
};

/** The first line typed (or piped) in; empty when the input ends first. */
async function readLine(context: CommandContext): Promise<string> {
  const lines = readline.createInterface({ input: context.stdin, terminal: false });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}
