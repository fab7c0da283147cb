import { isLoreError } from '../../src/errors';
import type { Lore } from '../../src/lore';
import { searchIds, seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const REQUEST = {
  workspace: '',
  platform: 'slack',
  question: 'How do I borrow a company bicycle?',
  answer: 'Ask **reception** for a bike key; the bikes are in the basement.',
  answerAuthor: 'grace',
  capturedBy: 'ada',
  sourceUrl: 'https://example.slack.com/archives/C1/p123',
  sourceAt: START - 60_000,
  dedupeKey: 'slack:C1:123',
};

function capturesOf(lore: Lore) {
  return lore.db.prepare('SELECT * FROM captures ORDER BY id').all();
}

describe('Capturer', () => {
  const sandbox = useSandbox();

  it('turns an answer into a findable article with its author and source link', () => {
    const lore = sandbox.openLore();
    seed(lore);
    expect(lore.answerer.ask(REQUEST.question, { workspace: '', platform: 'slack' }).decision).toBe('abstain');

    const result = lore.capturer.capture(REQUEST);

    expect(result).toMatchObject({ action: 'created', repeated: false });
    expect(result.article).toMatchObject({
      title: 'How do I borrow a company bicycle?',
      body: REQUEST.answer,
      author: 'grace',
      owner: 'ada',
      sourceUrl: REQUEST.sourceUrl,
      status: 'published',
      workspace: '',
    });
    expect(lore.knowledge.articles.revisions(result.article.id)).toEqual([expect.objectContaining({ editedBy: 'ada', reason: 'capture' })]);
    const reply = lore.answerer.ask('borrow a company bicycle', { workspace: '', platform: 'slack' });
    expect(reply.decision).toBe('answer');
    expect(reply.results[0]?.id).toBe(result.article.id);
    expect(capturesOf(lore)).toEqual([
      {
        id: 1,
        workspace: '',
        article_id: result.article.id,
        action: 'created',
        question: REQUEST.question,
        answer: REQUEST.answer,
        answer_author: 'grace',
        captured_by: 'ada',
        source_url: REQUEST.sourceUrl,
        source_at: REQUEST.sourceAt,
        platform: 'slack',
        dedupe_key: 'slack:C1:123',
        created_at: START,
      },
    ]);
  });

  it('makes no second article when the same message is captured again', () => {
    const lore = sandbox.openLore();
    const first = lore.capturer.capture(REQUEST);
    const again = lore.capturer.capture({ ...REQUEST, answer: 'A retried delivery of the same click.' });
    expect(again).toMatchObject({ action: 'created', repeated: true });
    expect(again.article.id).toBe(first.article.id);
    expect(again.article.body).toBe(REQUEST.answer);
    expect(lore.knowledge.articles.count()).toBe(1);
    expect(capturesOf(lore)).toHaveLength(1);
  });

  it('offers the existing article for the same question, and makes a new one only when asked to', () => {
    const lore = sandbox.openLore();
    const first = lore.capturer.capture({ ...REQUEST, dedupeKey: null });
    const offer = lore.capturer.capture({ ...REQUEST, dedupeKey: null, answer: 'Another answer.' });
    expect(offer).toMatchObject({ action: 'duplicate', article: { id: first.article.id } });
    expect(capturesOf(lore)).toHaveLength(1);

    const second = lore.capturer.capture({ ...REQUEST, dedupeKey: null, answer: 'Another answer.', onDuplicate: 'new' });
    expect(second).toMatchObject({ action: 'created', repeated: false });
    expect(second.article.id).not.toBe(first.article.id);
    expect(capturesOf(lore)).toHaveLength(2);
  });

  it('keeps a capture in its workspace', () => {
    const lore = sandbox.openLore();
    seed(lore);
    const { article } = lore.capturer.capture({ ...REQUEST, workspace: 'T1' });
    expect(searchIds(lore, 'borrow a company bicycle', 'T1')).toContain(article.id);
    expect(searchIds(lore, 'borrow a company bicycle', 'T2')).not.toContain(article.id);
  });

  it.each([
    ['an empty answer', { answer: '   ' }],
    ['an empty question', { question: ' \n ' }],
  ])('rejects %s with INVALID_INPUT and writes nothing', (_what, change) => {
    const lore = sandbox.openLore();
    let error: unknown;
    try {
      lore.capturer.capture({ ...REQUEST, ...change });
    } catch (caught) {
      error = caught;
    }
    expect(isLoreError(error, 'INVALID_INPUT')).toBe(true);
    expect(lore.knowledge.articles.count()).toBe(0);
    expect(capturesOf(lore)).toEqual([]);
  });
});

describe('merging a capture', () => {
  const sandbox = useSandbox();

  it('records the merged question as a revision, with who and why', () => {
    const lore = sandbox.openLore();
    const first = lore.capturer.capture(REQUEST);
    const merged = lore.capturer.capture({ ...REQUEST, dedupeKey: 'slack:C1:456', capturedBy: 'bob', onDuplicate: 'merge' });
    expect(merged).toMatchObject({ action: 'merged', article: { id: first.article.id, revision: 2 } });
    expect(lore.knowledge.articles.revisions(first.article.id).map((r) => [r.revision, r.editedBy, r.reason])).toEqual([
      [1, 'ada', 'capture'],
      [2, 'bob', 'capture: question merged'],
    ]);
  });
});
