import type { Answerer } from '../answers/answerer';
import type { Feedback } from '../feedback/feedback';
import type { LabelledQuestion } from './queries-file';

/** How many of the next candidates a person looks through for the right article. */
const NEXT_CANDIDATES = 4;

export interface ReplayReport {
  asked: number;
  up: number;
  down: number;
}

/**
 * Replays labelled questions as people asking and voting, through the same ask and vote
 * paths the adapters use: a different person per question; 👍 when Lore's top answer is
 * the labelled article; otherwise 👎 on the top answer, and 👍 on the labelled article if
 * it is among the next four shown; a question no article answers gets 👎 on whatever
 * Lore answered.
 */
export function replayFeedback(answerer: Answerer, feedback: Feedback, items: readonly LabelledQuestion[], workspace: string): ReplayReport {
  const report: ReplayReport = { asked: 0, up: 0, down: 0 };
  items.forEach((item, i) => {
    const voter = `replay-${i + 1}`;
    const reply = answerer.ask(item.question, { workspace, platform: 'eval', asker: voter, isEval: true }, { limit: 1 + NEXT_CANDIDATES });
    report.asked += 1;
    const [top, ...next] = reply.results;
    if (!top) return;
    const vote = (articleId: string, value: 1 | -1) => {
      feedback.vote({ questionId: reply.questionId, articleId, voter, value });
      if (value > 0) report.up += 1;
      else report.down += 1;
    };
    if (item.article === null) {
      if (reply.decision === 'answer') vote(top.id, -1);
      return;
    }
    if (top.id === item.article) {
      vote(top.id, 1);
      return;
    }
    vote(top.id, -1);
    if (next.some((result) => result.id === item.article)) vote(item.article, 1);
  });
  return report;
}
