import { readStats } from '../../src/upkeep/stats';
import { seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

describe('readStats', () => {
  const sandbox = useSandbox();

  it('counts an empty base as zeros', () => {
    const lore = sandbox.openLore();
    expect(readStats(lore.db)).toEqual({ articles: 0, questions: 0, answered: 0, abstained: 0, votes: { up: 0, down: 0 }, captures: 0 });
  });

  it('counts per workspace or across all, leaving out archived articles and evaluation questions', () => {
    const lore = sandbox.openLore();
    seed(lore);
    seed(lore, [{ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }], 'T1');
    lore.knowledge.setStatus('parking-space', 'archived', { reason: 'test' });

    const answered = lore.answerer.ask('Reset a forgotten password', { workspace: '', platform: 'test' });
    lore.answerer.ask('zxqv blorf wibble', { workspace: '', platform: 'test' });
    const inT1 = lore.answerer.ask('Borrow a company bicycle', { workspace: 'T1', platform: 'test' });
    const evalAsk = lore.answerer.ask('Submit an expense claim', { workspace: '', platform: 'eval', isEval: true });
    lore.answerer.ask('zxqv blorf wibble', { workspace: 'T1', platform: 'eval', isEval: true });

    lore.votes.cast({ questionId: answered.questionId, articleId: answered.results[0]!.id, voter: 'ada', value: 1 });
    lore.votes.cast({ questionId: inT1.questionId, articleId: inT1.results[0]!.id, voter: 'ada', value: -1 });
    lore.votes.cast({ questionId: evalAsk.questionId, articleId: evalAsk.results[0]!.id, voter: 'ada', value: 1 });
    lore.capturer.capture({ workspace: 'T1', platform: 'test', question: 'Where are the spare keys', answer: 'In the red box.' });

    expect(readStats(lore.db)).toEqual({ articles: 4 + 1 + 1, questions: 3, answered: 2, abstained: 1, votes: { up: 1, down: 1 }, captures: 1 });
    expect(readStats(lore.db, '')).toEqual({ articles: 4, questions: 2, answered: 1, abstained: 1, votes: { up: 1, down: 0 }, captures: 0 });
    expect(readStats(lore.db, 'T1')).toEqual({ articles: 2, questions: 1, answered: 1, abstained: 0, votes: { up: 0, down: 1 }, captures: 1 });
    expect(readStats(lore.db, 'T2')).toEqual({ articles: 0, questions: 0, answered: 0, abstained: 0, votes: { up: 0, down: 0 }, captures: 0 });
  });
});
