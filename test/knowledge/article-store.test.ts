import { ManualClock } from '../../src/clock';
import { isLoreError } from '../../src/errors';
import { slugify } from '../../src/knowledge/article';
import { articleInput, BASE, searchIds, seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const IMPORT = { by: 'ada', reason: 'import' };

describe('ArticleStore', () => {
  const sandbox = useSandbox();

  describe('save', () => {
    it('creates an article, then reports a save of the same content as unchanged', () => {
      const lore = sandbox.openLore();
      const store = lore.knowledge.articles;
      const input = articleInput({ id: 'vpn', title: 'Connect to the VPN', body: 'Install GlobalProtect.', tags: ['vpn', 'remote'], questions: ['vpn is down'] });

      const first = store.save(input, '', IMPORT);
      expect(first.outcome).toBe('added');
      expect(first.article).toMatchObject({
        id: 'vpn',
        workspace: '',
        title: 'Connect to the VPN',
        body: 'Install GlobalProtect.',
        tags: ['remote', 'vpn'],
        questions: [{ text: 'vpn is down', origin: 'author', weight: 1 }],
        status: 'published',
        revision: 1,
        createdAt: START,
        updatedAt: START,
      });

      const again = store.save(articleInput({ ...input, tags: ['remote', 'vpn'] }), '', IMPORT);
      expect(again.outcome).toBe('unchanged');
      expect(store.get('vpn')!.revision).toBe(1);
      expect(store.revisions('vpn')).toHaveLength(1);
    });

    it('updates changed content and keeps every earlier text in the revision history', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      const store = lore.knowledge.articles;
      store.save(articleInput({ id: 'vpn', title: 'VPN', body: 'First text.', tags: ['vpn'] }), '', { by: 'ada', reason: 'import' });
      clock.advance(60_000);
      const second = store.save(articleInput({ id: 'vpn', title: 'Connect to the VPN', body: 'Second text.', tags: ['vpn'] }), '', { by: 'bob', reason: 'edit' });
      clock.advance(60_000);
      const third = store.save(articleInput({ id: 'vpn', title: 'Connect to the VPN', body: 'Third text.', tags: ['remote'] }), '', { by: 'cy', reason: 'edit' });

      expect(second.outcome).toBe('updated');
      expect(third.outcome).toBe('updated');
      expect(third.article).toMatchObject({ body: 'Third text.', tags: ['remote'], revision: 3, createdAt: START, updatedAt: START + 120_000 });

      const history = store.revisions('vpn');
      expect(history.map((r) => [r.revision, r.title, r.body, r.tags, r.editedBy, r.reason])).toEqual([
        [1, 'VPN', 'First text.', ['vpn'], 'ada', 'import'],
        [2, 'Connect to the VPN', 'Second text.', ['vpn'], 'bob', 'edit'],
        [3, 'Connect to the VPN', 'Third text.', ['remote'], 'cy', 'edit'],
      ]);
      expect(history.map((r) => r.editedAt)).toEqual([START, START + 60_000, START + 120_000]);
    });

    it.each([
      ['tags', { tags: ['vpn', 'network'] }],
      ['questions', { questions: ['vpn is slow', 'vpn drops every hour'] }],
      ['status', { status: 'draft' as const }],
      ['owner', { owner: 'network-team' }],
    ])('counts a change of %s alone as an update', (_what, change) => {
      const lore = sandbox.openLore();
      const store = lore.knowledge.articles;
      const base = { id: 'vpn', title: 'VPN', body: 'Same body.', tags: ['vpn'], questions: ['vpn is slow', 'vpn is down'] };
      store.save(articleInput(base), '', IMPORT);
      expect(store.save(articleInput({ ...base, ...change }), '', IMPORT).outcome).toBe('updated');
      expect(store.revisions('vpn')).toHaveLength(2);
    });

    it('keeps owner, author and source link that an update leaves out', () => {
      const lore = sandbox.openLore();
      const store = lore.knowledge.articles;
      store.save(articleInput({ id: 'vpn', title: 'VPN', body: 'a', owner: 'it', author: 'ada', sourceUrl: 'https://wiki.example.com/vpn' }), '', IMPORT);
      const { article } = store.save(articleInput({ id: 'vpn', title: 'VPN', body: 'b' }), '', IMPORT);
      expect(article).toMatchObject({ owner: 'it', author: 'ada', sourceUrl: 'https://wiki.example.com/vpn', body: 'b' });
    });

    it('rejects an id that belongs to another workspace and leaves that article alone', () => {
      const lore = sandbox.openLore();
      const store = lore.knowledge.articles;
      store.save(articleInput({ id: 'vpn', title: 'VPN', body: 'For team one.' }), 'T1', IMPORT);

      let error: unknown;
      try {
        store.save(articleInput({ id: 'vpn', title: 'VPN', body: 'For team two.' }), 'T2', IMPORT);
      } catch (caught) {
        error = caught;
      }
      expect(isLoreError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toContain('vpn');
      expect(store.get('vpn')).toMatchObject({ workspace: 'T1', body: 'For team one.', revision: 1 });
      expect(store.revisions('vpn')).toHaveLength(1);
    });
  });

  describe('newId', () => {
    it('derives a slug from the title and numbers it when taken', () => {
      const lore = sandbox.openLore();
      const store = lore.knowledge.articles;
      expect(store.newId('Reset your password!')).toBe('reset-your-password');

      const first = store.save(articleInput({ title: 'Reset your password!', body: 'one' }), '', IMPORT).article;
      const second = store.save(articleInput({ title: 'Reset your password!', body: 'two' }), '', IMPORT).article;
      const third = store.save(articleInput({ title: 'Reset your password!', body: 'three' }), 'T1', IMPORT).article;
      expect([first.id, second.id, third.id]).toEqual(['reset-your-password', 'reset-your-password-2', 'reset-your-password-3']);
      expect(store.newId('Reset your password!')).toBe('reset-your-password-4');
    });

    it('folds accents and falls back to "article" when the title has no letters', () => {
      expect(slugify('Résumé & CV — how to')).toBe('resume-cv-how-to');
      expect(slugify('???')).toBe('article');
      expect(slugify('x'.repeat(100))).toHaveLength(60);
    });
  });

  describe('setStatus', () => {
    it('archives: out of search and counts, kept in the history with its text', () => {
      const lore = sandbox.openLore();
      seed(lore);
      expect(searchIds(lore, 'Book a parking space')).toContain('parking-space');
      const before = lore.knowledge.articles.count();

      const archived = lore.knowledge.setStatus('parking-space', 'archived', { by: 'ada', reason: 'outdated' });

      expect(archived).toMatchObject({ status: 'archived', revision: 2 });
      expect(lore.knowledge.index.has('parking-space')).toBe(false);
      expect(searchIds(lore, 'Book a parking space')).not.toContain('parking-space');
      expect(lore.knowledge.articles.count()).toBe(before - 1);
      const history = lore.knowledge.articles.revisions('parking-space');
      expect(history.map((r) => [r.status, r.reason])).toEqual([
        ['published', 'seed'],
        ['archived', 'outdated'],
      ]);
      expect(history[1]!.body).toBe(BASE.find((a) => a.id === 'parking-space')!.body);
    });

    it('writes nothing when the status is already set, and NOT_FOUND for an unknown id', () => {
      const lore = sandbox.openLore();
      seed(lore);
      lore.knowledge.setStatus('parking-space', 'published', { reason: 'noop' });
      expect(lore.knowledge.articles.revisions('parking-space')).toHaveLength(1);
      expect(() => lore.knowledge.setStatus('nope', 'archived', { reason: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });

  describe('bodyOf', () => {
    it("reads an article's body alone, and nothing for an unknown id", () => {
      const lore = sandbox.openLore();
      seed(lore);
      expect(lore.knowledge.articles.bodyOf('parking-space')).toBe(BASE.find((a) => a.id === 'parking-space')!.body);
      expect(lore.knowledge.articles.bodyOf('no-such-article')).toBeUndefined();
    });
  });

  describe('addQuestion', () => {
    it('adds an alternate question once', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const once = lore.knowledge.addQuestion('parking-space', 'where can I leave my car overnight', 'learned', 'bob');
      const twice = lore.knowledge.addQuestion('parking-space', 'where can I leave my car overnight', 'learned', 'bob');
      expect(once.questions).toEqual([{ text: 'where can I leave my car overnight', origin: 'learned', weight: 1 }]);
      expect(twice.questions).toEqual(once.questions);
    });

    it('keeps learned questions when an author re-saves the article', () => {
      const lore = sandbox.openLore();
      seed(lore);
      lore.knowledge.addQuestion('parking-space', 'where can I leave my car overnight', 'learned', 'bob');
      const { article } = lore.knowledge.save(
        articleInput({ ...BASE.find((a) => a.id === 'parking-space')!, questions: ['reserve a bay'] }),
        '',
        IMPORT,
      );
      expect(article.questions.map((q) => [q.text, q.origin]).sort()).toEqual([
        ['reserve a bay', 'author'],
        ['where can I leave my car overnight', 'learned'],
      ]);
    });
  });
});
