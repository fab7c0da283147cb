import { type EvalMetrics, type EvalMiss, evaluateInDetail } from '../../eval/evaluate';
import { readQueriesFile } from '../../eval/queries-file';
import { replayFeedback } from '../../eval/replay-feedback';
import { type Command, WORKSPACE_OPTION, workspaceOf } from '../command';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'measure answers on a set of labelled questions',
  usage: 'lore eval QUERIES.json [--learn FEEDBACK.json] [--misses] [--workspace ID] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION, learn: { type: 'string' }, misses: { type: 'boolean' } },
  help: [
    'QUERIES.json is [{"question": "...", "article": "id" | null}] (null: no article answers it).',
    'Prints questions, answerable, top1, mrr10, recall5, ndcg10, answeredAccuracy, oosRecall,',
    'abstainRate (fractions 0-1) and p50Ms, p99Ms. Questions asked by eval never count in stats.',
    '--learn FEEDBACK.json  first replay FEEDBACK (same format) as people asking and voting 👍/👎,',
    '                       then evaluate; the metrics before learning are printed under "before".',
    '                       The votes and what they taught stay in the database.',
    '--misses  also list the questions Lore got wrong (after learning, with --learn): the article',
    '          expected, the one answered, and where the expected one ranked; with --json, as "misses".',
  ],
  positionals: { min: 1, max: 1, name: 'QUERIES.json' },
  async run([file], values, context) {
    const questions = readQueriesFile(file!);
    const feedback = typeof values.learn === 'string' ? readQueriesFile(values.learn) : undefined;
    const lore = context.openLore(values);
    try {
      const workspace = workspaceOf(values);
      const withMisses = values.misses === true;
      const titleOf = (id: string) => lore.knowledge.get(id)?.title;
      if (!feedback) {
        const { metrics, misses } = evaluateInDetail(lore.answerer, questions, workspace);
        context.print(values, withMisses ? { ...metrics, misses } : metrics, () =>
          [table({ value: metrics }), ...(withMisses ? [listMisses(misses, metrics.questions, titleOf)] : [])].join('\n'),
        );
        return 0;
      }
      const before = evaluateInDetail(lore.answerer, questions, workspace).metrics;
      const replay = await replayFeedback(lore.answerer, lore.feedback, lore.knowledge.index, feedback, workspace);
      const { metrics: after, misses } = evaluateInDetail(lore.answerer, questions, workspace);
      context.print(values, withMisses ? { ...after, before, misses } : { ...after, before }, () =>
        [
          `replayed ${replay.asked} questions: ${replay.up} 👍, ${replay.down} 👎`,
          table({ before, after }),
          ...(withMisses ? [listMisses(misses, after.questions, titleOf)] : []),
        ].join('\n'),
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

/** The questions Lore got wrong, each with the article expected and the one answered, for a person. */
function listMisses(misses: readonly EvalMiss[], questions: number, titleOf: (id: string) => string | undefined): string {
  const article = (id: string) => `${id}  ${titleOf(id) ?? '(no such article)'}`;
  const lines = [`\nmisses: ${misses.length} of ${questions}`];
  for (const miss of misses) {
    lines.push(`- ${JSON.stringify(miss.question)}`);
    if (miss.expected === null) lines.push('    expected  no article (it should have said it does not know)');
    else lines.push(`    expected  ${article(miss.expected)}  (${miss.rank === null ? 'not in the first 10' : `ranked ${miss.rank}`})`);
    lines.push(`    answered  ${miss.answered === null ? 'said it does not know' : article(miss.answered)}  (confidence ${miss.confidence})`);
  }
  return lines.join('\n');
}
