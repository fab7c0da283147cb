import { MAX_QUESTION_LENGTH } from '../../src/answers/answerer';
import { NOT_LOGGED, type Reply } from '../../src/answers/reply';
import { isLoreError } from '../../src/errors';
import type { Lore } from '../../src/lore';
import { BASE, seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const AS_ADA = { workspace: '', platform: 'slack', asker: 'ada', place: '#help' };

interface QuestionRow {
  id: number;
  workspace: string;
  text: string;
  asker: string | null;
  place: string | null;
  platform: string;
  asked_at: number;
  decision: string;
  confidence: number;
  top_article_id: string | null;
  is_eval: number;
}

function loggedQuestion(lore: Lore, id: number): QuestionRow | undefined {
  return lore.db.prepare<[number], QuestionRow>('SELECT * FROM questions WHERE id = ?').get(id);
}

function loggedResults(lore: Lore, id: number) {
  return lore.db
    .prepare<[number], { rank: number; article_id: string; score: number }>('SELECT rank, article_id, score FROM question_results WHERE question_id = ? ORDER BY rank')
    .all(id);
}

describe('Answerer.ask', () => {
  const sandbox = useSandbox();

  describe.each(BASE.map((article) => [article.id!, article.title]))('asked the title of %s', (id, title) => {
    it('answers with that article first', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const reply = lore.answerer.ask(title, AS_ADA);
      expect(reply.decision).toBe('answer');
      expect(reply.results[0]?.id).toBe(id);
      expect(reply.question).toBe(title);
    });
  });

  it('shows a snippet of the answer with the question words highlighted', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = lore.answerer.ask('Reset a forgotten password', AS_ADA);
    const best = reply.results[0]!;
    expect(best.id).toBe('password-reset');
    expect(best.snippet.length).toBeGreaterThan(0);
    expect(best.snippet).not.toContain('**');
    expect(best.highlights.length).toBeGreaterThan(0);
    let previousEnd = 0;
    for (const { start, end } of best.highlights) {
      expect(start).toBeGreaterThanOrEqual(previousEnd);
      expect(end).toBeGreaterThan(start);
      expect(end).toBeLessThanOrEqual(best.snippet.length);
      previousEnd = end;
    }
    const highlighted = best.highlights.map(({ start, end }) => best.snippet.slice(start, end).toLowerCase());
    expect(highlighted).toContain('password');
  });

  it('carries what adapters render: title, score, source, owner, dates', () => {
    const lore = sandbox.openLore();
    seed(lore, [{ id: 'wifi', title: 'Join the office Wi-Fi', body: 'Pick CORP-WIFI.', owner: 'it', author: 'ada', sourceUrl: 'https://wiki.example.com/wifi' }]);
    const [best] = lore.answerer.ask('Join the office Wi-Fi', AS_ADA).results;
    expect(best).toMatchObject({
      id: 'wifi',
      title: 'Join the office Wi-Fi',
      sourceUrl: 'https://wiki.example.com/wifi',
      owner: 'it',
      author: 'ada',
      verifiedAt: null,
      updatedAt: START,
    });
    expect(best!.score).toBeGreaterThan(0);
    expect(best!.score).toBeLessThanOrEqual(1);
  });

  it('abstains on a question nothing answers', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = lore.answerer.ask('zxqv blorf wibble', AS_ADA);
    expect(reply.decision).toBe('abstain');
    expect(reply.confidence).toBeGreaterThanOrEqual(0);
    expect(reply.confidence).toBeLessThanOrEqual(1);
  });

  it('abstains on an empty knowledge base', () => {
    const lore = sandbox.openLore();
    const reply = lore.answerer.ask('Reset a forgotten password', AS_ADA);
    expect(reply).toMatchObject({ decision: 'abstain', results: [] });
  });

  it('logs an answered question with its decision, confidence and the results shown', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = lore.answerer.ask('  Reset a   forgotten password ', AS_ADA);
    expect(reply.question).toBe('Reset a forgotten password');

    expect(loggedQuestion(lore, reply.questionId)).toEqual({
      id: reply.questionId,
      workspace: '',
      text: 'Reset a forgotten password',
      asker: 'ada',
      place: '#help',
      platform: 'slack',
      asked_at: START,
      decision: 'answer',
      confidence: reply.confidence,
      top_article_id: 'password-reset',
      is_eval: 0,
    });
    expect(loggedResults(lore, reply.questionId)).toEqual(reply.results.map((r, i) => ({ rank: i + 1, article_id: r.id, score: r.score })));
  });

  it('logs an abstention too, with no top article', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply: Reply = lore.answerer.ask('zxqv blorf wibble', { workspace: 'T1', platform: 'teams' });
    expect(loggedQuestion(lore, reply.questionId)).toMatchObject({
      workspace: 'T1',
      text: 'zxqv blorf wibble',
      asker: null,
      platform: 'teams',
      decision: 'abstain',
      confidence: reply.confidence,
      top_article_id: null,
      is_eval: 0,
    });
    expect(loggedResults(lore, reply.questionId)).toHaveLength(reply.results.length);
  });

  it('answers small talk in kind and logs nothing when the base has no answer for it', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const before = lore.db.prepare('SELECT count(*) AS n FROM questions').get();
    const reply = lore.answerer.ask('Thanks so much!', AS_ADA);
    expect(reply).toMatchObject({ decision: 'abstain', questionId: NOT_LOGGED, results: [], smallTalk: { kind: 'thanks' } });
    expect(lore.db.prepare('SELECT count(*) AS n FROM questions').get()).toEqual(before);
    // A question that opens with thanks is a question.
    const question = lore.answerer.ask('thanks, and how do I reset a forgotten password?', AS_ADA);
    expect(question.smallTalk).toBeUndefined();
    expect(loggedQuestion(lore, question.questionId)?.text).toBe('thanks, and how do I reset a forgotten password?');
  });

  it('lets a base that answers small talk itself answer it, and never takes evaluation questions for small talk', () => {
    const lore = sandbox.openLore();
    const greeting = { id: 'greeting', title: 'Greetings from the help desk bot', body: 'Hello! I am Lore.', questions: ['hi lore', 'hello lore', 'hey lore'] };
    seed(lore, [...BASE, greeting]);
    const reply = lore.answerer.ask('hello lore', AS_ADA);
    expect(reply.decision).toBe('answer');
    expect(reply.smallTalk).toBeUndefined();
    expect(reply.results[0]!.id).toBe('greeting');
    const evaluated = lore.answerer.ask('thanks!', { ...AS_ADA, isEval: true });
    expect(evaluated.smallTalk).toBeUndefined();
    expect(loggedQuestion(lore, evaluated.questionId)).toMatchObject({ text: 'thanks!', is_eval: 1 });
  });

  it('marks evaluation questions so they can be told apart', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = lore.answerer.ask('Book a parking space', { workspace: '', platform: 'eval', isEval: true });
    expect(loggedQuestion(lore, reply.questionId)?.is_eval).toBe(1);
  });

  it.each(['', '   ', '\n\t '])('refuses an empty question (%j) with INVALID_INPUT and logs nothing', (question) => {
    const lore = sandbox.openLore();
    seed(lore);
    let error: unknown;
    try {
      lore.answerer.ask(question, AS_ADA);
    } catch (caught) {
      error = caught;
    }
    expect(isLoreError(error, 'INVALID_INPUT')).toBe(true);
    expect(lore.db.prepare('SELECT count(*) AS n FROM questions').get()).toEqual({ n: 0 });
  });

  it('keeps at most MAX_QUESTION_LENGTH characters of a pasted log', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const reply = lore.answerer.ask(`printer ${'x'.repeat(MAX_QUESTION_LENGTH * 2)}`, AS_ADA);
    expect(reply.question).toHaveLength(MAX_QUESTION_LENGTH);
    expect(loggedQuestion(lore, reply.questionId)?.text).toHaveLength(MAX_QUESTION_LENGTH);
  });

  it('returns up to `limit` results when asked for more', () => {
    const lore = sandbox.openLore();
    seed(lore);
    // Every base article has a tag, so a question naming all tags matches all of them.
    const question = 'vpn remote accounts printing finance facilities';
    expect(lore.answerer.ask(question, AS_ADA).results).toHaveLength(3);
    expect(lore.answerer.ask(question, AS_ADA, { limit: 10 }).results).toHaveLength(BASE.length);
  });
});
