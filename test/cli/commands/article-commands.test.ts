import fs from 'node:fs';
import { BASE, seed } from '../../helpers/articles';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';

describe('lore list, show, edit, archive, restore, delete', () => {
  const sandbox = useSandbox();
  const lore = (args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) => runLore([...args, '--db', sandbox.dbFile], options);

  beforeEach(() => {
    const base = sandbox.openLore();
    seed(base);
    // A 👍 teaches the VPN article a phrasing of its own: show says where each question came from.
    const reply = base.answerer.ask('globalprotect keeps disconnecting', { workspace: '', platform: 'test', asker: 'U1' });
    base.feedback.vote({ questionId: reply.questionId, articleId: 'vpn-home', voter: 'U1', value: 1 });
    base.upkeep.owners.assign('printer-add', 'grace', 'ada');
    base.close();
  });

  it('list --json prints {articles: [{id, title, tags, owner, status, updatedAt}]} and filters by tag, owner and status', async () => {
    const all = await lore(['list', '--json']);
    expect(all.code).toBe(0);
    const { articles } = all.lastJson<{ articles: Array<Record<string, unknown>> }>();
    expect(articles.map((a) => a.id)).toEqual(BASE.map((a) => a.id!).sort());
    for (const article of articles) expect(Object.keys(article)).toEqual(['id', 'title', 'tags', 'owner', 'status', 'updatedAt']);
    expect(articles.find((a) => a.id === 'vpn-home')).toMatchObject({ title: 'Connect to the VPN from home', tags: ['remote', 'vpn'], status: 'published', updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    expect((await lore(['list', '--tag', 'vpn', '--json'])).lastJson()).toEqual({ articles: [expect.objectContaining({ id: 'vpn-home' })] });
    expect((await lore(['list', '--owner', 'grace', '--json'])).lastJson()).toEqual({ articles: [expect.objectContaining({ id: 'printer-add', owner: 'grace' })] });
    expect((await lore(['list', '--failing', '--json'])).lastJson()).toEqual({ articles: [] });
    expect((await lore(['list', '--workspace', 'T-other', '--json'])).lastJson()).toEqual({ articles: [] });
    const human = await lore(['list', '--tag', 'printing']);
    expect(human.stdout).toMatch(/^printer-add {2}Add an office printer {2}\[published\] {2}owner: grace/);
  });

  it('show --json prints the article, its questions with their origin, votes and revisions', async () => {
    const run = await lore(['show', 'vpn-home', '--json']);
    expect(run.code).toBe(0);
    const shown = run.lastJson<{ article: Record<string, unknown>; questions: unknown[]; votes: unknown; revisions: Array<Record<string, unknown>> }>();
    expect(Object.keys(shown)).toEqual(['article', 'questions', 'votes', 'revisions']);
    expect(shown.article).toMatchObject({ id: 'vpn-home', title: 'Connect to the VPN from home', status: 'published' });
    expect(shown.questions).toEqual([
      { text: 'vpn will not connect', origin: 'author' },
      { text: 'globalprotect keeps disconnecting', origin: 'author' },
    ]);
    expect(shown.votes).toEqual({ up: 1, down: 0 });
    expect(shown.revisions).toEqual([{ at: expect.stringMatching(/^\d{4}-/), by: 'test', change: 'seed' }]);

    const human = await lore(['show', 'vpn-home']);
    expect(human.stdout).toContain('Install the GlobalProtect client');
    expect(human.stdout).toContain('vpn will not connect  (written by an author)');
    expect(human.stdout).toContain('Votes: 1 👍  0 👎');

    const missing = await lore(['show', 'nope', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.lastJson()).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('nope') } });
  });

  it('edit --set changes fields for scripts, and each change is a revision with its author', async () => {
    const run = await lore(['edit', 'vpn-home', '--set', 'title=Connect to the VPN', '--set', 'tags=vpn,network', '--by', 'ada', '--json']);
    expect(run.code).toBe(0);
    expect(run.lastJson()).toEqual({ edited: { id: 'vpn-home', title: 'Connect to the VPN', outcome: 'updated', revision: 2 } });
    const shown = (await lore(['show', 'vpn-home', '--json'])).lastJson<{ article: { tags: string[] }; revisions: unknown[] }>();
    expect(shown.article.tags).toEqual(['network', 'vpn']);
    expect(shown.revisions.at(-1)).toEqual({ at: expect.any(String), by: 'ada', change: 'edited: title, tags' });

    const bad = await lore(['edit', 'vpn-home', '--set', 'colour=blue', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.lastJson()).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('FIELD one of title') } });
    const invalid = await lore(['edit', 'vpn-home', '--set', 'status=gone', '--json']);
    expect(invalid.lastJson()).toEqual({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('status') } });
  });

  it('edit opens $EDITOR on the Markdown with front matter and saves what was written', async () => {
    // A stand-in editor: reads the file it is given and writes it back changed, as a person would.
    const script = sandbox.write(
      'editor.js',
      `const fs = require('fs'); const file = process.argv[2];
       const text = fs.readFileSync(file, 'utf8');
       fs.writeFileSync(${JSON.stringify(sandbox.file('seen.md'))}, text);
       fs.writeFileSync(file, text.replace('owner: grace', 'owner: linus').replace('badge', 'badge or phone'));`,
    );
    const run = await lore(['edit', 'printer-add', '--by', 'ada'], { env: { EDITOR: `"${process.execPath}" "${script}"` } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const seen = fs.readFileSync(sandbox.file('seen.md'), 'utf8');
    expect(seen).toMatch(/^---\nid: printer-add\ntitle: Add an office printer\n[\s\S]*owner: grace\n[\s\S]*---\nOpen Settings/);
    const shown = (await lore(['show', 'printer-add', '--json'])).lastJson<{ article: { owner: string; body: string }; revisions: unknown[] }>();
    expect(shown.article.owner).toBe('linus');
    expect(shown.article.body).toContain('tap your badge or phone');
    expect(shown.revisions.at(-1)).toEqual({ at: expect.any(String), by: 'ada', change: 'edited: body, owner' });

    // Closing the editor without a change changes nothing.
    const untouched = sandbox.write('noop.js', '');
    const none = await lore(['edit', 'printer-add', '--json'], { env: { EDITOR: `"${process.execPath}" "${untouched}"` } });
    expect(none.lastJson()).toEqual({ edited: { id: 'printer-add', outcome: 'unchanged' } });
  });

  it('an archived article is not answered and comes back with restore', async () => {
    const question = ['ask', 'globalprotect keeps disconnecting', '--json'];
    expect((await lore(question)).lastJson()).toMatchObject({ decision: 'answer', results: [expect.objectContaining({ id: 'vpn-home' })] });

    const archived = await lore(['archive', 'vpn-home', '--by', 'ada', '--json']);
    expect(archived.lastJson()).toEqual({ archived: { id: 'vpn-home', title: 'Connect to the VPN from home', status: 'archived' } });
    const after = (await lore(question)).lastJson<{ results: Array<{ id: string }> }>();
    expect(after.results.map((a) => a.id)).not.toContain('vpn-home');
    expect((await lore(['list', '--status', 'archived', '--json'])).lastJson()).toEqual({ articles: [expect.objectContaining({ id: 'vpn-home', status: 'archived' })] });

    const restored = await lore(['restore', 'vpn-home', '--by', 'grace', '--json']);
    expect(restored.lastJson()).toEqual({ restored: { id: 'vpn-home', title: 'Connect to the VPN from home', status: 'published' } });
    expect((await lore(question)).lastJson()).toMatchObject({ decision: 'answer', results: [expect.objectContaining({ id: 'vpn-home' })] });
    const { revisions } = (await lore(['show', 'vpn-home', '--json'])).lastJson<{ revisions: Array<{ by: string; change: string }> }>();
    expect(revisions.slice(-2).map((r) => [r.by, r.change])).toEqual([['ada', 'archived'], ['grace', 'restored']]);
  });

  it('delete asks first unless --yes, and a deleted article leaves the answers of a Lore that has it open', async () => {
    const serving = sandbox.openLore();
    const before = serving.answerer.ask('globalprotect keeps disconnecting', { workspace: '', platform: 'test' });
    expect(before.results[0]?.id).toBe('vpn-home');

    const declined = await lore(['delete', 'vpn-home'], { stdin: 'n\n' });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/Delete "Connect to the VPN from home" \(vpn-home\).*\[y\/N\][\s\S]*not deleted/);
    const confirmed = await lore(['delete', 'vpn-home'], { stdin: 'y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('deleted "Connect to the VPN from home" (vpn-home)');

    serving.knowledge.refresh();
    const after = serving.answerer.ask('globalprotect keeps disconnecting', { workspace: '', platform: 'test' });
    expect(after.results.map((a) => a.id)).not.toContain('vpn-home');

    const scripted = await lore(['delete', 'printer-add', '--yes', '--json']);
    expect(scripted.lastJson()).toEqual({ deleted: { id: 'printer-add', title: 'Add an office printer' } });
    expect((await lore(['show', 'printer-add', '--json'])).code).toBe(1);
    // A write after the deletions takes a later change number than theirs, so the open Lore reads it.
    const added = await lore(['edit', 'password-reset', '--set', 'body=Use the self-service page.', '--json']);
    expect(added.code).toBe(0);
    serving.knowledge.refresh();
    expect(serving.knowledge.index.size).toBe(BASE.length - 2);
  });
});
