import { ManualClock } from '../../src/clock';
import type { Lore } from '../../src/lore';
import { seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

function votesOf(lore: Lore) {
  return lore.db
    .prepare('SELECT workspace, question_id, article_id, voter, value, created_at, updated_at FROM votes ORDER BY id')
    .all();
}

describe('VoteBook', () => {
  const sandbox = useSandbox();

  function askAbout(lore: Lore, question = 'Reset a forgotten password', workspace = '') {
    const reply = lore.answerer.ask(question, { workspace, platform: 'test', asker: 'ada' });
    expect(reply.results.length).toBeGreaterThanOrEqual(2);
    return reply;
  }

  it('keeps one vote per person per answer and article: recorded, unchanged on a repeat, changed by the other button', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore);
    const reply = askAbout(lore);
    const vote = { questionId: reply.questionId, articleId: reply.results[0]!.id, voter: 'ada' };

    expect(lore.votes.cast({ ...vote, value: 1 })).toBe('recorded');
    clock.advance(1000);
    expect(lore.votes.cast({ ...vote, value: 1 })).toBe('unchanged');
    expect(lore.votes.tally(vote.articleId)).toEqual({ up: 1, down: 0 });
    clock.advance(1000);
    expect(lore.votes.cast({ ...vote, value: -1 })).toBe('changed');
    expect(lore.votes.tally(vote.articleId)).toEqual({ up: 0, down: 1 });

    expect(votesOf(lore)).toEqual([
      { workspace: '', question_id: reply.questionId, article_id: vote.articleId, voter: 'ada', value: -1, created_at: START, updated_at: START + 2000 },
    ]);
  });

  it('counts other people, other results and other answers separately', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const first = askAbout(lore);
    const second = askAbout(lore);
    const [top, runnerUp] = first.results;

    expect(lore.votes.cast({ questionId: first.questionId, articleId: top!.id, voter: 'ada', value: 1 })).toBe('recorded');
    expect(lore.votes.cast({ questionId: first.questionId, articleId: top!.id, voter: 'bob', value: 1 })).toBe('recorded');
    expect(lore.votes.cast({ questionId: first.questionId, articleId: runnerUp!.id, voter: 'ada', value: -1 })).toBe('recorded');
    expect(lore.votes.cast({ questionId: second.questionId, articleId: top!.id, voter: 'ada', value: 1 })).toBe('recorded');
    expect(votesOf(lore)).toHaveLength(4);
    // ada's two 👍 on the same article, on two answers, count once: one person, one voice.
    expect(lore.votes.tally(top!.id)).toEqual({ up: 2, down: 0 });
    expect(lore.votes.tally(runnerUp!.id)).toEqual({ up: 0, down: 1 });
  });

  it("leaves out of an article's standing a 👎 whose voter found the answer in another article shown for the question, not of its tally", () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = askAbout(lore);
    const [top, runnerUp] = reply.results;
    const other = askAbout(lore);

    lore.votes.cast({ questionId: reply.questionId, articleId: top!.id, voter: 'ada', value: -1 });
    lore.votes.cast({ questionId: other.questionId, articleId: top!.id, voter: 'bob', value: -1 });
    expect(lore.votes.standing(top!.id)).toEqual({ up: 0, down: 2 });
    // ada finds her answer in the runner-up: her 👎 said "not this one for my question", not "unhelpful".
    lore.votes.cast({ questionId: reply.questionId, articleId: runnerUp!.id, voter: 'ada', value: 1 });
    expect(lore.votes.standing(top!.id)).toEqual({ up: 0, down: 1 });
    expect(lore.votes.tally(top!.id)).toEqual({ up: 0, down: 2 });
    expect(lore.votes.standings().filter((s) => s.articleId === top!.id)).toEqual([{ articleId: top!.id, workspace: '', up: 0, down: 1 }]);
    // Taking the 👍 back makes the 👎 count again.
    lore.votes.withdraw({ questionId: reply.questionId, articleId: runnerUp!.id, voter: 'ada', value: 1 });
    expect(lore.votes.standing(top!.id)).toEqual({ up: 0, down: 2 });
  });

  it('reads as outcomes the votes on the first result of answers, not of replies where Lore said it did not know', () => {
    // Above any confidence: every reply abstains, while still showing results.
    const doubtful = sandbox.openLore({ minConfidence: 1.01 });
    seed(doubtful);
    const abstained = askAbout(doubtful);
    expect(abstained.decision).toBe('abstain');
    doubtful.votes.cast({ questionId: abstained.questionId, articleId: abstained.results[0]!.id, voter: 'ada', value: 1 });
    expect(doubtful.votes.outcomes()).toEqual([]);
    doubtful.close();

    const lore = sandbox.openLore();
    seed(lore);
    const answered = askAbout(lore);
    expect(answered.decision).toBe('answer');
    lore.votes.cast({ questionId: answered.questionId, articleId: answered.results[0]!.id, voter: 'ada', value: 1 });
    lore.votes.cast({ questionId: answered.questionId, articleId: answered.results[1]!.id, voter: 'bob', value: -1 });
    expect(lore.votes.outcomes()).toEqual([{ evidence: expect.objectContaining({ probability: expect.any(Number) }), right: true }]);
  });

  it("files a vote under the question's workspace", () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = askAbout(lore, 'Reset a forgotten password', 'T1');
    lore.votes.cast({ questionId: reply.questionId, articleId: reply.results[0]!.id, voter: 'ada', value: 1 });
    expect(votesOf(lore)).toEqual([expect.objectContaining({ workspace: 'T1' })]);
  });

  it('rejects a vote on an article that was not shown for the question', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = askAbout(lore);
    const notShown = ['vpn-home', 'password-reset', 'printer-add', 'expense-claim', 'parking-space'].find(
      (id) => !reply.results.some((r) => r.id === id),
    )!;
    expect(() => lore.votes.cast({ questionId: reply.questionId, articleId: notShown, voter: 'ada', value: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(votesOf(lore)).toEqual([]);
  });

  it('rejects a vote on a question never asked', () => {
    const lore = sandbox.openLore();
    seed(lore);
    expect(() => lore.votes.cast({ questionId: 999, articleId: 'vpn-home', voter: 'ada', value: 1 })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});
