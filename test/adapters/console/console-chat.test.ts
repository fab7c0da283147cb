import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { runConsoleChat } from '../../../adapters/console/console-chat';
import { savedIndexFile } from '../../../src/knowledge/knowledge-base';
import type { Lore } from '../../../src/lore';
import { seed } from '../../helpers/articles';
import { useSandbox } from '../../helpers/sandbox';

/** Runs the chat over the given lines and returns everything it printed. */
async function chat(lore: Lore, lines: string[], options: { user?: string; workspace?: string } = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  input.end(lines.map((line) => `${line}\n`).join(''));
  await runConsoleChat({ lore, input, output, user: options.user ?? 'ada', workspace: options.workspace });
  output.end();
  await finished(output);
  return Buffer.concat(chunks).toString('utf8');
}

function resultsOf(lore: Lore, questionId: number): string[] {
  return lore.db
    .prepare<[number], { article_id: string }>('SELECT article_id FROM question_results WHERE question_id = ? ORDER BY rank')
    .all(questionId)
    .map((row) => row.article_id);
}

describe('runConsoleChat', () => {
  const sandbox = useSandbox();

  it('starts at once on a base it is still reading into its index, and says so', async () => {
    const first = sandbox.openLore();
    seed(first);
    first.close();
    fs.rmSync(savedIndexFile(sandbox.dbFile));
    const lore = sandbox.openLore({ indexInBackgroundAbove: 2, backgroundTrainingAbove: 2 });

    const output = await chat(lore, ['Reset a forgotten password']);

    expect(output).toMatch(/^Lore is reading 5 articles into its index; ask meanwhile/);
    expect(output).toContain("still reading the knowledge base (0% of 5 articles)");
    await lore.knowledge.whenReady();
    expect(await chat(lore, [])).toMatch(/^Lore is ready with 5 articles\./);
  });

  it('answers thanks in kind, and a vote after it still means the answer before', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    const output = await chat(lore, ['Reset a forgotten password', 'thanks!', '/up']);
    expect(output).toContain("You're welcome!");
    expect(output).toContain('👍 Thanks, noted for “Reset a forgotten password”.');
    expect(lore.db.prepare('SELECT text FROM questions').pluck().all()).toEqual(['Reset a forgotten password']);
  });

  it('answers, takes votes and a capture, and resolves at the end of input', async () => {
    const lore = sandbox.openLore();
    seed(lore);

    const output = await chat(lore, [
      'Reset a forgotten password',
      '/up',
      '/down 2',
      'How do I borrow a company bicycle',
      '/capture Ask reception for a bike key; the bikes are in the basement.',
      'How do I borrow a company bicycle',
    ]);

    expect(output).toMatch(/^Lore is ready with 5 articles\./);
    expect(output).toContain('📄 Reset a forgotten password');
    expect(output).toContain('👍 Thanks, noted for “Reset a forgotten password”.');
    expect(output).toContain("🤔 I don't know that one yet.");
    expect(output).toContain('📝 Saved as “How do I borrow a company bicycle”');
    expect(output).toContain('📄 How do I borrow a company bicycle');

    const questions = lore.db.prepare<[], { id: number; text: string; decision: string }>('SELECT id, text, decision FROM questions ORDER BY id').all();
    expect(questions.map((q) => [q.text, q.decision])).toEqual([
      ['Reset a forgotten password', 'answer'],
      ['How do I borrow a company bicycle', 'abstain'],
      ['How do I borrow a company bicycle', 'answer'],
    ]);
    const [first, second] = resultsOf(lore, questions[0]!.id);
    expect(first).toBe('password-reset');
    expect(lore.db.prepare('SELECT question_id, article_id, voter, value FROM votes ORDER BY id').all()).toEqual([
      { question_id: questions[0]!.id, article_id: first, voter: 'ada', value: 1 },
      { question_id: questions[0]!.id, article_id: second, voter: 'ada', value: -1 },
    ]);
    expect(lore.db.prepare('SELECT question, answer, answer_author, captured_by, platform FROM captures').all()).toEqual([
      {
        question: 'How do I borrow a company bicycle',
        answer: 'Ask reception for a bike key; the bikes are in the basement.',
        answer_author: 'ada',
        captured_by: 'ada',
        platform: 'console',
      },
    ]);
  });

  it('/capture after a vote keeps the answer text in an article: added to the answer it confirms, new after a 👎', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    const tip = 'If the code does not arrive, call the service desk on 4444.';
    const confirmed = await chat(lore, ['Reset a forgotten password', '/up', `/capture ${tip}`]);
    expect(confirmed).toContain('📝 “Reset a forgotten password” already answers this; I added your question and your answer to it');
    expect(lore.knowledge.get('password-reset')!.body).toContain(tip);

    const correction = 'Parking is booked at the front desk now, not in the app.';
    const rejected = await chat(lore, ['Book a parking space', '/down', `/capture ${correction}`]);
    expect(rejected).toMatch(/📝 Saved as “Book a parking space” \(book-a-parking-space(-\d)?\)/);
    const created = lore.db.prepare<[string], { id: string }>("SELECT id FROM articles WHERE body = ?").get(correction);
    expect(created).toBeDefined();
    expect(lore.knowledge.get('parking-space')!.body).not.toContain(correction);
  });

  it('says so when the same vote is cast twice, and accepts 👍 and 👎', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    const output = await chat(lore, ['Book a parking space', '👍', '/up', '👎']);
    expect(output).toContain('👍 Thanks, noted for “Book a parking space”.');
    expect(output).toContain('You had already voted 👍 on “Book a parking space”.');
    expect(output).toContain('👎 Thanks, noted for “Book a parking space”.');
    expect(lore.db.prepare('SELECT value FROM votes').all()).toEqual([{ value: -1 }]);
  });

  it('guides instead of failing: votes and captures before a question, a missing result, an unknown command', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    const output = await chat(lore, ['/up', '/capture something', 'Book a parking space', '/down 9', '/capture', '/frobnicate', '/help']);
    expect(output).toContain('Ask a question first, then vote on the answer.');
    expect(output).toContain('Ask a question first; /capture then keeps your answer');
    expect(output).toContain('There is no result 9 to vote on.');
    expect(output).toContain('Write the answer after /capture');
    expect(output).toContain('Unknown command /frobnicate.');
    expect(output).toContain('/quit            leave');
    expect(lore.db.prepare('SELECT count(*) AS n FROM votes').get()).toEqual({ n: 0 });
    expect(lore.db.prepare('SELECT count(*) AS n FROM captures').get()).toEqual({ n: 0 });
  });

  it('stops at /quit and ignores what follows', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    await chat(lore, ['Book a parking space', '/quit', 'Submit an expense claim']);
    expect(lore.db.prepare('SELECT text FROM questions').all()).toEqual([{ text: 'Book a parking space' }]);
  });

  it('asks and captures in its workspace', async () => {
    const lore = sandbox.openLore();
    seed(lore, [{ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }], 'T1');
    const asT2 = await chat(lore, ['Borrow a company bicycle', '/capture Team two has no bikes.'], { workspace: 'T2' });
    expect(asT2).toContain("I don't know that one yet");
    expect(lore.db.prepare('SELECT workspace, decision FROM questions').all()).toEqual([{ workspace: 'T2', decision: 'abstain' }]);
    expect(lore.db.prepare('SELECT workspace FROM captures').all()).toEqual([{ workspace: 'T2' }]);
  });

  it('shows the whole article of a result with /show N, and reads a follow-up with the question before it', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    seed(lore, [{ id: 'team-two', title: 'Team two bikes', body: 'Only team two sees this.' }], 'T2');
    const output = await chat(lore, ['Reset a forgotten password', '/show', '/show 9', 'still not working', 'Book a parking space']);

    expect(output).toContain('\n   Reset a forgotten password\n\n   Go to the password page on the intranet and choose Forgot password.');
    expect(output).toContain('There is no result 9 to show');
    expect(output).toContain('↪ Read with your earlier question: “Reset a forgotten password”');
    expect(lore.db.prepare('SELECT text FROM questions ORDER BY id').pluck().all()).toEqual([
      'Reset a forgotten password',
      'Reset a forgotten password — still not working',
      'Book a parking space',
    ]);
    expect(await chat(lore, ['Team two bikes', '/show'])).not.toContain('Only team two sees this.');
  });
});
