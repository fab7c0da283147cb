import fs from 'node:fs';
import path from 'node:path';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'import');
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

interface ImportJson {
  added: number;
  updated: number;
  unchanged: number;
  rejected: Array<{ source: string; reason: string }>;
}

describe('lore import and lore export', () => {
  const sandbox = useSandbox();

  it('imports files and folders, --json reporting what it did', async () => {
    const run = await runLore(['import', fixture('shared-format.json'), fixture('markdown'), fixture('articles.csv'), '--json', '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.lastJson<ImportJson>()).toEqual({ added: 8, updated: 0, unchanged: 0, rejected: [] });

    const again = await runLore(['import', fixture('shared-format.json'), '--db', sandbox.dbFile]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('added 0, updated 0, unchanged 3, rejected 0\n');
  });

  it('lists rejected rows with reasons, and still succeeds when something was imported', async () => {
    const csv = fixture('hostile', 'rows-with-problems.csv');
    const run = await runLore(['import', csv, fixture('hostile', 'notes.txt'), '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('added 2, updated 0, unchanged 0, rejected 4');
    expect(run.stdout).toContain(`rejected ${fixture('hostile', 'notes.txt')}: unknown format`);
    expect(run.stdout).toContain(`rejected ${csv}:3: has 2 cells where the header has 4`);
  });

  it('exits 1 when nothing could be imported', async () => {
    const run = await runLore(['import', fixture('hostile', 'malformed.json'), sandbox.file('missing.md'), '--json', '--db', sandbox.dbFile]);
    expect(run.code).toBe(1);
    expect(run.lastJson<ImportJson>()).toEqual({
      added: 0,
      updated: 0,
      unchanged: 0,
      rejected: [
        { source: fixture('hostile', 'malformed.json'), reason: expect.stringMatching(/not valid JSON/) },
        { source: sandbox.file('missing.md'), reason: 'no such file or folder' },
      ],
    });
  });

  it('imports into a workspace with --workspace and records --by in the history', async () => {
    await runLore(['import', fixture('markdown'), '--workspace', 'T1', '--by', 'grace', '--db', sandbox.dbFile]);
    const lore = sandbox.openLore();
    expect(lore.knowledge.get('vpn-home')?.workspace).toBe('T1');
    expect(lore.knowledge.articles.revisions('vpn-home')).toEqual([expect.objectContaining({ editedBy: 'grace', reason: 'import' })]);
  });

  it('never loads the sample base into a new database', async () => {
    await runLore(['import', fixture('markdown', 'vpn-home.md'), '--db', sandbox.dbFile]);
    const stats = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(stats.lastJson()).toMatchObject({ articles: 1 });
  });

  it.each(['json', 'csv', 'md'])('exports --format %s and imports it back into a fresh database', async (format) => {
    await runLore(['import', fixture('shared-format.json'), fixture('markdown'), fixture('articles.csv'), '--db', sandbox.dbFile]);
    const target = sandbox.file(format === 'md' ? 'out' : `out.${format}`);

    const exported = await runLore(['export', '--format', format, target, '--json', '--db', sandbox.dbFile]);
    expect(exported.code).toBe(0);
    expect(exported.lastJson()).toEqual({ exported: 8, format, path: target });
    expect(fs.existsSync(target)).toBe(true);

    const copy = sandbox.file('copy.db');
    const imported = await runLore(['import', target, '--json', '--db', copy]);
    expect(imported.lastJson<ImportJson>()).toEqual({ added: 8, updated: 0, unchanged: 0, rejected: [] });

    const original = sandbox.openLore();
    const restored = sandbox.openLore({ dbFile: copy });
    for (const id of ['stackfaq-000', 'vpn-home', 'printer-add', 'join-the-office-wi-fi']) {
      const a = original.knowledge.get(id)!;
      const b = restored.knowledge.get(id)!;
      expect({ title: b.title, body: b.body, tags: b.tags, questions: b.questions, sourceUrl: b.sourceUrl }).toEqual({
        title: a.title,
        body: a.body,
        tags: a.tags,
        questions: a.questions,
        sourceUrl: a.sourceUrl,
      });
    }
  });

  it('exports JSON by default and one workspace with --workspace', async () => {
    await runLore(['import', fixture('shared-format.json'), '--db', sandbox.dbFile]);
    await runLore(['import', fixture('markdown'), '--workspace', 'T1', '--db', sandbox.dbFile]);
    const target = sandbox.file('t1.json');
    const run = await runLore(['export', target, '--workspace', 'T1', '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`exported 2 articles to ${target}\n`);
    const ids = (JSON.parse(fs.readFileSync(target, 'utf8')) as Array<{ id: string }>).map((a) => a.id);
    expect(ids).toEqual(['printer-add', 'vpn-home']);
  });
});

describe('lore import with nothing readable', () => {
  const sandbox = useSandbox();

  it('reports why and creates no database', async () => {
    const run = await runLore(['import', path.join(sandbox.dir, 'missing.json'), '--db', sandbox.dbFile, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ added: 0, rejected: [{ reason: 'no such file or folder' }] });
    expect(fs.existsSync(sandbox.dbFile)).toBe(false);
  });
});
