import type { Gap } from '../../upkeep/gaps';
import type { Command } from '../command';
import { asOfOf, REPORT_HELP, REPORT_OPTIONS, scopeOf } from './review-command';

/** A gap as `lore gaps --json` prints it. */
export function gapJson(gap: Gap) {
  return {
    topic: gap.topic,
    count: gap.count,
    examples: gap.examples,
    owner: gap.owner,
    due: gap.due,
    workspace: gap.workspace,
    asked: gap.asked,
    lastAsked: gap.lastAsked,
    nearest: gap.nearest,
  };
}

export const gapsCommand: Command = {
  name: 'gaps',
  summary: 'list topics people ask about that the base does not answer, most asked first',
  usage: 'lore gaps [--as-of DATE] [--workspace ID] [--limit N] [--db FILE] [--json]',
  options: { ...REPORT_OPTIONS, limit: { type: 'string' } },
  help: [
    ...REPORT_HELP,
    '--limit N       show the N most asked gaps',
    'Questions Lore did not answer, and answers that got 👎 with no later 👍, from the last 90 days, grouped by',
    'topic. count: how many people asked; owner: the owner of the nearest article (or its tag, else the fallback',
    'owner); due: a week after the topic was first asked. A gap closes once an article answers its questions.',
    '--json  {gaps: [{topic, count, examples, owner, due, workspace, asked, lastAsked, nearest: {id, title, source} | null}]}',
    'nearest.source: the `lore sources` source that article is synced from (write the answer there), else null.',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const asOf = asOfOf(values);
    const limit = typeof values.limit === 'string' ? Math.max(1, Number.parseInt(values.limit, 10) || 1) : undefined;
    const lore = context.openLore(values);
    try {
      const gaps = lore.upkeep.gaps.list({ asOf, workspace: scopeOf(values), limit }).map(gapJson);
      context.print(values, { gaps }, () =>
        gaps.length === 0
          ? 'no gaps: Lore answered everything it was asked'
          : gaps
              .map((g) => [`${g.topic}  (${g.count} ${g.count === 1 ? 'person' : 'people'}, last ${g.lastAsked}; ${g.owner ?? 'nobody'}, due ${g.due}${g.nearest?.source ? `; nearest article from ${g.nearest.source}` : ''})`, ...g.examples.map((e) => `  - ${e}`)].join('\n'))
              .join('\n'),
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};
