import { bestAnswer, captureFromThread, type Thread } from '../../src/capture/thread-capture';
import { useSandbox } from '../helpers/sandbox';

const THREAD: Thread = {
  format: 'slack',
  root: { id: '100.1', author: 'U1', at: 1_000, text: '<@ULORE> hi all, how do I get a guest wifi password? thanks!', permalink: 'https://x.slack.com/p1001' },
  replies: [
    { id: '100.2', author: 'U2', at: 2_000, text: 'Ask *reception*, they print a code that lasts 24 hours. <!here>', permalink: 'https://x.slack.com/p1002' },
    { id: '100.3', author: 'U1', at: 3_000, text: 'thanks, that worked and it was quick!', permalink: 'https://x.slack.com/p1003' },
    { id: '100.4', author: 'U3', at: 4_000, text: '<@ULORE> capture', permalink: null },
  ],
};

describe('captureFromThread', () => {
  const sandbox = useSandbox();

  it('takes the root as the question and the chosen reply as the answer, attributed and linked', () => {
    const request = captureFromThread(THREAD, '100.2', { workspace: 'slack:T1', platform: 'slack', capturedBy: 'U3' });
    expect(request).toMatchObject({
      question: THREAD.root.text,
      answer: THREAD.replies[0]!.text,
      format: 'slack',
      answerAuthor: 'U2',
      capturedBy: 'U3',
      sourceUrl: 'https://x.slack.com/p1002',
      sourceAt: 2_000,
      dedupeKey: 'slack:slack:T1:100.2',
    });
  });

  it('refuses a message that is not in the thread', () => {
    expect(() => captureFromThread(THREAD, '999.9', { workspace: '', platform: 'slack', capturedBy: 'U3' })).toThrow(RangeError);
  });

  it('becomes a clean article with no ping, found by the next question', () => {
    const lore = sandbox.openLore();
    const result = lore.capturer.capture({
      ...captureFromThread(THREAD, '100.2', { workspace: '', platform: 'slack', capturedBy: 'U3' }),
      botNames: ['ULORE', 'lore'],
      names: (id) => ({ ULORE: 'lore' })[id],
    });
    expect(result.action).toBe('created');
    if (result.action === 'duplicate') return;
    expect(result.article.title).toBe('How do I get a guest wifi password?');
    expect(result.article.body).toBe('Ask **reception**, they print a code that lasts 24 hours.');
    expect(result.article).toMatchObject({ author: 'U2', owner: 'U3', sourceUrl: 'https://x.slack.com/p1002' });
    expect(lore.answerer.ask('guest wifi password', { workspace: '', platform: 'slack' }).results[0]?.id).toBe(result.article.id);
  });
});

describe('bestAnswer', () => {
  it("picks the longest reply by someone other than the asker, skipping thanks and the capture command", () => {
    expect(bestAnswer(THREAD, (m) => /capture\s*$/.test(m.text))?.id).toBe('100.2');
  });

  it("never picks a bot's reply, however long", () => {
    const lore = { id: '100.5', author: 'B1', at: 5_000, text: "I don't know that one yet. I've logged the question so someone can add an answer.", bot: true };
    expect(bestAnswer({ ...THREAD, replies: [...THREAD.replies, lore] }, (m) => /capture\s*$/.test(m.text))?.id).toBe('100.2');
  });

  it('finds nothing when only the asker replied', () => {
    expect(bestAnswer({ ...THREAD, replies: [THREAD.replies[1]!] }, () => false)).toBeUndefined();
  });
});
