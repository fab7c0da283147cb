import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readArticleFiles } from '../../../src/knowledge/formats/read-article-files';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'import');
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

/** The parsed input of the record read from `source`. */
function inputFrom(result: ReturnType<typeof readArticleFiles>, source: string): Record<string, unknown> {
  const record = result.records.find((r) => r.source === source);
  if (!record) throw new Error(`no record from ${source}; got ${result.records.map((r) => r.source).join(', ')}`);
  return record.input as Record<string, unknown>;
}

describe('readArticleFiles', () => {
  it('reads the shared JSON format, keeping ids and questions', () => {
    const file = fixture('shared-format.json');
    const result = readArticleFiles([file]);
    expect(result.unreadable).toEqual([]);
    expect(result.records.map((r) => r.source)).toEqual([`${file}[0]`, `${file}[1]`, `${file}[2]`]);
    expect(inputFrom(result, `${file}[0]`)).toMatchObject({
      id: 'stackfaq-000',
      title: 'Strikethrough with GitHub Markdown',
      questions: ['How can I cross out my text on git hub?', 'strikethrough letter formatting on github markdown'],
    });
  });

  it('reads a folder of Markdown recursively: front matter, file name as id, heading as title', () => {
    const folder = fixture('markdown');
    const result = readArticleFiles([folder]);
    expect(result.unreadable).toEqual([]);
    expect(result.records).toHaveLength(2);
    expect(inputFrom(result, fixture('markdown', 'vpn-home.md'))).toEqual({
      id: 'vpn-home',
      title: 'Connect to the VPN from home',
      tags: ['vpn', 'remote'],
      owner: 'it-helpdesk',
      author: 'ada',
      sourceUrl: 'https://wiki.example.com/vpn',
      questions: ['vpn will not connect', 'error 809: the network connection could not be established'],
      body: 'Install the **GlobalProtect** client, then sign in with your work account.',
    });
    expect(inputFrom(result, fixture('markdown', 'nested', 'printer-add.md'))).toEqual({
      id: 'printer-add',
      title: 'Add an office printer',
      body: 'Open Settings, choose Printers and add the queue named FollowMe.',
    });
  });

  it('reads CSV: questions split at |, tags at commas, quoted cells with commas, quotes and line breaks', () => {
    const file = fixture('articles.csv');
    const result = readArticleFiles([file]);
    expect(result.unreadable).toEqual([]);
    expect(result.records.map((r) => r.input)).toEqual([
      {
        title: 'Reset a forgotten password',
        body: 'Go to the password page, choose "Forgot password" and follow the steps.',
        questions: ['I forgot my password', 'password expired'],
        tags: ['accounts', 'security'],
      },
      { title: 'Book a parking space', body: 'Reserve a bay in the Desk app.', questions: [], tags: ['facilities'] },
      {
        title: 'Join the office Wi-Fi',
        body: 'Pick CORP-WIFI.\r\nSign in with your work account.',
        questions: ['wifi password', 'which wifi do I use'],
        tags: ['wifi'],
      },
    ]);
    expect(result.records.map((r) => r.source)).toEqual([`${file}:2`, `${file}:3`, `${file}:4`]);
  });

  it('reports CSV rows with the wrong number of cells by line, and keeps the others', () => {
    const file = fixture('hostile', 'rows-with-problems.csv');
    const result = readArticleFiles([file]);
    expect(result.unreadable).toEqual([
      { source: `${file}:3`, reason: 'has 2 cells where the header has 4' },
      { source: `${file}:4`, reason: 'has 5 cells where the header has 4' },
    ]);
    expect(result.records.map((r) => (r.input as { title?: string }).title)).toEqual(['First good row', undefined, 'Second good row']);
  });

  it.each([
    ['bad-front-matter.md', /front matter is not valid YAML/],
    ['front-matter-list.md', /front matter must be a YAML mapping/],
    ['malformed.json', /not valid JSON/],
    ['not-an-array.json', /expected a JSON array/],
    ['wrong-header.csv', /header row must name the columns.*missing: title, body/],
    ['notes.txt', /unknown format/],
  ])('reports %s as unreadable with its reason', (name, reason) => {
    const file = fixture('hostile', name);
    const result = readArticleFiles([file]);
    expect(result.records).toEqual([]);
    expect(result.unreadable).toEqual([{ source: file, reason: expect.stringMatching(reason) }]);
  });

  it('reports a missing path, and still reads the files after it', () => {
    const missing = fixture('no-such-file.json');
    const result = readArticleFiles([missing, fixture('shared-format.json'), fixture('hostile', 'malformed.json'), fixture('markdown')]);
    expect(result.unreadable.map((u) => [u.source, u.reason])).toEqual([
      [missing, 'no such file or folder'],
      [fixture('hostile', 'malformed.json'), expect.stringMatching(/not valid JSON/)],
    ]);
    expect(result.records).toHaveLength(5);
  });

  it('reports a folder that holds no Markdown', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-test-'));
    try {
      fs.writeFileSync(path.join(folder, 'articles.json'), '[]');
      expect(readArticleFiles([folder]).unreadable).toEqual([{ source: folder, reason: 'the folder holds no Markdown (.md) files' }]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads a CSV with a header and no rows as nothing to import', () => {
    expect(readArticleFiles([fixture('hostile', 'header-only.csv')])).toEqual({ records: [], unreadable: [] });
  });
});
