import { runLore } from '../../helpers/run-lore';
import { seed } from '../../helpers/articles';
import { useSandbox } from '../../helpers/sandbox';

describe('lore stats', () => {
  const sandbox = useSandbox();

  it('--json counts across workspaces, or one with --workspace', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    seed(lore, [{ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }], 'T1');
    const shared = lore.answerer.ask('Reset a forgotten password', { workspace: '', platform: 'test' });
    const t1 = lore.answerer.ask('Borrow a company bicycle', { workspace: 'T1', platform: 'test' });
    lore.answerer.ask('zxqv blorf wibble', { workspace: 'T1', platform: 'test' });
    lore.votes.cast({ questionId: shared.questionId, articleId: shared.results[0]!.id, voter: 'ada', value: 1 });
    lore.votes.cast({ questionId: t1.questionId, articleId: t1.results[0]!.id, voter: 'ada', value: -1 });
    lore.votes.cast({ questionId: t1.questionId, articleId: t1.results[0]!.id, voter: 'bob', value: 1 });
    lore.capturer.capture({ workspace: 'T1', platform: 'test', question: 'Where are the spare keys', answer: 'In the red box.' });
    lore.close();

    const all = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(all.code).toBe(0);
    expect(all.lastJson()).toEqual({ articles: 7, questions: 3, answered: 2, abstained: 1, votes: { up: 2, down: 1 }, captures: 1 });

    const inT1 = await runLore(['stats', '--json', '--workspace', 'T1', '--db', sandbox.dbFile]);
    expect(inT1.lastJson()).toEqual({ articles: 2, questions: 2, answered: 1, abstained: 1, votes: { up: 1, down: 1 }, captures: 1 });

    const inShared = await runLore(['stats', '--json', '--workspace', '', '--db', sandbox.dbFile]);
    expect(inShared.lastJson()).toEqual({ articles: 5, questions: 1, answered: 1, abstained: 0, votes: { up: 1, down: 0 }, captures: 0 });
  });

  it('prints the counts for a person', async () => {
    const run = await runLore(['stats', '--create', '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^articles +0$/m);
    expect(run.stdout).toMatch(/^captures +0$/m);
  });
});
