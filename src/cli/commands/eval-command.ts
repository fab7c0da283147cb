import { type EvalMetrics, evaluate } from '../../eval/evaluate';
import { readQueriesFile } from '../../eval/queries-file';
import { replayFeedback } from '../../eval/replay-feedback';
import { type Command, WORKSPACE_OPTION, workspaceOf } from '../command';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'measure answers on a set of labelled questions',
  usage: 'lore eval QUERIES.json [--learn FEEDBACK.json] [--workspace ID] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION, learn: { type: 'string' } },
  help: [
    'QUERIES.json is [{"question": "...", "article": "id" | null}] (null: no article answers it).',
    'Prints questions, answerable, top1, mrr10, recall5, ndcg10, answeredAccuracy, oosRecall,',
    'abstainRate (fractions 0-1) and p50Ms, p99Ms. Questions asked by eval never count in stats.',
    '--learn FEEDBACK.json  first replay FEEDBACK (same format) as people asking and voting 👍/👎,',
    '                       then evaluate; the metrics before learning are printed under "before".',
    '                       The votes and what they taught stay in the database.',
  ],
  positionals: { min: 1, max: 1, name: 'QUERIES.json' },
  async run([file], values, context) {
    const questions = readQueriesFile(file!);
    const feedback = typeof values.learn === 'string' ? readQueriesFile(values.learn) : undefined;
    const lore = context.openLore(values);
    try {
      const workspace = workspaceOf(values);
      if (!feedback) {
        const metrics = evaluate(lore.answerer, questions, workspace);
        context.print(values, metrics, () => table({ value: metrics }));
        return 0;
      }
      const before = evaluate(lore.answerer, questions, workspace);
      const replay = await replayFeedback(lore.answerer, lore.feedback, lore.knowledge.index, feedback, workspace);
      const after = evaluate(lore.answerer, questions, workspace);
      context.print(values, { ...after, before }, () =>
        [`replayed ${replay.asked} questions: ${replay.up} 👍, ${replay.down} 👎`, table({ before, after })].join('\n'),
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};

/** Metrics as aligned columns, one per run. */
function table(runs: Record<string, EvalMetrics>): string {
  const names = Object.keys(Object.values(runs)[0]!) as Array<keyof EvalMetrics>;
  const labels = Object.keys(runs);
  const header = labels.length > 1 ? [`${''.padEnd(17)} ${labels.map((l) => l.padEnd(10)).join(' ')}`.trimEnd()] : [];
  const rows = names.map((name) => `${name.padEnd(17)} ${labels.map((l) => String(runs[l]![name] ?? 'n/a').padEnd(10)).join(' ')}`.trimEnd());
  return [...header, ...rows].join('\n');
}
