import type { AskContext } from '../../src/answers/question-log';
import { ManualClock } from '../../src/clock';
import type { Lore } from '../../src/lore';
import { seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

/**
 * CaptureNudges.due: when someone other than the asker replies in the thread of a question
 * Lore could not answer, offer them a one-click capture, once per question.
 */

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const THREAD = 'C1:thread1';
const NONSENSE = 'zxqv blorf wibble frobnicate?';

describe('CaptureNudges.due', () => {
  const sandbox = useSandbox();
  let clock: ManualClock;
  let lore: Lore;

  beforeEach(() => {
    clock = new ManualClock(START);
    lore = sandbox.openLore({ clock });
    seed(lore);
  });

  /** Asks as U1 in the thread (or as `context` says); returns the logged question's id. */
  function askInThread(question: string, context: Partial<AskContext> = {}, expected: 'answer' | 'abstain' = 'abstain'): number {
    const reply = lore.answerer.ask(question, { workspace: '', platform: 'slack', asker: 'U1', place: THREAD, ...context });
    expect(reply.decision).toBe(expected);
    return reply.questionId;
  }

  /** A reply in a place (the thread by default), a minute after the last thing that happened. */
  function replyBy(answeredBy: string, place = THREAD, workspace = '') {
    clock.advance(MINUTE);
    return lore.nudges.due({ workspace, place, answeredBy, answeredAt: clock.now() });
  }

  it('offers the first person who answers an abstained question a capture, naming the question', () => {
    const questionId = askInThread(NONSENSE);
    expect(replyBy('U2')).toEqual({ questionId, question: NONSENSE, answeredBy: 'U2' });
  });

  it('makes the offer only once: not again to the same person, nor to the next one who replies', () => {
    askInThread(NONSENSE);
    expect(replyBy('U2')).toBeDefined();
    expect(replyBy('U2')).toBeUndefined();
    expect(replyBy('U3')).toBeUndefined();
    expect(lore.db.prepare('SELECT question_id, offered_to, offered_at FROM capture_offers').all()).toEqual([
      expect.objectContaining({ offered_to: 'U2', offered_at: START + MINUTE }),
    ]);
  });

  it('makes no offer to the asker, and still offers the next person who answers', () => {
    const questionId = askInThread(NONSENSE);
    expect(replyBy('U1')).toBeUndefined();
    expect(replyBy('U2')).toEqual({ questionId, question: NONSENSE, answeredBy: 'U2' });
  });

  it('makes no offer for a reply in another place, and keeps the question for its own thread', () => {
    askInThread(NONSENSE);
    expect(replyBy('U2', 'C1:thread2')).toBeUndefined();
    expect(replyBy('U2', 'C2:thread1')).toBeUndefined();
    expect(replyBy('U2', THREAD, 'T1')).toBeUndefined();
    expect(replyBy('U2')).toMatchObject({ answeredBy: 'U2' });
  });

  it('makes no offer for a question Lore answered', () => {
    askInThread('Book a parking space', {}, 'answer');
    expect(replyBy('U2')).toBeUndefined();
  });

  it('makes no offer for an evaluation question', () => {
    askInThread(NONSENSE, { isEval: true });
    expect(replyBy('U2')).toBeUndefined();
  });

  it('makes no offer for a question asked nowhere in particular', () => {
    askInThread(NONSENSE, { place: null });
    expect(replyBy('U2')).toBeUndefined();
  });

  it('makes no offer for a reply written before the question, or more than a week after it', () => {
    askInThread(NONSENSE);
    expect(lore.nudges.due({ workspace: '', place: THREAD, answeredBy: 'U2', answeredAt: START - MINUTE })).toBeUndefined();
    clock.advance(7 * DAY + MINUTE);
    expect(replyBy('U2')).toBeUndefined();
  });

  it('still offers a reply a few days later', () => {
    const questionId = askInThread(NONSENSE);
    clock.advance(6 * DAY);
    expect(replyBy('U2')).toMatchObject({ questionId });
  });

  it('offers the latest unanswered question of a thread, each question once', () => {
    const first = askInThread(NONSENSE);
    clock.advance(MINUTE);
    const second = askInThread('qwzx plonk snarf?', { asker: 'U4' });

    expect(replyBy('U2')).toMatchObject({ questionId: second });
    expect(replyBy('U2')).toMatchObject({ questionId: first });
    expect(replyBy('U2')).toBeUndefined();
  });
});
