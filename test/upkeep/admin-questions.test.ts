import { seed } from '../helpers/articles';
import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';
import { clusterQuestions } from '../../src/upkeep/question-clusters';
import { isGapWorthy } from '../../src/upkeep/is-gap-worthy';

describe('what counts as an asked question and a gap', () => {
  const sandbox = useSandbox();

  beforeEach(() => {
    const lore = sandbox.openLore();
    seed(lore);
    lore.close();
  });

  it('lore ask --dry-run and lore eval never count as asked questions', async () => {
    const dry = await runLore(['ask', '--dry-run', 'where is the canteen menu', '--json', '--db', sandbox.dbFile]);
    expect(dry.code).toBe(0);
    expect(dry.lastJson()).toMatchObject({ decision: 'abstain', questionId: 0 });
    const queries = sandbox.write('queries.json', JSON.stringify([{ question: 'where is the canteen menu', article: null }]));
    expect((await runLore(['eval', queries, '--db', sandbox.dbFile])).code).toBe(0);

    expect((await runLore(['stats', '--json', '--db', sandbox.dbFile])).lastJson()).toMatchObject({ questions: 0, abstained: 0 });
    expect((await runLore(['gaps', '--json', '--db', sandbox.dbFile])).lastJson()).toEqual({ gaps: [] });
    const { weeks } = (await runLore(['trends', '--json', '--db', sandbox.dbFile])).lastJson<{ weeks: Array<{ questions: number }> }>();
    expect(weeks.reduce((sum, week) => sum + week.questions, 0)).toBe(0);

    // Without --dry-run, the same question is a question someone asked.
    await runLore(['ask', 'where is the canteen menu', '--db', sandbox.dbFile]);
    expect((await runLore(['stats', '--json', '--db', sandbox.dbFile])).lastJson()).toMatchObject({ questions: 1 });
  });

  it('a bare "help", a command or a message of a letter or two is no gap', () => {
    const lore = sandbox.openLore();
    for (const [asker, text] of [['U1', 'help'], ['U2', 'Help!'], ['U3', '/lore status'], ['U4', 'test'], ['U5', 'ok'], ['U6', '??'], ['U7', 'help me please']]) {
      lore.answerer.ask(text!, { workspace: '', platform: 'test', asker });
    }
    lore.answerer.ask('where is the canteen menu', { workspace: '', platform: 'test', asker: 'U8' });
    expect(lore.upkeep.gaps.list().map((gap) => gap.examples)).toEqual([['where is the canteen menu']]);

    expect(isGapWorthy('help with the expense form')).toBe(true);
    expect(isGapWorthy('vpn?')).toBe(true);
  });

  it('labels gaps with the words people wrote, not the index\'s stems', () => {
    const [cluster] = clusterQuestions(["j'ai oublié mon mot de passe", 'mot de passe oublié', 'Mot de passe oublié, que faire ?'], (q) => q);
    expect(cluster!.label).toBe('oublié, passe, mot');
  });
});
