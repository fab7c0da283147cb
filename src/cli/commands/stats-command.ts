import { readStats } from '../../upkeep/stats';
import { type Command, WORKSPACE_OPTION } from '../command';

export const statsCommand: Command = {
  name: 'stats',
  readOnly: true,
  summary: 'count articles, questions, answers, votes and captures',
  usage: 'lore stats [--workspace ID] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION },
  help: ['--workspace ID  count one workspace only (default: all workspaces)'],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const lore = context.openLore(values);
    try {
      const stats = readStats(lore.db, typeof values.workspace === 'string' ? values.workspace : undefined);
      context.print(values, stats, () =>
        [
          `articles   ${stats.articles}`,
          `questions  ${stats.questions} (answered ${stats.answered}, abstained ${stats.abstained})`,
          `votes      👍 ${stats.votes.up}  👎 ${stats.votes.down}`,
          `captures   ${stats.captures}`,
        ].join('\n'),
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};
