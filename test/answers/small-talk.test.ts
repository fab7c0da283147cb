import { smallTalkOf } from '../../src/answers/small-talk';

describe('smallTalkOf', () => {
  it.each([
    ['thanks!', 'thanks'],
    ['Thank you so much for the help 🙏', 'thanks'],
    ['ty', 'thanks'],
    [':pray::skin-tone-3:', 'thanks'],
    ['ok thanks, bye', 'thanks'],
    ['bye!', 'farewell'],
    ['hi', 'greeting'],
    ['Hello there', 'greeting'],
    ['good morning everyone', 'greeting'],
    ['ok', 'acknowledgement'],
    ['great, that worked', 'acknowledgement'],
    ['👍', 'acknowledgement'],
    [':+1:', 'acknowledgement'],
    ['+1, thanks!', 'thanks'],
  ])('takes %j for %s', (message, kind) => {
    expect(smallTalkOf(message)?.kind).toBe(kind);
  });

  it.each([
    'thanks, but how do I reset my password?',
    'hi, my VPN keeps dropping',
    'vpn',
    'how are you',
    'thanksgiving',
    'ok so what is the parental leave policy',
    '',
    '???',
    'thanks thanks thanks thanks thanks thanks thanks thanks thanks',
  ])('takes %j for a question or something else', (message) => {
    expect(smallTalkOf(message)).toBeUndefined();
  });

  it('gives each kind its own reply', () => {
    const replies = ['thanks', 'bye', 'hi', 'ok'].map((message) => smallTalkOf(message)!.reply);
    expect(new Set(replies).size).toBe(4);
    for (const reply of replies) expect(reply.length).toBeGreaterThan(0);
  });
});
