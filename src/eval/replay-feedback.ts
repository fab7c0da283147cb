import type { Answerer } from '../answers/answerer';
import type { Feedback } from '../feedback/feedback';
import type { SearchIndex } from '../search/search-index';
import type { LabelledQuestion } from './queries-file';

/** How many of the next candidates a person looks through for the right article. */
const NEXT_CANDIDATES = 4;
const SETTLE_EVERY = 25;

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
export async function replayFeedback(
  answerer: Answerer,
  feedback: Feedback,
  index: SearchIndex,
  items: readonly LabelledQuestion[],
  workspace: string,
): Promise<ReplayReport> {
  const report: ReplayReport = { asked: 0, up: 0, down: 0 };
  for (const [i, item] of items.entries()) {
    // Votes replace documents in the index; let MiniSearch clean up as it would between requests.
    if (i % SETTLE_EVERY === 0) await index.settle();
    const voter = `replay-${i + 1}`;
    const reply = answerer.ask(item.question, { workspace, platform: 'eval', asker: voter, isEval: true }, { limit: 1 + NEXT_CANDIDATES });
    report.asked += 1;
    const [top, ...next] = reply.results;
    if (!top) continue;
    const vote = (articleId: string, value: 1 | -1) => {
      feedback.vote({ questionId: reply.questionId, articleId, voter, value });
      if (value > 0) report.up += 1;
      else report.down += 1;
    };
    if (item.article === null) {
      if (reply.decision === 'answer') vote(top.id, -1);
      continue;
    }
    if (top.id === item.article) {
      vote(top.id, 1);
      continue;
    }
    vote(top.id, -1);
    if (next.some((result) => result.id === item.article)) vote(item.article, 1);
  }
  await index.settle();
  return report;
}
