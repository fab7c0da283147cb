import fc from 'fast-check';
import { readCsvArticles } from '../../src/knowledge/formats/csv-format';
import { readJsonArticles } from '../../src/knowledge/formats/json-format';
import { readMarkdownArticle } from '../../src/knowledge/formats/markdown-format';
import type { ReadResult } from '../../src/knowledge/formats/article-record';
import { importArticles } from '../../src/knowledge/import-articles';
import { type Lore, openLore } from '../../src/lore';
import { fuzzRuns, watchUnhandledRejections } from './support/fuzz-runs';

/** Values of every type, and the hostile strings imports meet: control characters, lone surrogates, huge text. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\ud800', '<!channel>', '---', '# ', '|', ',', '"', '\r\n', 'x'.repeat(300_000), '<script>x</script>'),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 4 }),
);
const articleLike = fc.record(
  { id: anyValue, title: anyValue, body: anyValue, questions: anyValue, tags: anyValue, status: anyValue, owner: anyValue, author: anyValue, sourceUrl: anyValue },
  { requiredKeys: [] },
);

describe('fuzzing the import formats', () => {
  const unhandled = watchUnhandledRejections();
  let lore: Lore;

  beforeAll(() => {
    lore = openLore({ dbFile: ':memory:' });
  });
  afterAll(() => lore.close());

  /** Every record read is either saved or rejected with a reason; nothing throws; the index agrees with the store. */
  async function importsCleanly(read: ReadResult): Promise<void> {
    const report = await importArticles(lore.knowledge, read.records, { workspace: '' });
    expect(report.added + report.updated + report.unchanged + report.rejected.length).toBe(read.records.length);
    for (const rejected of [...report.rejected, ...read.unreadable]) expect(rejected.reason).toEqual(expect.any(String));
    const stored = lore.db.prepare("SELECT count(*) AS n FROM articles WHERE status = 'published'").get() as { n: number };
    expect(lore.knowledge.index.size).toBeGreaterThanOrEqual(stored.n);
  }

  it('JSON: any text, and arrays of articles with wrong types and hostile values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.array(articleLike, { maxLength: 6 }).map((items) => JSON.stringify(items)), fc.jsonValue().map((v) => JSON.stringify(v))), async (text) => {
        await importsCleanly(readJsonArticles(text, 'fuzz.json'));
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it('CSV: any text, and rows of hostile cells', async () => {
    const cell = hostileString.map((value) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value));
    const csv = fc
      .tuple(fc.constantFrom('title,body,questions,tags', 'id,title,body', 'body', 'title,body,title', ''), fc.array(fc.array(cell, { maxLength: 5 }).map((cells) => cells.join(',')), { maxLength: 6 }))
      .map(([header, rows]) => [header, ...rows].join('\n'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, csv), async (text) => {
        await importsCleanly(readCsvArticles(text, 'fuzz.csv'));
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it('Markdown: any text, and front matter of any YAML', async () => {
    const yamlish = fc.oneof(
      hostileString,
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc.constantFrom('a: &a [*a]', 'a: &x ["lol","lol"]\nb: &y [*x,*x,*x,*x]\nc: [*y,*y,*y,*y]', 'title: !!binary aGVsbG8=', 'questions: {a: 1}', 'id: [1,2]'),
    );
    const markdown = fc.tuple(yamlish, hostileString).map(([meta, body]) => `---\n${meta}\n---\n${body}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, markdown), fc.string({ maxLength: 30 }), async (text, fileId) => {
        const record = readMarkdownArticle(text, 'fuzz.md', fileId);
        await importsCleanly('input' in record ? { records: [record], unreadable: [] } : { records: [], unreadable: [record] });
      }),
      { numRuns: fuzzRuns(150) },
    );
    expect(unhandled()).toEqual([]);
  });
});
