import { LoreError } from '../../errors';
import type { Trends } from '../../upkeep/trends';
import type { Command } from '../command';
import { asOfOf, REPORT_HELP, REPORT_OPTIONS, scopeOf } from './review-command';

export const trendsCommand: Command = {
  name: 'trends',
  summary: 'question volume, answer rate and helpfulness by week and by tag; rising topics',
  usage: 'lore trends [--as-of DATE] [--workspace ID] [--weeks N] [--db FILE] [--json]',
  options: { ...REPORT_OPTIONS, weeks: { type: 'string' } },
  help: [
    ...REPORT_HELP,
    '--weeks N       how many ISO weeks, ending with the as-of week (default 8)',
    'answer rate: questions Lore answered whose answer was not left with a 👎; helpfulness: 👍 / (👍 + 👎).',
    'A question counts under the tags of the first article ranked for it. Rising: tags asked about at least 3',
    'times since Monday and at least twice as often as on the same days of the four weeks before.',
    '--json  {asOf, weeks: [{week, start, questions, answered, answerRate, up, down, helpfulness}],',
    '         tags: [{tag, …the same figures}], rising: [{topic, recent, usual, factor, since}]}',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const asOf = asOfOf(values);
    const weeks = typeof values.weeks === 'string' ? Number(values.weeks) : undefined;
    if (weeks !== undefined && (!Number.isInteger(weeks) || weeks < 1 || weeks > 104)) throw new LoreError('USAGE', '--weeks takes a whole number from 1 to 104.');
    const lore = context.openLore(values);
    try {
      const trends = lore.upkeep.trends({ asOf, workspace: scopeOf(values), weeks });
      context.print(values, trends, () => formatTrends(trends));
      return 0;
    } finally {
      lore.close();
    }
  },
};

const percent = (share: number | null) => (share === null ? '  -' : `${Math.round(share * 100)}%`.padStart(4));

function formatTrends(trends: Trends): string {
  const lines = [`week      questions  answered  helpful`];
  for (const w of trends.weeks) lines.push(`${w.week}  ${String(w.questions).padStart(9)}  ${percent(w.answerRate).padStart(8)}  ${percent(w.helpfulness).padStart(7)}`);
  if (trends.tags.length > 0) {
    lines.push('', 'tag                  questions  answered  helpful');
    for (const t of trends.tags) lines.push(`${t.tag.padEnd(20)} ${String(t.questions).padStart(9)}  ${percent(t.answerRate).padStart(8)}  ${percent(t.helpfulness).padStart(7)}`);
  }
  for (const r of trends.rising) lines.push(`rising: ${r.topic} questions ${r.factor === null ? `${r.recent}, new` : `×${r.factor}`} since ${r.since}`);
  return lines.join('\n');
}
