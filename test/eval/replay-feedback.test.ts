import { replayFeedback } from '../../src/eval/replay-feedback';
import type { LabelledQuestion } from '../../src/eval/queries-file';
import type { Lore } from '../../src/lore';
import { seed } from '../helpers/articles';
import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';

const METRICS = ['questions', 'answerable', 'top1', 'mrr10', 'recall5', 'ndcg10', 'answeredAccuracy', 'oosRecall', 'abstainRate', 'p50Ms', 'p99Ms'];
/** Metrics where higher is better and learning the queries' own phrasings cannot make worse. */
const BETTER_HIGHER = ['top1', 'mrr10', 'recall5', 'ndcg10', 'answeredAccuracy'];

/** Ranks the expense article first and the VPN article (the right one) second on the seeded base. */
const PARAPHRASE = 'cannot reach work systems from my house';

/** One question for each replay rule, in this order. */
const FEEDBACK: LabelledQuestion[] = [
  // The top answer is right: 👍 on it.
  { question: 'Reset a forgotten password', article: 'password-reset' },
  // The top answer is wrong and the right one is among the next four: 👎 on the top, 👍 on the right one.
  { question: PARAPHRASE, article: 'vpn-home' },
  // Labelled as unanswerable, but Lore answers (printer-add, confidently): 👎 on that answer.
  { question: 'office printer', article: null },
  // Nothing answers it and Lore abstains with no results: no vote.
  { question: 'where do I leave my bicycle', article: null },
  // Labelled with an article Lore does not show (only parking-space matches): 👎 on the top only.
  { question: 'move my desk', article: 'printer-add' },
];

/** The rows the replay rules produce for FEEDBACK: a different person per question. */
const EXPECTED_VOTES = [
  { voter: 'replay-1', article_id: 'password-reset', value: 1 },
  { voter: 'replay-2', article_id: 'expense-claim', value: -1 },
  { voter: 'replay-2', article_id: 'vpn-home', value: 1 },
  { voter: 'replay-3', article_id: 'printer-add', value: -1 },
  { voter: 'replay-5', article_id: 'parking-space', value: -1 },
];

/** The feedback phrasings themselves, as queries: learning must help. */
const QUERIES: LabelledQuestion[] = [
  { question: PARAPHRASE, article: 'vpn-home' },
  { question: 'Reset a forgotten password', article: 'password-reset' },
];

function votesOf(lore: Lore) {
  return lore.db.prepare('SELECT voter, article_id, value FROM votes ORDER BY id').all();
}

