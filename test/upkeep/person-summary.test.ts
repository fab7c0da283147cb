import { seed } from '../helpers/articles';
import { ManualClock } from '../../src/clock';
import { START, useSandbox } from '../helpers/sandbox';

describe('PersonSummary', () => {
  const sandbox = useSandbox();

  it("lists a person's own questions in one workspace, newest first, with what answered them; never evaluation questions", () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    seed(lore);
    lore.answerer.ask('Reset a forgotten password', { workspace: 'slack:T1', platform: 'slack', asker: 'U1' });
    clock.advance(1000);
    lore.answerer.ask('zxqv blorf wibble', { workspace: 'slack:T1', platform: 'slack', asker: 'U1' });
    lore.answerer.ask('Book a parking space', { workspace: 'slack:T2', platform: 'slack', asker: 'U1' });
    lore.answerer.ask('Book a parking space', { workspace: 'slack:T1', platform: 'slack', asker: 'U2' });
    lore.answerer.ask('Submit an expense claim', { workspace: 'slack:T1', platform: 'eval', asker: 'U1', isEval: true });

    expect(lore.people.recentQuestions('slack:T1', 'U1', 5)).toEqual([
      { text: 'zxqv blorf wibble' },
      { text: 'Reset a forgotten password', answeredWith: 'Reset a forgotten password' },
    ]);
    expect(lore.people.recentQuestions('slack:T1', 'U1', 1)).toHaveLength(1);
  });

  it('lists the published articles a person owns that nobody has verified, in their workspace only', () => {
    const lore = sandbox.openLore();
    const mine = lore.capturer.capture({ workspace: 'slack:T1', platform: 'slack', question: 'Where is the first aid kit?', answer: 'Behind reception.', capturedBy: 'U1' });
    lore.capturer.capture({ workspace: 'slack:T2', platform: 'slack', question: 'Where are the spare chargers?', answer: 'In the IT cupboard.', capturedBy: 'U1' });
    expect(lore.people.unverifiedArticles('slack:T1', 'U1', 5)).toEqual([{ id: mine.article.id, title: 'Where is the first aid kit?' }]);
    expect(lore.people.unverifiedArticles('slack:T1', 'U2', 5)).toEqual([]);
  });
});
