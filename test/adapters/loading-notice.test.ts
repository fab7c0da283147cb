import { renderReply as renderForTerminal } from '../../adapters/console/render-reply';
import { replyCard } from '../../adapters/teams/cards';
import type { Reply } from '../../src/answers/reply';
import { rankedArticle } from '../helpers/articles';

const ARTICLE = rankedArticle();
const LOADING = { read: 1_250, total: 5_000 };
const NOTICE = 'still reading the knowledge base (25% of 5,000 articles)';

const replies: Reply[] = [
  { decision: 'answer', questionId: 1, question: 'vpn?', confidence: 0.9, results: [ARTICLE], loading: LOADING },
  { decision: 'abstain', questionId: 2, question: 'dog?', confidence: 0.1, results: [], loading: LOADING },
];

describe('a reply given while the index is still being read', () => {
  it.each(replies.map((reply) => [reply.decision, reply] as const))('says so in a Teams card (%s), the actions unchanged', (_, reply) => {
    const card = replyCard(reply);
    // TextBlocks escape Markdown: "\\(" shows as "(".
    const shownText = JSON.stringify(card.body).replace(/\\\\/g, '');
    expect(shownText).toContain(NOTICE);
    expect(JSON.stringify(replyCard({ ...reply, loading: undefined }).body)).not.toContain('still reading');
    expect(card.actions).toEqual(replyCard({ ...reply, loading: undefined }).actions);
  });

  it.each(replies.map((reply) => [reply.decision, reply] as const))('says so in the terminal (%s)', (_, reply) => {
    expect(renderForTerminal(reply, false)).toContain(NOTICE);
    expect(renderForTerminal({ ...reply, loading: undefined }, false)).not.toContain('still reading');
  });
});
