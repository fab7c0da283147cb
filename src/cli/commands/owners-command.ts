import { LoreError } from '../../errors';
import type { Command } from '../command';
import { asOfOf, scopeOf } from './review-command';

export const ownersCommand: Command = {
  name: 'owners',
  summary: "list owners' queues; hand articles over, also from someone who is gone",
  usage:
    'lore owners [--as-of DATE] | --gone PERSON [--to PERSON] | --from PERSON --to PERSON | --article ID --to PERSON | --tag TAG --to PERSON | --ownerless --to PERSON  [--workspace ID] [--db FILE] [--json]',
  options: {
    workspace: { type: 'string', short: 'w' },
    'as-of': { type: 'string' },
    gone: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    article: { type: 'string' },
    tag: { type: 'string' },
    ownerless: { type: 'boolean' },
  },
  help: [
    'Without flags: each owner\'s queue (stale and failing articles, gaps), busiest first.',
    '--gone PERSON [--to PERSON]  PERSON left: everything they own goes to --to, else to the fallback owner',
    '                             (LORE_FALLBACK_OWNER), never to nobody; later hand-overs to them follow too',
    '--from PERSON --to PERSON    hand over everything PERSON owns (in --workspace, else everywhere)',
    '--article ID --to PERSON     give one article to PERSON',
    '--tag TAG --to PERSON        PERSON answers for articles with TAG that have no owner of their own',
    '--ownerless --to PERSON      give every article without an owner to PERSON',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : undefined);
    const to = text('to');
    const lore = context.openLore(values);
    try {
      const owners = lore.upkeep.owners;
      const moved = (result: { from: string; to: string; articles: string[]; tags: string[] }) =>
        context.print(values, result, () => `${result.articles.length} articles and ${result.tags.length} tags handed from ${result.from} to ${result.to}`);
      if (text('gone')) {
        moved(owners.gone(text('gone')!, { to, by: 'operator' }));
      } else if (text('from')) {
        if (!to) throw new LoreError('USAGE', '--from needs --to PERSON: who takes the articles over.');
        moved(owners.handOver(text('from')!, to, { by: 'operator', workspace: scopeOf(values) }));
      } else if (text('article')) {
        if (!to) throw new LoreError('USAGE', '--article needs --to PERSON: who owns it from now on.');
        const article = owners.assign(text('article')!, to, 'operator');
        context.print(values, { article: article.id, owner: article.owner }, () => `${article.id} is owned by ${article.owner}`);
      } else if (text('tag')) {
        if (!to) throw new LoreError('USAGE', '--tag needs --to PERSON: who answers for the tag\'s articles.');
        owners.setTagOwner(scopeOf(values) ?? '', text('tag')!, to);
        context.print(values, { tag: text('tag')!.toLowerCase(), owner: to }, () => `${to} owns articles tagged ${text('tag')} that have no owner`);
      } else if (values.ownerless) {
        const articles = owners.adoptOwnerless({ to, by: 'operator', workspace: scopeOf(values) });
        context.print(values, { to: to ?? owners.fallback, articles }, () => `${articles.length} articles without an owner now owned by ${to ?? owners.fallback}`);
      } else {
        const report = lore.upkeep.report({ asOf: asOfOf(values), workspace: scopeOf(values) });
        context.print(values, { owners: report.owners }, () =>
          report.owners.length === 0
            ? 'nothing waiting for anyone'
            : report.owners.map((o) => `${o.owner}: ${o.stale} stale, ${o.failing} failing, ${o.gaps} gaps`).join('\n'),
        );
      }
      return 0;
    } finally {
      lore.close();
    }
  },
};
