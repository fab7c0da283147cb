import { ARTICLE_STATUSES, type ArticleStatus } from '../../knowledge/article';
import { LoreError } from '../../errors';
import { type Command, WORKSPACE_OPTION } from '../command';

export const listCommand: Command = {
  name: 'list',
  summary: 'list articles (by tag, owner, status; due for review; failing)',
  usage: 'lore list [--tag TAG] [--owner PERSON] [--status STATUS] [--stale] [--failing] [--workspace ID] [--db FILE] [--json]',
  options: {
    ...WORKSPACE_OPTION,
    tag: { type: 'string' },
    owner: { type: 'string' },
    status: { type: 'string' },
    stale: { type: 'boolean' },
    failing: { type: 'boolean' },
  },
  help: [
    '--tag TAG         only articles with this tag',
    '--owner PERSON    only articles this person owns now (their own, or through a tag they own)',
    '--status STATUS   only published, draft or archived articles',
    '--stale           only articles whose review is due',
    '--failing         only articles that votes say do not help',
    '--workspace ID    only that workspace\'s articles (default: all)',
    'JSON: {articles: [{id, title, tags, owner, status, updatedAt}]}',
  ],
  positionals: { min: 0, max: 0, name: '' },
  readOnly: true,
  async run(_positionals, values, context) {
    const status = typeof values.status === 'string' ? parseStatus(values.status) : undefined;
    const lore = context.openLore(values);
    try {
      const articles = lore.upkeep.list({
        workspace: typeof values.workspace === 'string' ? values.workspace : undefined,
        tag: typeof values.tag === 'string' ? values.tag : undefined,
        owner: typeof values.owner === 'string' ? values.owner : undefined,
        status,
        stale: values.stale === true,
        failing: values.failing === true,
      });
      context.print(
        values,
        { articles: articles.map(({ id, title, tags, owner, status: s, updatedAt }) => ({ id, title, tags, owner, status: s, updatedAt })) },
        () =>
          articles.length === 0
            ? 'no articles match'
            : articles
                .map((a) => `${a.id}  ${a.title}  [${a.status}]  owner: ${a.owner ?? 'nobody'}${a.tags.length > 0 ? `  tags: ${a.tags.join(', ')}` : ''}  updated ${a.updatedAt.slice(0, 10)}`)
                .join('\n'),
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};

function parseStatus(text: string): ArticleStatus {
  if ((ARTICLE_STATUSES as readonly string[]).includes(text)) return text as ArticleStatus;
  throw new LoreError('USAGE', `--status ${JSON.stringify(text)}: use one of ${ARTICLE_STATUSES.join(', ')}.`);
}
