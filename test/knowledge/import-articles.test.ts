import path from 'node:path';
import { readArticleFiles } from '../../src/knowledge/formats/read-article-files';
import { importArticles } from '../../src/knowledge/import-articles';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { searchIds } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);
const SAMPLE = path.join(__dirname, '..', '..', 'data', 'articles');

/** Reads and imports paths the way `lore import` does: unreadable files are rejections too. */
async function importPaths(knowledge: KnowledgeBase, paths: string[], workspace = '') {
  const { records, unreadable } = readArticleFiles(paths);
  const report = await importArticles(knowledge, records, { workspace, by: 'ada' });
  return { ...report, rejected: [...unreadable, ...report.rejected] };
}

describe('importArticles', () => {
  const sandbox = useSandbox();

  it('imports the shared JSON format with its ids and questions, findable by those questions', async () => {
    const lore = sandbox.openLore();
    const report = await importPaths(lore.knowledge, [fixture('shared-format.json')]);
    expect(report).toEqual({ added: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(lore.knowledge.get('clinc150-pto_balance')).toMatchObject({
      title: 'pto balance',
      body: '',
      questions: [
        { text: 'how many vacation days do I have left', origin: 'author' },
        { text: 'what is my pto balance', origin: 'author' },
      ],
    });
    expect(searchIds(lore, 'how many vacation days do I have left')[0]).toBe('clinc150-pto_balance');
    expect(lore.knowledge.articles.revisions('stackfaq-000')[0]).toMatchObject({ editedBy: 'ada', reason: 'import' });
  });

  it('imports Markdown and CSV, giving CSV rows ids from their titles', async () => {
    const lore = sandbox.openLore();
    const report = await importPaths(lore.knowledge, [fixture('markdown'), fixture('articles.csv')]);
    expect(report).toEqual({ added: 5, updated: 0, unchanged: 0, rejected: [] });
    expect(lore.knowledge.get('vpn-home')).toMatchObject({ owner: 'it-helpdesk', author: 'ada', sourceUrl: 'https://wiki.example.com/vpn', tags: ['remote', 'vpn'] });
    expect(lore.knowledge.get('reset-a-forgotten-password')).toMatchObject({
      tags: ['accounts', 'security'],
      questions: [expect.objectContaining({ text: 'I forgot my password' }), expect.objectContaining({ text: 'password expired' })],
    });
    expect(searchIds(lore, 'which wifi do I use')[0]).toBe('join-the-office-wi-fi');
  });

  it('rejects bad items and rows with their reasons and imports everything else', async () => {
    const lore = sandbox.openLore();
    const json = fixture('hostile', 'items-with-problems.json');
    const csv = fixture('hostile', 'rows-with-problems.csv');
    const report = await importPaths(lore.knowledge, [
      json,
      csv,
      fixture('hostile', 'bad-front-matter.md'),
      fixture('hostile', 'malformed.json'),
      fixture('hostile', 'notes.txt'),
      fixture('no-such-folder'),
      fixture('shared-format.json'),
    ]);

    expect(report.added).toBe(2 + 2 + 3);
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.source, r.reason]));
    expect(reasons).toEqual({
      [`${json}[1]`]: expect.stringMatching(/^title: /),
      [`${json}[2]`]: expect.stringMatching(/^id: an id is 1-128 letters/),
      [`${json}[3]`]: expect.stringMatching(/expected object/),
      [`${json}[4]`]: expect.stringMatching(/^sourceUrl: a source URL must be an absolute URL/),
      [`${csv}:3`]: 'has 2 cells where the header has 4',
      [`${csv}:4`]: 'has 5 cells where the header has 4',
      [`${csv}:5`]: expect.stringMatching(/^title: /),
      [fixture('hostile', 'bad-front-matter.md')]: expect.stringMatching(/front matter is not valid YAML/),
      [fixture('hostile', 'malformed.json')]: expect.stringMatching(/not valid JSON/),
      [fixture('hostile', 'notes.txt')]: expect.stringMatching(/unknown format/),
      [fixture('no-such-folder')]: 'no such file or folder',
    });
    expect(lore.knowledge.get('fine-one')).toBeDefined();
    expect(lore.knowledge.get('fine-two')).toBeDefined();
    expect(lore.knowledge.get('no-title')).toBeUndefined();
    expect(lore.knowledge.get('second-good-row')).toBeDefined();
    expect(lore.knowledge.articles.count()).toBe(7);
  });

  it('rejects an item whose id another workspace owns, and imports the rest', async () => {
    const lore = sandbox.openLore();
    await importPaths(lore.knowledge, [fixture('shared-format.json')], 'T1');
    const other = sandbox.write('other.json', JSON.stringify([
      { id: 'stackfaq-000', title: 'Taken id', body: 'x' },
      { id: 'team-two-only', title: 'Fresh', body: 'y' },
    ]));
    const report = await importPaths(lore.knowledge, [other], 'T2');
    expect(report.added).toBe(1);
    expect(report.rejected).toEqual([{ source: `${other}[0]`, reason: expect.stringMatching(/belongs to another workspace/) }]);
    expect(lore.knowledge.get('stackfaq-000')).toMatchObject({ workspace: 'T1', title: 'Strikethrough with GitHub Markdown' });
  });

  it('counts a second import of the same files as unchanged, and an edited file as updated', async () => {
    const lore = sandbox.openLore();
    await importPaths(lore.knowledge, [fixture('shared-format.json'), fixture('markdown')]);
    expect(await importPaths(lore.knowledge, [fixture('shared-format.json'), fixture('markdown')])).toEqual({
      added: 0,
      updated: 0,
      unchanged: 5,
      rejected: [],
    });

    const edited = sandbox.write('edited.json', JSON.stringify([{ id: 'stackfaq-001', title: 'How do I delete my Facebook account?', body: 'Use the Accounts Center.' }]));
    expect(await importPaths(lore.knowledge, [edited])).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect(lore.knowledge.articles.revisions('stackfaq-001').map((r) => r.body)).toEqual([
      'Go to Settings, then Your Facebook information, then Deactivation and deletion.',
      'Use the Accounts Center.',
    ]);
  });

  it('imports the sample base in data/articles without a rejection', async () => {
    const lore = sandbox.openLore();
    const report = await importPaths(lore.knowledge, [SAMPLE]);
    expect(report.rejected).toEqual([]);
    expect(report.added).toBeGreaterThanOrEqual(40);
    expect(lore.knowledge.index.size).toBe(report.added);
  });
});
