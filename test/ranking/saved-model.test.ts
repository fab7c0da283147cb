import fs from 'node:fs';
import type { Logger } from '../../src/logger';
import type { Lore } from '../../src/lore';
import { savedModelFile } from '../../src/ranking/saved-model';
import { type ArticleInput } from '../../src/knowledge/article';
import { articleInput, BASE, seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

/** A logger that keeps every message, to see whether the ranking model was trained, loaded or recalibrated. */
function recordingLogger(): Logger & { said(msg: string): number } {
  const lines: string[] = [];
  const keep = (_obj: object, msg?: string) => void lines.push(msg ?? '');
  const logger = { debug: keep, info: keep, warn: keep, error: keep, child: () => logger, said: (msg: string) => lines.filter((line) => line === msg).length };
  return logger;
}

const QUESTIONS = [
  'vpn will not connect',
  'I forgot my password',
  'how do I print',
  'claim back a taxi fare',
  'where do I park',
  'globalprotect keeps disconnecting at home',
  'submit receipts',
  'borrow a bicycle',
];

const BIKES: ArticleInput = {
  id: 'bikes',
  title: 'Borrow a company bicycle',
  body: 'Ask reception for a key to the bike shed.',
  questions: ['can I borrow a bike', 'bicycle for a ride to the station'],
};

/** Every result of every question, with its score and confidence: what must not change across a restart. */
function answers(lore: Lore): unknown[] {
  return QUESTIONS.map((question) => {
    const reply = lore.answerer.ask(question, { workspace: '', platform: 'test', asker: 'ada' }, { limit: 5 });
    return { question, decision: reply.decision, confidence: reply.confidence, results: reply.results.map((r) => [r.id, r.score]) };
  });
}

function topIds(replies: unknown[]): unknown[] {
  return (replies as Array<{ results: Array<[string, number]> }>).map((reply) => reply.results[0]?.[0]);
}

const EDIT = { by: 'test', reason: 'edit' };

describe('the saved ranking model', () => {
  const sandbox = useSandbox();

  /** A base answered once (so the model is trained) and closed (so it is saved). */
  function trainedAndClosed(): unknown[] {
    const first = sandbox.openLore();
    seed(first);
    const replies = answers(first);
    first.close();
    return replies;
  }

  it('lets a restarted Lore answer exactly as before without training', () => {
    const before = trainedAndClosed();
    expect(fs.existsSync(savedModelFile(sandbox.dbFile))).toBe(true);

    const logger = recordingLogger();
    const again = sandbox.openLore({ logger });
    expect(logger.said('ranking model loaded')).toBe(1);
    expect(answers(again)).toEqual(before);
    expect(logger.said('ranking model trained')).toBe(0);
  });

  it('is not written again when nothing changed', () => {
    trainedAndClosed();
    const file = savedModelFile(sandbox.dbFile);
    fs.utimesSync(file, new Date(0), new Date(0));
    const again = sandbox.openLore();
    answers(again);
    again.close();
    expect(fs.statSync(file).mtimeMs).toBe(0);
  });

  it('catches up with writes made while it was closed, as a Lore that stayed open does', () => {
    const stayed = sandbox.openLore();
    seed(stayed);
    answers(stayed);
    // A second Lore, trained on the same base, closes and saves its model; then the first writes.
    const closed = sandbox.openLore();
    answers(closed);
    closed.close();
    stayed.knowledge.save(articleInput(BIKES), '', EDIT);
    const expected = answers(stayed);

    const logger = recordingLogger();
    const reopened = sandbox.openLore({ logger });
    const replies = answers(reopened);
    expect(logger.said('ranking model trained')).toBe(0);
    expect(topIds(replies)).toContain('bikes');
    expect(replies).toEqual(expected);
    reopened.close();

    // A Lore with no saved model trains on everything, where the saved one took one quick pass over
    // the new article (as a Lore that stays open does): the scores differ, the answers do not.
    fs.rmSync(savedModelFile(sandbox.dbFile));
    const fresh = sandbox.openLore({ logger });
    expect(topIds(answers(fresh))).toEqual(topIds(replies));
    expect(logger.said('ranking model trained')).toBe(1);
  });

  it('retrains on everything when more than a quarter of the base changed while it was closed', () => {
    trainedAndClosed();
    const writer = sandbox.openLore();
    for (const article of BASE) writer.knowledge.save(articleInput({ ...article, questions: [...(article.questions ?? []), `${article.title} please`] }), '', EDIT);
    writer.knowledge.save(articleInput(BIKES), '', EDIT);
    writer.close();

    const logger = recordingLogger();
    const reopened = sandbox.openLore({ logger });
    const replies = answers(reopened);
    expect(logger.said('ranking model loaded')).toBe(1);
    expect(logger.said('ranking model trained')).toBe(1);
    reopened.close();

    fs.rmSync(savedModelFile(sandbox.dbFile));
    expect(topIds(answers(sandbox.openLore()))).toEqual(topIds(replies));
  });

  it('is not loaded by a database it was not made from', () => {
    trainedAndClosed();
    const model = savedModelFile(sandbox.dbFile);
    const other = sandbox.file('other.db');
    fs.copyFileSync(model, savedModelFile(other));
    const lore = sandbox.openLore({ dbFile: other });
    seed(lore, [...BASE].reverse());
    lore.close();

    const logger = recordingLogger();
    const reopened = sandbox.openLore({ dbFile: other, logger });
    answers(reopened);
    expect(logger.said('ranking model loaded')).toBe(0);
    expect(logger.said('ranking model trained')).toBe(1);
  });

  describe('ignores a damaged or foreign file and trains as without one', () => {
    const damage: Record<string, (bytes: Buffer) => Buffer | string> = {
      truncated: (bytes) => bytes.subarray(0, bytes.length - 5),
      'cut in its header': (bytes) => bytes.subarray(0, 40),
      'with flipped weight bytes': (bytes) => {
        const copy = Buffer.from(bytes);
        copy[copy.length - 3]! ^= 0xff;
        return copy;
      },
      'of another version': (bytes) => bytes.toString('latin1').replace(/"version":"ranker-model-\d+/, '"version":"ranker-model-0'),
      empty: () => '',
      'not a model': () => '{"hello":"world"}\n\u0000\u0001',
    };
    for (const [name, change] of Object.entries(damage)) {
      it(name, () => {
        const before = trainedAndClosed();
        const file = savedModelFile(sandbox.dbFile);
        fs.writeFileSync(file, change(fs.readFileSync(file)), typeof change(Buffer.alloc(0)) === 'string' ? 'latin1' : undefined);
        const logger = recordingLogger();
        const lore = sandbox.openLore({ logger });
        expect(logger.said('ranking model loaded')).toBe(0);
        expect(answers(lore)).toEqual(before);
        expect(logger.said('ranking model trained')).toBe(1);
      });
    }
  });

  it('keeps counting votes towards recalibration across a restart', () => {
    const first = sandbox.openLore();
    seed(first);
    const asked = first.answerer.ask('how do I print', { workspace: '', platform: 'test', asker: 'ada' });
    // 15 of the 20 votes that call for a recalibration, then a restart.
    for (let i = 0; i < 15; i++) first.feedback.vote({ questionId: asked.questionId, articleId: 'printer-add', voter: `voter-${i}`, value: 1 });
    first.close();

    const logger = recordingLogger();
    const again = sandbox.openLore({ logger });
    const next = again.answerer.ask('how do I print', { workspace: '', platform: 'test', asker: 'bob' });
    for (let i = 15; i < 19; i++) again.feedback.vote({ questionId: next.questionId, articleId: 'printer-add', voter: `voter-${i}`, value: 1 });
    answers(again);
    expect(logger.said('confidence recalibrated with votes')).toBe(0);
    again.feedback.vote({ questionId: next.questionId, articleId: 'printer-add', voter: 'voter-19', value: 1 });
    answers(again);
    expect(logger.said('confidence recalibrated with votes')).toBe(1);
  });

  it('recalibrates and learns the 👎 cast by another Lore while it was closed', () => {
    trainedAndClosed();
    const other = sandbox.openLore();
    const asked = other.answerer.ask('claim back a taxi fare', { workspace: '', platform: 'test', asker: 'ada' });
    other.feedback.vote({ questionId: asked.questionId, articleId: 'expense-claim', voter: 'ada', value: -1 });
    const expected = answers(other);
    // Its model file is left as it was (as if that Lore had crashed): only the database knows of the vote.
    fs.copyFileSync(savedModelFile(sandbox.dbFile), sandbox.file('kept.model'));
    other.close();
    fs.copyFileSync(sandbox.file('kept.model'), savedModelFile(sandbox.dbFile));

    const logger = recordingLogger();
    const reopened = sandbox.openLore({ logger });
    expect(logger.said('ranking model loaded')).toBe(1);
    const replies = answers(reopened);
    expect(logger.said('confidence recalibrated with votes')).toBe(1);
    expect(topIds(replies)).toEqual(topIds(expected));
  });
});
