import { runLore } from '../../helpers/run-lore';
import { seed } from '../../helpers/articles';
import { useSandbox } from '../../helpers/sandbox';

interface AskJson {
  decision: string;
  confidence: number;
  results: Array<{ id: string; title: string; score: number; snippet: string }>;
}

describe('lore ask', () => {
  const sandbox = useSandbox();

  beforeEach(() => {
    const lore = sandbox.openLore();
    seed(lore);
    seed(lore, [{ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Ask reception for a bike key.' }], 'T1');
    lore.close();
  });

  it('--json prints the reply as one compact JSON line, the last of stdout', async () => {
    const run = await runLore(['ask', 'Submit', 'an', 'expense', 'claim', '--json', '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    const line = run.lastLine();
    const reply = run.lastJson<AskJson>();
    expect(JSON.stringify(reply)).toBe(line);
    expect(reply).toEqual({
      decision: 'answer',
      confidence: expect.any(Number),
      questionId: expect.any(Number),
      results: expect.any(Array),
    });
    expect(reply.results.length).toBeGreaterThan(0);
    for (const result of reply.results) {
      expect(Object.keys(result).sort()).toEqual(['id', 'score', 'snippet', 'title']);
      expect(typeof result.title).toBe('string');
      expect(typeof result.score).toBe('number');
      expect(result.snippet.length).toBeGreaterThan(0);
    }
    expect(reply.results[0]).toMatchObject({ id: 'expense-claim', title: 'Submit an expense claim' });
  });

  it('--json abstains on nonsense', async () => {
    const run = await runLore(['ask', 'zxqv blorf wibble', '--json', '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.lastJson<AskJson>().decision).toBe('abstain');
  });

  it('prints the answer for a person without --json', async () => {
    const run = await runLore(['ask', 'Book a parking space', '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Book a parking space {2}\(confidence \d+%, parking-space\)\n/);
    const nonsense = await runLore(['ask', 'zxqv blorf wibble', '--db', sandbox.dbFile]);
    expect(nonsense.stdout).toContain("I don't know yet");
  });

  it('shows what Lore says back to small talk, with smallTalk in --json, and logs nothing', async () => {
    const human = await runLore(['ask', 'thanks!', '--db', sandbox.dbFile]);
    expect(human.stdout).toBe("You're welcome! Ask me anything else any time.\n(small talk: not logged as a question)\n");
    const json = await runLore(['ask', 'hi', '--json', '--db', sandbox.dbFile]);
    expect(json.lastJson()).toEqual({ decision: 'abstain', confidence: expect.any(Number), questionId: 0, results: [], smallTalk: { kind: 'greeting', reply: expect.any(String) } });
    const stats = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(stats.lastJson()).toMatchObject({ questions: 0 });
  });

  it('asks as a workspace with --workspace', async () => {
    const asT1 = await runLore(['ask', 'Borrow a company bicycle', '--workspace', 'T1', '--json', '--db', sandbox.dbFile]);
    const asT2 = await runLore(['ask', 'Borrow a company bicycle', '-w', 'T2', '--json', '--db', sandbox.dbFile]);
    expect(asT1.lastJson<AskJson>().results[0]?.id).toBe('t1-bikes');
    expect(asT2.lastJson<AskJson>().results.map((r) => r.id)).not.toContain('t1-bikes');
  });

  it('logs the question, so stats count it', async () => {
    await runLore(['ask', 'Book a parking space', '--db', sandbox.dbFile]);
    const stats = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(stats.lastJson()).toMatchObject({ questions: 1, answered: 1 });
  });
});
