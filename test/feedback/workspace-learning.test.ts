import type { Reply } from '../../src/answers/reply';
import type { VoteValue } from '../../src/feedback/vote-book';
import type { ArticleInput } from '../../src/knowledge/article';
import type { Lore } from '../../src/lore';
import { BASE, seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

/** Two Slack teams sharing the default base, as the outside drill had them. */
const T1 = 'slack:T1';
const T2 = 'slack:T2';

const STRIKETHROUGH: ArticleInput = {
  id: 'markdown-strikethrough',
  title: 'Strikethrough text in GitHub markdown',
  body: 'Wrap the text in two tildes on each side: ~~like this~~. GitHub renders it crossed out in issues, comments and README files.',
  tags: ['markdown', 'github'],
};
/** A rival sharing most of its words, so that votes have something to tip. */
const BOLD: ArticleInput = {
  id: 'markdown-bold',
  title: 'Bold text in GitHub markdown',
  body: 'Wrap the text in two asterisks on each side: **like this**. GitHub renders it in bold in issues, comments and README files.',
  tags: ['markdown', 'github'],
};
const SHARED_BASE: readonly ArticleInput[] = [...BASE, STRIKETHROUGH, BOLD];

/** T1's question, with a made-up word that no article holds. */
const T1_QUESTION = 'How do I strikethrough text in GitHub markdown for the Zorblaxian project?';
const MADE_UP = 'Zorblaxian';
const PLAIN = 'How do I strikethrough text in GitHub markdown?';

function ask(lore: Lore, question: string, workspace: string, asker = 'asker'): Reply {
  return lore.answerer.ask(question, { workspace, platform: 'slack', asker }, { limit: 5 });
}

function vote(lore: Lore, reply: Reply, articleId: string, voter: string, value: VoteValue) {
  return lore.feedback.vote({ questionId: reply.questionId, articleId, voter, value });
}

/** What a workspace sees for a question: the decision, the results with their scores and snippets. */
function seen(reply: Reply) {
  return {
    decision: reply.decision,
    confidence: reply.confidence,
    results: reply.results.map((r) => ({ id: r.id, score: r.score, snippet: r.snippet })),
  };
}

describe('learning on a shared article stays in the workspace that taught it', () => {
  const sandbox = useSandbox();

  it("three 👍 in T1 teach T1 a phrasing with a made-up word; T2's answers, confidence and snippets do not move, even after a restart", () => {
    let lore = sandbox.openLore();
    seed(lore, SHARED_BASE);
    const t2Before = { madeUp: seen(ask(lore, MADE_UP, T2)), plain: seen(ask(lore, PLAIN, T2)), full: seen(ask(lore, T1_QUESTION, T2)) };
    expect(t2Before.madeUp.results).toEqual([]);

    for (const voter of ['ada', 'bob', 'cy']) {
      const reply = ask(lore, T1_QUESTION, T1, voter);
      expect(reply.results.map((r) => r.id)).toContain('markdown-strikethrough');
      expect(vote(lore, reply, 'markdown-strikethrough', voter, 1).outcome).toBe('recorded');
    }

    // T1 learned: its people asking the made-up word now get the article, shown by its own
    // answering passage (a learned phrasing never stands in for the answer).
    const t1 = ask(lore, MADE_UP, T1);
    expect(t1.results[0]?.id).toBe('markdown-strikethrough');
    expect(t1.results[0]?.snippet).toContain('~~');

    // T2 did not: the same answers at the same confidence, and never T1's words.
    const t2After = () => ({ madeUp: seen(ask(lore, MADE_UP, T2)), plain: seen(ask(lore, PLAIN, T2)), full: seen(ask(lore, T1_QUESTION, T2)) });
    expect(t2After()).toEqual(t2Before);
    expect(JSON.stringify(t2After())).not.toContain('project?');
    // The shared article itself is as its editors left it.
    expect(lore.knowledge.get('markdown-strikethrough')!.questions).toEqual([]);

    // The saved index and model of a restarted Lore keep it so.
    lore.close();
    lore = sandbox.openLore();
    expect(t2After()).toEqual(t2Before);
    expect(ask(lore, MADE_UP, T1).results[0]?.id).toBe('markdown-strikethrough');
  });

  it("eight 👎 in T1 move T1's answer only: T2's answer and its confidence stay where they were", () => {
    const lore = sandbox.openLore();
    seed(lore, SHARED_BASE);
    const t2Before = seen(ask(lore, PLAIN, T2));
    expect(t2Before.results[0]?.id).toBe('markdown-strikethrough');
    const t1Before = ask(lore, PLAIN, T1);

    for (const voter of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']) {
      const reply = ask(lore, PLAIN, T1, voter);
      expect(vote(lore, reply, 'markdown-strikethrough', voter, -1)).toEqual(expect.objectContaining({ outcome: 'recorded', tally: expect.objectContaining({ down: expect.any(Number) }) }));
    }

    // T1's answer moved…
    expect(seen(ask(lore, PLAIN, T1))).not.toEqual(seen(t1Before));
    // …and T2's did not move at all.
    expect(seen(ask(lore, PLAIN, T2))).toEqual(t2Before);
    // Each workspace's record of the article is its own.
    expect(lore.votes.tally('markdown-strikethrough', T1)).toEqual({ up: 0, down: 8 });
    expect(lore.votes.tally('markdown-strikethrough', T2)).toEqual({ up: 0, down: 0 });
  });

  it("a 👍 in T1 does not add support to a phrasing T2 learned, T2's 👎 does not take it from T1's, and the terminal's is the base's", () => {
    const lore = sandbox.openLore();
    seed(lore, SHARED_BASE);
    const inT1 = ask(lore, T1_QUESTION, T1, 'ada');
    vote(lore, inT1, 'markdown-strikethrough', 'ada', 1);
    const inT2 = ask(lore, T1_QUESTION, T2, 'bob');
    // The same words are new to T2: learned there as T2's own.
    expect(vote(lore, inT2, 'markdown-strikethrough', 'bob', 1).learning).toBe('learned');
    const again = ask(lore, T1_QUESTION, T2, 'cy');
    expect(vote(lore, again, 'markdown-strikethrough', 'cy', -1).learning).toBe('weakened');
    const rows = lore.db
      .prepare('SELECT workspace, text, weight FROM article_questions WHERE article_id = ? ORDER BY workspace')
      .all('markdown-strikethrough');
    expect(rows).toEqual([
      { workspace: T1, text: T1_QUESTION, weight: 1 },
      { workspace: T2, text: T1_QUESTION, weight: 0 },
    ]);
    // T2's phrasing lost its support there; T1 keeps its own.
    expect(ask(lore, MADE_UP, T1).results[0]?.id).toBe('markdown-strikethrough');
    expect(ask(lore, MADE_UP, T2).results).toEqual([]);

    // The shared workspace's own people (the terminal) teach the shared base itself, as before.
    vote(lore, ask(lore, T1_QUESTION, '', 'dee'), 'markdown-strikethrough', 'dee', 1);
    expect(lore.knowledge.get('markdown-strikethrough')!.questions).toEqual([{ text: T1_QUESTION, origin: 'learned', weight: 1 }]);
  });
});
