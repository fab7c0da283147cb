import fs from 'node:fs';
import path from 'node:path';
import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';

const SAMPLE = path.join(__dirname, '..', '..', 'data', 'articles');

describe('imports that can be run again', () => {
  const sandbox = useSandbox();
  const lore = (args: string[], db = sandbox.dbFile) => runLore([...args, '--db', db, '--json']);
  type Report = { added: number; updated: number; unchanged: number; rejected: Array<{ source: string; reason: string }>; archived?: string[] };

  it('the same CSV without ids imported twice changes nothing, and a changed title updates the article with an id', async () => {
    const csv = sandbox.write('faq.csv', 'title,body,questions,tags\nReset a password,Use the self-service page.,forgot my password,accounts\nBook a room,Use the room finder.,meeting room,facilities\n');
    expect((await lore(['import', csv])).lastJson<Report>()).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
    expect((await lore(['import', csv])).lastJson<Report>()).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const ids = (await lore(['list'])).lastJson<{ articles: Array<{ id: string }> }>().articles.map((a) => a.id);
    expect(ids).toEqual(['book-a-room', 'reset-a-password']);

    const withIds = sandbox.write('ids.csv', 'id,title,body\nvpn,Connect to the VPN,Install the client.\n');
    await lore(['import', withIds]);
    sandbox.write('ids.csv', 'id,title,body\nvpn,Connect to the VPN from home,Install the client.\n');
    expect((await lore(['import', withIds])).lastJson<Report>()).toMatchObject({ added: 0, updated: 1 });
    expect((await lore(['show', 'vpn'])).lastJson<{ article: { title: string } }>().article.title).toBe('Connect to the VPN from home');
  });

  it('refuses the same id twice in one file, naming each line', async () => {
    const json = sandbox.write('dup.json', JSON.stringify([{ id: 'a', title: 'First', body: 'one' }, { id: 'b', title: 'Other', body: 'two' }, { id: 'a', title: 'Second', body: 'three' }], null, 2));
    const report = (await lore(['import', json])).lastJson<Report>();
    expect(report).toMatchObject({ added: 1 });
    expect(report.rejected).toEqual([
      { source: `${json}[0]`, reason: `the id a is given more than once (also ${json}[2] (line 12)); give each article its own id` },
      { source: `${json}[2]`, reason: `the id a is given more than once (also ${json}[0] (line 2)); give each article its own id` },
    ]);
    const csv = sandbox.write('dup.csv', 'id,title,body\nx,One,a\nx,Two,b\n');
    expect((await lore(['import', csv])).lastJson<Report>().rejected.map((r) => r.source)).toEqual([`${csv}:2`, `${csv}:3`]);
  });

  it('--sync archives what the files no longer have; what votes and 👍 taught survives every re-import', async () => {
    const file = sandbox.write('base.json', JSON.stringify([
      { id: 'vpn', title: 'Connect to the VPN', body: 'Install GlobalProtect and sign in.', questions: ['vpn will not connect'] },
      { id: 'printer', title: 'Add an office printer', body: 'Add the FollowMe queue in Settings.' },
    ]));
    await lore(['import', file]);
    const base = sandbox.openLore();
    const reply = base.answerer.ask('globalprotect drops every hour', { workspace: '', platform: 'test', asker: 'U1' });
    expect(reply.results.map((r) => r.id)).toContain('vpn');
    base.feedback.vote({ questionId: reply.questionId, articleId: 'vpn', voter: 'U1', value: 1 });
    base.close();

    sandbox.write('base.json', JSON.stringify([{ id: 'vpn', title: 'Connect to the VPN', body: 'Install GlobalProtect, then sign in.', questions: ['vpn will not connect'] }]));
    const synced = (await lore(['import', file, '--sync'])).lastJson<Report>();
    expect(synced).toMatchObject({ updated: 1, archived: ['printer'] });
    expect((await lore(['list', '--status', 'archived'])).lastJson<{ articles: Array<{ id: string }> }>().articles.map((a) => a.id)).toEqual(['printer']);
    const shown = (await lore(['show', 'vpn'])).lastJson<{ questions: unknown[]; votes: unknown }>();
    expect(shown.questions).toHaveLength(2);
    expect(shown.questions).toEqual(expect.arrayContaining([
      { text: 'vpn will not connect', origin: 'author' },
      { text: 'globalprotect drops every hour', origin: 'learned' },
    ]));
    expect(shown.votes).toEqual({ up: 1, down: 0 });
  });

  it('a re-import of the sample base export into a fresh database gives an identical export (json, csv, md)', async () => {
    expect((await lore(['import', SAMPLE])).code).toBe(0);
    const base = sandbox.openLore();
    const reply = base.answerer.ask('how do I get back into my locked account', { workspace: '', platform: 'test', asker: 'U1' });
    base.feedback.vote({ questionId: reply.questionId, articleId: reply.results[0]!.id, voter: 'U1', value: 1 });
    base.upkeep.reviews.verify('account-locked-out', 'grace');
    base.upkeep.reviews.setArticleDays('account-locked-out', 30);
    base.close();
    expect((await lore(['edit', 'account-locked-out', '--set', 'source=https://wiki.example.com/locked'])).code).toBe(0);

    for (const format of ['json', 'csv', 'md']) {
      const first = sandbox.file(`first.${format}`);
      const second = sandbox.file(`second.${format}`);
      const fresh = sandbox.file(`fresh-${format}.db`);
      expect((await lore(['export', '--format', format, first])).code).toBe(0);
      expect((await lore(['import', first], fresh)).lastJson<Report>()).toMatchObject({ rejected: [] });
      expect((await lore(['export', '--format', format, second], fresh)).code).toBe(0);
      expect(read(second)).toEqual(read(first));
      const exported = JSON.stringify(read(first));
      expect(exported).toContain('how do I get back into my locked account');
      expect(exported).toContain('grace');
    }

    const markdown = read(sandbox.file('first.md')) as Record<string, string>;
    const article = markdown['account-locked-out.md']!;
    expect(article).toMatch(/\nreviewDays: 30\n/);
    expect(article).toMatch(/\nverifiedBy: grace\n/);
    expect(article).toMatch(/\nlearnedQuestions:\n {2}- how do I get back into my locked account\n/);
    expect(article).toMatch(/\nsource: https:\/\/wiki.example.com\/locked\n/);
    expect(Object.values(markdown).some((text) => /\nsourceUrl: /.test(text))).toBe(false);
  });

  it('export --format md into an existing file says so, without a stack trace', async () => {
    await lore(['import', SAMPLE]);
    const file = sandbox.write('articles.md', 'notes');
    const run = await lore(['export', '--format', 'md', file]);
    expect(run.code).toBe(1);
    expect(run.lastJson()).toEqual({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('is a file; --format md writes one Markdown file per article into a folder') } });
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

/** An export as text: the file, or every file of the folder by name. */
function read(target: string): Record<string, string> | string {
  if (!fs.statSync(target).isDirectory()) return fs.readFileSync(target, 'utf8');
  return Object.fromEntries(fs.readdirSync(target).sort().map((name) => [name, fs.readFileSync(path.join(target, name), 'utf8')]));
}
