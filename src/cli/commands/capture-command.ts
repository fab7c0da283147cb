import { OPERATOR_PLATFORM } from '../../capture/capture-policy';
import { LoreError } from '../../errors';
import { type Command, WORKSPACE_OPTION, workspaceOf } from '../command';

export const captureCommand: Command = {
  name: 'capture',
  summary: 'keep an answer as an article (merging into the article that already answers it)',
  usage: 'lore capture --question Q --answer A [--author NAME] [--source URL] [--new] [--workspace ID] [--db FILE] [--json]',
  options: {
    ...WORKSPACE_OPTION,
    question: { type: 'string', short: 'q' },
    answer: { type: 'string', short: 'a' },
    author: { type: 'string' },
    source: { type: 'string' },
    new: { type: 'boolean' },
  },
  help: [
    'Cleans the answer exactly as chat captures are (no pings, mentions as names) and titles the article',
    'from the question. When an article already answers the question, the question is added to it',
    '(action "merged") instead of making a near-copy; --new makes a new article regardless.',
    'Prints {action: "created"|"merged"|"draft", article: {id, title}} with --json.',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    if (typeof values.question !== 'string' || typeof values.answer !== 'string') {
      throw new LoreError('USAGE', 'lore capture needs --question and --answer.');
    }
    const lore = context.openLore(values);
    try {
      const result = lore.capturer.capture({
        workspace: workspaceOf(values),
        platform: OPERATOR_PLATFORM,
        question: values.question,
        answer: values.answer,
        answerAuthor: typeof values.author === 'string' ? values.author : null,
        capturedBy: typeof values.author === 'string' ? values.author : null,
        sourceUrl: typeof values.source === 'string' ? values.source : null,
        onDuplicate: values.new ? 'new' : 'merge',
      });
      if (result.action === 'duplicate') throw new Error('a CLI capture never stops at a duplicate offer');
      const { article } = result;
      context.print(values, { action: result.action, article: { id: article.id, title: article.title } }, () =>
        result.action === 'merged'
          ? `merged: added the question to "${article.title}" (${article.id}), which already answers it`
          : `${result.action}: "${article.title}" (${article.id})`,
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};
