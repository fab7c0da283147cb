import { OPERATOR_PLATFORM } from '../../capture/capture-policy';
import type { Article } from '../../knowledge/article';
import { type Command, WORKSPACE_OPTION } from '../command';

/** Draft fields a reviewer needs, as `lore drafts --json` prints them. */
function summary(article: Article) {
  return {
    id: article.id,
    workspace: article.workspace,
    title: article.title,
    author: article.author,
    owner: article.owner,
    sourceUrl: article.sourceUrl,
    createdAt: new Date(article.createdAt).toISOString(),
  };
}

export const draftsCommand: Command = {
  name: 'drafts',
  summary: 'list captures waiting for an editor (under LORE_CAPTURE_POLICY=review)',
  usage: 'lore drafts [--workspace ID] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION },
  help: ['--workspace ID  only that workspace\'s drafts (default: all)', 'Publish with `lore publish ID`, discard with `lore discard ID`.'],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const lore = context.openLore(values);
    try {
      const drafts = lore.capturer.drafts(typeof values.workspace === 'string' ? values.workspace : undefined).map(summary);
      context.print(values, { drafts }, () =>
        drafts.length === 0 ? 'no drafts waiting' : drafts.map((d) => `${d.id}  ${d.title}  (by ${d.author ?? 'unknown'}, ${d.createdAt.slice(0, 10)})`).join('\n'),
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};

function reviewCommand(name: 'publish' | 'discard', summaryText: string): Command {
  return {
    name,
    summary: summaryText,
    usage: `lore ${name} ID [--db FILE] [--json]`,
    options: {},
    help: [`The operator at the command line is an editor. The ${name === 'publish' ? 'article becomes answerable' : 'draft is archived; its text stays in the history'}.`],
    positionals: { min: 1, max: 1, name: 'ID' },
    async run([id], values, context) {
      const lore = context.openLore(values);
      try {
        const article = lore.capturer[name](id!, null, OPERATOR_PLATFORM);
        context.print(values, { action: name === 'publish' ? 'published' : 'discarded', article: { id: article.id, title: article.title } }, () =>
          `${name === 'publish' ? 'published' : 'discarded'} "${article.title}" (${article.id})`,
        );
        return 0;
      } finally {
        lore.close();
      }
    },
  };
}

export const publishCommand = reviewCommand('publish', 'publish a draft');
export const discardCommand = reviewCommand('discard', 'discard a draft');
