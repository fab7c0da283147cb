import fs from 'node:fs';
import type { Article, ArticleInput } from '../../src/knowledge/article';
import { EXPORT_FORMATS, exportArticles } from '../../src/knowledge/export-articles';
import { readArticleFiles } from '../../src/knowledge/formats/read-article-files';
import { importArticles } from '../../src/knowledge/import-articles';
import type { Lore } from '../../src/lore';
import { BASE, seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

/** Articles that stress each format: separators, quotes, YAML look-alikes, every status. */
const AWKWARD: readonly ArticleInput[] = [
  {
    id: 'faq:quotes',
    title: 'Commas, "quotes" and line breaks',
    body: 'Line one, with a comma.\n\nLine "two" with quotes; and a semicolon.\r\nA Windows line end, then a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    questions: ['what about, commas?', 'and "quotes"', 'true', '123'],
    tags: ['csv', 'edge-case'],
    owner: 'it',
    author: 'ada',
    sourceUrl: 'https://wiki.example.com/a?b=1&c=2',
  },
  {
    id: 'yaml-lookalike',
    title: '#1: Why? — yes/no [draft] {x}',
    body: '# Steps\n\n---\n\n1. Do this.\n2. Then *that*.',
    questions: ['- a dash first', 'key: value'],
  },
  { id: 'a-draft', title: 'A draft', body: 'Not ready.', status: 'draft' },
  { id: 'an-archived-one', title: 'An archived article', body: 'Gone.', status: 'archived', tags: ['old'] },
  { id: 'empty-body', title: 'Only a title', body: '' },
];

/** What an export must carry through to an import. */
function portable(article: Article) {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    tags: article.tags,
    questions: article.questions.map((q) => q.text),
    status: article.status,
    owner: article.owner,
    author: article.author,
    sourceUrl: article.sourceUrl,
  };
}

function everything(lore: Lore) {
  return lore.knowledge.articles
    .changedSince(0)
    .map((c) => portable(c.article))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function importInto(lore: Lore, target: string) {
  const { records, unreadable } = readArticleFiles([target]);
  expect(unreadable).toEqual([]);
  return importArticles(lore.knowledge, records, { workspace: '' });
}

describe('exportArticles', () => {
  const sandbox = useSandbox();

  function seededSource(): Lore {
    const source = sandbox.openLore({ dbFile: sandbox.file('source.db') });
    seed(source);
    seed(source, AWKWARD);
    seed(source, [{ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }], 'T1');
    source.knowledge.addQuestion('parking-space', 'where can I leave my car overnight', 'learned', 'bob');
    return source;
  }

  describe.each(EXPORT_FORMATS)('%s', (format) => {
    const target = () => sandbox.file(format === 'md' ? 'export-md' : `export.${format}`);

    it('round-trips every article into a fresh database: same ids, titles, bodies, tags, questions, statuses', async () => {
      const source = seededSource();
      const expected = everything(source);
      expect(exportArticles(source.knowledge.articles, format, target())).toBe(BASE.length + AWKWARD.length + 1);

      const copy = sandbox.openLore({ dbFile: sandbox.file('copy.db') });
      const report = await importInto(copy, target());
      expect(report).toEqual({ added: expected.length, updated: 0, unchanged: 0, rejected: [] });
      expect(everything(copy)).toEqual(expected);
    });

    it('imports back into the database it came from as unchanged, learned questions included', async () => {
      const source = sandbox.openLore();
      seed(source);
      seed(source, AWKWARD);
      source.knowledge.addQuestion('parking-space', 'where can I leave my car overnight', 'learned', 'bob');
      const expected = everything(source);
      exportArticles(source.knowledge.articles, format, target());

      const report = await importInto(source, target());

      expect(report).toEqual({ added: 0, updated: 0, unchanged: BASE.length + AWKWARD.length, rejected: [] });
      expect(everything(source)).toEqual(expected);
      expect(source.knowledge.articles.revisions('parking-space')).toHaveLength(1);
      expect(source.knowledge.get('parking-space')!.questions).toEqual([{ text: 'where can I leave my car overnight', origin: 'learned', weight: 1 }]);
    });

    it('exports one workspace only when asked', async () => {
      const source = seededSource();
      expect(exportArticles(source.knowledge.articles, format, target(), 'T1')).toBe(1);
      const copy = sandbox.openLore({ dbFile: sandbox.file('copy.db') });
      await importInto(copy, target());
      expect(everything(copy).map((a) => a.id)).toEqual(['t1-bikes']);
    });
  });

  it('writes one Markdown file per article, even when two ids make the same file name', async () => {
    const source = sandbox.openLore({ dbFile: sandbox.file('source.db') });
    seed(source, [
      { id: 'faq:1', title: 'First', body: 'One.' },
      { id: 'faq_1', title: 'Second', body: 'Two.' },
      { id: 'FAQ_1', title: 'Third', body: 'Three.' },
    ]);
    const folder = sandbox.file('md');
    exportArticles(source.knowledge.articles, 'md', folder);
    expect(fs.readdirSync(folder)).toHaveLength(3);

    const copy = sandbox.openLore({ dbFile: sandbox.file('copy.db') });
    await importInto(copy, folder);
    expect(everything(copy)).toEqual(everything(source));
  });
});
