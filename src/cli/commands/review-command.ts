import { LoreError } from '../../errors';
import { parseAsOf } from '../../upkeep/as-of';
import type { FailingArticle, StaleArticle } from '../../upkeep/reviews';
import { type OptionSpec, type Values, WORKSPACE_OPTION } from '../command';
import type { Command } from '../command';

/** `--as-of DATE` and `--workspace ID`, shared by the upkeep commands. */
export const REPORT_OPTIONS: OptionSpec = { ...WORKSPACE_OPTION, 'as-of': { type: 'string' } };

export const REPORT_HELP = [
  '--as-of DATE    report as of the end of that day (YYYY-MM-DD, UTC); default: now',
  '--workspace ID  one workspace only (default: all workspaces)',
];

/** The instant `--as-of` names, or undefined for now. */
export function asOfOf(values: Values): number | undefined {
  return typeof values['as-of'] === 'string' ? parseAsOf(values['as-of']) : undefined;
}

/** The workspace `--workspace` names, or undefined for all of them. */
export function scopeOf(values: Values): string | undefined {
  return typeof values.workspace === 'string' ? values.workspace : undefined;
}

export const reviewCommand: Command = {
  name: 'review',
  summary: "list articles due for review (stale) and articles people's votes say do not help (failing); set review intervals",
  usage: 'lore review [--as-of DATE] [--workspace ID] [--interval DAYS|default (--article ID | --tag TAG)] [--db FILE] [--json]',
  options: { ...REPORT_OPTIONS, interval: { type: 'string' }, article: { type: 'string' }, tag: { type: 'string' } },
  help: [
    ...REPORT_HELP,
    '--interval DAYS --article ID  review that article every DAYS days ("default": back to its tags or 90)',
    '--interval DAYS --tag TAG     review every article with that tag every DAYS days (in --workspace, else the shared base)',
    'An article is stale when its review interval (its own, else the shortest of its tags\', else 90 days)',
    'has passed since it was last verified (`lore verify ID`) or created. It is failing when at least 5 people',
    'voted and the 95% lower bound (Wilson) on the share of 👎 is above one half.',
    '--json  {stale: [{id, title, owner, workspace, reviewDays, lastVerified, verifiedBy, due, overdueDays, source, sourceUrl}],',
    '         failing: [{id, title, owner, workspace, up, down, lowerBound, source, sourceUrl}]}',
    'source: the `lore sources` source the article is synced from (fix it there), else null.',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    if (values.interval !== undefined) return setReviewInterval(values, context);
    const asOf = asOfOf(values);
    const lore = context.openLore(values);
    try {
      const scope = { asOf, workspace: scopeOf(values) };
      const result = { stale: lore.upkeep.reviews.stale(scope), failing: lore.upkeep.reviews.failing(scope) };
      context.print(values, result, () => formatReview(result.stale, result.failing));
      return 0;
    } finally {
      lore.close();
    }
  },
};

async function setReviewInterval(values: Values, context: Parameters<Command['run']>[2]): Promise<number> {
  const text = String(values.interval);
  const days = text === 'default' ? null : Number(text);
  if (days !== null && !Number.isInteger(days)) throw new LoreError('USAGE', `--interval takes a whole number of days or "default", not ${JSON.stringify(text)}.`);
  const article = typeof values.article === 'string' ? values.article : undefined;
  const tag = typeof values.tag === 'string' ? values.tag : undefined;
  if ((article === undefined) === (tag === undefined)) throw new LoreError('USAGE', '--interval needs either --article ID or --tag TAG.');
  const lore = context.openLore(values);
  try {
    if (article !== undefined) {
      const updated = lore.upkeep.reviews.setArticleDays(article, days);
      context.print(values, { article: updated.id, reviewDays: updated.reviewDays }, () =>
        `${updated.id} is reviewed ${days === null ? 'on its tags\' or the default interval' : `every ${days} days`}`,
      );
    } else {
      const workspace = typeof values.workspace === 'string' ? values.workspace : '';
      lore.upkeep.reviews.setTagDays(workspace, tag!, days);
      context.print(values, { tag: tag!.toLowerCase(), workspace, reviewDays: days }, () =>
        `articles tagged ${tag} are reviewed ${days === null ? 'on the default interval' : `every ${days} days`}`,
      );
    }
    return 0;
  } finally {
    lore.close();
  }
}

function formatReview(stale: StaleArticle[], failing: FailingArticle[]): string {
  const lines = [`stale (${stale.length})`];
  for (const a of stale) lines.push(`  ${a.id}  ${a.title}  owner ${a.owner ?? 'nobody'}, due ${a.due} (${a.overdueDays} days overdue, every ${a.reviewDays} days)${fromSource(a)}`);
  lines.push(`failing (${failing.length})`);
  for (const a of failing) lines.push(`  ${a.id}  ${a.title}  owner ${a.owner ?? 'nobody'}, 👍 ${a.up} 👎 ${a.down} (unhelpful at least ${Math.round(a.lowerBound * 100)}%)${fromSource(a)}`);
  return lines.join('\n');
}

/** `, from SOURCE (URL)` for an article synced from a source: it is fixed there. */
export function fromSource(article: { source: string | null; sourceUrl?: string | null }): string {
  if (!article.source) return '';
  return `, from ${article.source}${article.sourceUrl ? ` (${article.sourceUrl})` : ''}`;
}
