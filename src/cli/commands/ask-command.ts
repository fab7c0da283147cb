import type { Reply } from '../../answers/reply';
import { type Command, WORKSPACE_OPTION, workspaceOf } from '../command';

export const askCommand: Command = {
  name: 'ask',
  summary: 'ask a question and see what Lore would answer',
  usage: 'lore ask "QUESTION" [--dry-run] [--workspace ID] [--channel ID] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION, channel: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  help: [
    '--dry-run       try the base without it counting: the question is not logged (no stats, gaps or trends)',
    '--workspace ID  ask as that workspace (it sees its own articles and the shared base)',
    '--channel ID    ask as in that channel: articles restricted to it may answer (others restricted never do)',
    '--json          {decision: "answer"|"abstain", confidence, results: [{id, title, score, snippet}]},',
    '                with smallTalk: {kind, reply} when the message asked nothing ("thanks") and nothing was logged',
  ],
  positionals: { min: 1, max: Infinity, name: 'QUESTION' },
  async run(words, values, context) {
    const lore = context.openLore(values);
    try {
      const channel = typeof values.channel === 'string' ? values.channel : null;
      const reply = lore.answerer.ask(words.join(' '), { workspace: workspaceOf(values), platform: 'cli', asker: 'cli', channel }, { dryRun: values['dry-run'] === true });
      context.print(values, toJson(reply), () => formatReply(reply));
      return 0;
    } finally {
      lore.close();
    }
  },
};

function toJson(reply: Reply) {
  return {
    decision: reply.decision,
    confidence: reply.confidence,
    questionId: reply.questionId,
    results: reply.results.map((r) => ({ id: r.id, title: r.title, score: r.score, snippet: r.snippet })),
    ...(reply.smallTalk ? { smallTalk: reply.smallTalk } : {}),
  };
}

/** The reply as a person reads it in a terminal. */
export function formatReply(reply: Reply): string {
  if (reply.smallTalk) return `${reply.smallTalk.reply}\n(small talk: not logged as a question)`;
  const lines: string[] = [];
  const [best, ...others] = reply.results;
  if (reply.decision === 'answer' && best) {
    lines.push(`${best.title}  (confidence ${Math.round(reply.confidence * 100)}%, ${best.id})`, `  ${best.snippet}`);
    if (best.sourceUrl) lines.push(`  ${best.sourceUrl}`);
    if (others.length > 0) lines.push('Also:', ...others.map((r) => `  - ${r.title} (${r.id})`));
  } else {
    lines.push("I don't know yet. The question is logged so someone can add an answer.");
    if (best) lines.push('Closest articles:', ...reply.results.map((r) => `  - ${r.title} (${r.id})`));
  }
  return lines.join('\n');
}
