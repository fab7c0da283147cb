import { evaluate } from '../../eval/evaluate';
import { readQueriesFile } from '../../eval/queries-file';
import { type Command, WORKSPACE_OPTION, workspaceOf } from '../command';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'measure answers on a set of labelled questions',
  usage: 'lore eval QUERIES.json [--workspace ID] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION },
  help: [
    'QUERIES.json is [{"question": "...", "article": "id" | null}] (null: no article answers it).',
    'Prints questions, answerable, top1, mrr10, recall5, ndcg10, answeredAccuracy, oosRecall,',
    'abstainRate (fractions 0-1) and p50Ms, p99Ms. Questions asked by eval never count in stats.',
  ],
  positionals: { min: 1, max: 1, name: 'QUERIES.json' },
  async run([file], values, context) {
    const questions = readQueriesFile(file!);
    const lore = context.openLore(values);
    try {
      const metrics = evaluate(lore.answerer, questions, workspaceOf(values));
      context.print(values, metrics, () =>
        Object.entries(metrics)
          .map(([name, value]) => `${name.padEnd(17)} ${value === null ? 'n/a' : value}`)
          .join('\n'),
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};