describe('replaying feedback', () => {
  const sandbox = useSandbox();

  it('replayFeedback asks each question as a new person and votes by the rules, as evaluation questions', async () => {
    // With a higher bar than the default, "home office chair" gets results but no answer: nobody votes on it.
    const lore = sandbox.openLore({ minConfidence: 0.9 });
    seed(lore);
    const items = [...FEEDBACK, { question: 'home office chair', article: null }];

    const report = await replayFeedback(lore.answerer, lore.feedback, lore.knowledge.index, items, '');

    expect(report).toEqual({ asked: 6, up: 2, down: 3 });
    expect(votesOf(lore)).toEqual(EXPECTED_VOTES);
    const asked = lore.db.prepare('SELECT asker, platform, is_eval, text FROM questions ORDER BY id').all();
    expect(asked).toEqual(items.map((item, i) => ({ asker: `replay-${i + 1}`, platform: 'eval', is_eval: 1, text: item.question })));
    const chair = lore.db.prepare("SELECT decision, (SELECT count(*) FROM question_results r WHERE r.question_id = q.id) AS shown FROM questions q WHERE text = 'home office chair'").get();
    expect(chair).toEqual({ decision: 'abstain', shown: expect.any(Number) });
    expect((chair as { shown: number }).shown).toBeGreaterThan(0);
    // The replay taught: the paraphrase now asks for the VPN article.
    expect(lore.knowledge.get('vpn-home')!.questions).toContainEqual({ text: PARAPHRASE, origin: 'learned', weight: 1 });
  });

  it('looks for the labelled article among the four results after the top one, down to the fifth', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    // Every seeded article matches a word of this question; the VPN article comes last.
    const question = 'work password printer parking claim';
    const shown = lore.answerer.ask(question, { workspace: '', platform: 'test' }, { limit: 10 }).results.map((r) => r.id);
    expect(shown).toHaveLength(5);
    expect(shown.indexOf('vpn-home')).toBe(4);
    expect(shown[0]).not.toBe('vpn-home');

    const report = await replayFeedback(lore.answerer, lore.feedback, lore.knowledge.index, [{ question, article: 'vpn-home' }], '');

    expect(report).toEqual({ asked: 1, up: 1, down: 1 });
    expect(votesOf(lore)).toEqual([
      { voter: 'replay-1', article_id: shown[0], value: -1 },
      { voter: 'replay-1', article_id: 'vpn-home', value: 1 },
    ]);
  });

  describe('lore eval --learn', () => {
    function writeFiles() {
      return {
        queries: sandbox.write('queries.json', JSON.stringify(QUERIES)),
        feedback: sandbox.write('feedback.json', JSON.stringify(FEEDBACK)),
      };
    }

    it('--json prints the metrics after learning at the top level and before learning under "before"; learning helps', async () => {
      const lore = sandbox.openLore();
      seed(lore);
      lore.close();
      const { queries, feedback } = writeFiles();

      const run = await runLore(['eval', queries, '--learn', feedback, '--json', '--db', sandbox.dbFile]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const after = run.lastJson<Record<string, unknown>>();
      expect(Object.keys(after).sort()).toEqual([...METRICS, 'before'].sort());
      const before = after.before as Record<string, number | null>;
      expect(Object.keys(before).sort()).toEqual([...METRICS].sort());

      expect(before).toMatchObject({ questions: 2, answerable: 2, top1: 0.5 });
      expect(after).toMatchObject({ questions: 2, answerable: 2, top1: 1, mrr10: 1 });
      for (const name of BETTER_HIGHER) expect(after[name]).toBeGreaterThanOrEqual(before[name]!);

      const db = sandbox.connect();
      expect(db.prepare('SELECT voter, article_id, value FROM votes ORDER BY id').all()).toEqual(EXPECTED_VOTES);
      // The replay's people asked once each; the two evaluations asked the queries twice.
      expect(db.prepare("SELECT count(*) AS n FROM questions WHERE asker LIKE 'replay-%'").get()).toEqual({ n: FEEDBACK.length });
      expect(db.prepare('SELECT count(*) AS n, sum(is_eval) AS evals FROM questions').get()).toEqual({
        n: FEEDBACK.length + 2 * QUERIES.length,
        evals: FEEDBACK.length + 2 * QUERIES.length,
      });
    });

    it('prints what it replayed and both columns for a person', async () => {
      const lore = sandbox.openLore();
      seed(lore);
      lore.close();
      const { queries, feedback } = writeFiles();

      const run = await runLore(['eval', queries, '--learn', feedback, '--db', sandbox.dbFile]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('replayed 5 questions: 2 👍, 3 👎');
      expect(run.stdout).toMatch(/^top1 +0\.5 +1$/m);
    });

    it('lore stats counts neither the replayed questions nor their votes, only what people did', async () => {
      const lore = sandbox.openLore();
      seed(lore);
      const reply = lore.answerer.ask('Book a parking space', { workspace: '', platform: 'test', asker: 'ada' });
      lore.feedback.vote({ questionId: reply.questionId, articleId: reply.results[0]!.id, voter: 'ada', value: 1 });
      lore.close();
      const { queries, feedback } = writeFiles();
      const people = { questions: 1, answered: 1, abstained: 0, votes: { up: 1, down: 0 } };

      const statsBefore = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
      expect(statsBefore.lastJson()).toMatchObject(people);

      expect((await runLore(['eval', queries, '--learn', feedback, '--json', '--db', sandbox.dbFile])).code).toBe(0);
      const db = sandbox.connect();
      expect(db.prepare('SELECT count(*) AS n FROM votes').get()).toEqual({ n: 1 + EXPECTED_VOTES.length });

      const statsAfter = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
      expect(statsAfter.code).toBe(0);
      expect(statsAfter.lastJson()).toMatchObject(people);
    });
  });
});
