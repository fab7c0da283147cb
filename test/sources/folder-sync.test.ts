import fs from 'node:fs';
import { ManualClock } from '../../src/clock';
import { isLoreError } from '../../src/errors';
import type { Lore } from '../../src/lore';
import { SourceSync } from '../../src/sources/source-sync';
import { DAY_MS } from '../../src/upkeep/as-of';
import { runLore } from '../helpers/run-lore';
import { START, useSandbox } from '../helpers/sandbox';

const VPN = `---
id: vpn-home
title: Connect to the VPN from home
tags: [vpn, remote]
---
Install GlobalProtect from the software centre and sign in with your usual password.
`;
const CSV = 'id,title,body,questions,tags\nprinter-add,Add an office printer,Open Settings then Printers and pick the floor printer.,printer missing,printer\n';
const JSON_FILE = JSON.stringify([{ id: 'expenses', title: 'Submit an expense claim', body: 'Use the Expenses app within 30 days.' }]);

describe('a folder source', () => {
  const sandbox = useSandbox();

  function setUp() {
    sandbox.write('handbook/it/vpn.md', VPN);
    sandbox.write('handbook/printers.csv', CSV);
    sandbox.write('handbook/money.json', JSON_FILE);
    sandbox.write('handbook/.git/HEAD', 'ref: refs/heads/main\n');
    sandbox.write('handbook/.github/notes.md', '# Not an article\nCI notes.\n');
    // A repository's configuration and data files are not articles, and not failures either.
    sandbox.write('handbook/package.json', '{"name": "handbook"}');
    sandbox.write('handbook/data/sizes.csv', 'model,size\nX1,14\n');
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env: {} });
    sources.add('handbook', '', { kind: 'folder', path: sandbox.file('handbook') });
    return { clock, lore, sources };
  }

  const revisions = (lore: Lore) => (lore.db.prepare('SELECT count(*) AS n FROM article_revisions').get() as { n: number }).n;

  it('brings in Markdown, CSV and JSON, and a second sync with nothing changed writes nothing', async () => {
    const { lore, sources } = setUp();
    expect(await sources.sync('handbook')).toEqual({ added: 3, updated: 0, archived: 0, unchanged: 0, failed: 0, diverging: 0, failures: [] });
    expect(lore.knowledge.get('vpn-home')).toMatchObject({ title: 'Connect to the VPN from home', tags: ['remote', 'vpn'], status: 'published' });
    expect(lore.answerer.ask('vpn from home', { workspace: '', platform: 'test' }).results[0]?.id).toBe('vpn-home');

    const change = lore.knowledge.articles.lastChange();
    const written = revisions(lore);
    expect(await sources.sync('handbook')).toEqual({ added: 0, updated: 0, archived: 0, unchanged: 3, failed: 0, diverging: 0, failures: [] });
    expect(lore.knowledge.articles.lastChange()).toBe(change);
    expect(revisions(lore)).toBe(written);
    expect(sources.list()).toEqual([
      { name: 'handbook', kind: 'folder', lastSyncAt: new Date(START).toISOString(), articles: 3, error: null, diverging: 0, workspace: '', location: sandbox.file('handbook') },
    ]);
  });

  it('applies an edit as a revision, keeping what Lore learned; a file gone is archived, and back is restored', async () => {
    const { clock, lore, sources } = setUp();
    await sources.sync('handbook');
    // What Lore learned: a phrasing from 👍, a vote, an owner, a review.
    lore.knowledge.addQuestion('vpn-home', 'globalprotect will not connect', 'learned', 'U1');
    const reply = lore.answerer.ask('Connect to the VPN from home', { workspace: '', platform: 'slack', asker: 'U9', place: 'C1:1.1' });
    lore.votes.cast({ questionId: reply.questionId, articleId: 'vpn-home', voter: 'U9', value: 1 });
    lore.knowledge.articles.setOwner('vpn-home', 'grace', { by: 'lead', reason: 'owner' });
    lore.upkeep.reviews.verify('vpn-home', 'grace');
    clock.advance(DAY_MS);

    fs.writeFileSync(sandbox.file('handbook/it/vpn.md'), VPN.replace('Install GlobalProtect from the software centre', 'The VPN is now Zscaler: open the Zscaler app'));
    expect(await sources.sync('handbook')).toMatchObject({ added: 0, updated: 1, unchanged: 2 });
    const vpn = lore.knowledge.get('vpn-home')!;
    expect(vpn.body).toContain('Zscaler');
    expect(vpn.owner).toBe('grace');
    expect(vpn.verifiedBy).toBe('grace');
    expect(vpn.questions).toEqual(expect.arrayContaining([expect.objectContaining({ text: 'globalprotect will not connect', origin: 'learned' })]));
    expect((lore.db.prepare("SELECT count(*) AS n FROM votes WHERE article_id = 'vpn-home'").get() as { n: number }).n).toBe(1);
    expect(lore.knowledge.articles.revisions('vpn-home').at(-1)).toMatchObject({ reason: 'sync from source handbook', body: expect.stringContaining('Zscaler') });
    // The edit is substantial: whoever got the old answer is told, as for any edit.
    expect(lore.upkeep.notices.due('slack')).toEqual([expect.objectContaining({ asker: 'U9', articleId: 'vpn-home', reason: 'edited' })]);

    fs.rmSync(sandbox.file('handbook/money.json'));
    expect(await sources.sync('handbook')).toMatchObject({ archived: 1, unchanged: 2 });
    expect(lore.knowledge.get('expenses')?.status).toBe('archived');
    expect(lore.answerer.ask('Submit an expense claim', { workspace: '', platform: 'test' }).results.map((r) => r.id)).not.toContain('expenses');
    expect(sources.list()[0]!.articles).toBe(2);

    sandbox.write('handbook/money.json', JSON_FILE);
    expect(await sources.sync('handbook')).toMatchObject({ updated: 1, unchanged: 2 });
    expect(lore.knowledge.get('expenses')?.status).toBe('published');
  });

  it('flags an article edited in Lore as diverging instead of overwriting it, until --overwrite', async () => {
    const { lore, sources } = setUp();
    await sources.sync('handbook');
    const edited = { id: 'vpn-home', title: 'Connect to the VPN from home', body: 'Call the service desk on 1234 first.', tags: ['vpn', 'remote'] };
    lore.knowledge.save({ ...edited, questions: [], learnedQuestions: [], mergedQuestions: [], status: 'published' }, '', { by: 'ada', reason: 'edit' });

    // The source unchanged: the edit stands and is flagged.
    expect(await sources.sync('handbook')).toMatchObject({ diverging: 1, unchanged: 2, updated: 0 });
    expect(sources.list()[0]!.diverging).toBe(1);
    // The source changed too: still not overwritten.
    fs.writeFileSync(sandbox.file('handbook/it/vpn.md'), `${VPN}\nAlso works on Linux.\n`);
    expect(await sources.sync('handbook')).toMatchObject({ diverging: 1, updated: 0 });
    expect(lore.knowledge.get('vpn-home')!.body).toBe('Call the service desk on 1234 first.');

    expect(await sources.sync('handbook', { overwrite: true })).toMatchObject({ diverging: 0, updated: 1 });
    expect(lore.knowledge.get('vpn-home')!.body).toContain('Also works on Linux.');
    expect(sources.list()[0]!.diverging).toBe(0);
    expect(await sources.sync('handbook')).toMatchObject({ diverging: 0, unchanged: 3 });
  });

  it('refuses to archive everything when the folder lists nothing, and reports a bad file without stopping the rest', async () => {
    const { lore, sources } = setUp();
    await sources.sync('handbook');
    sandbox.write('handbook/broken.md', '---\ntitle: [unclosed\n---\nbody');
    expect(await sources.sync('handbook')).toMatchObject({ failed: 1, unchanged: 3, failures: [{ origin: expect.stringContaining('broken.md'), reason: expect.stringContaining('YAML') }] });

    for (const file of ['it/vpn.md', 'printers.csv', 'money.json', 'broken.md']) fs.rmSync(sandbox.file('handbook', file));
    const error = await sources.sync('handbook').catch((e: unknown) => e);
    expect(isLoreError(error, 'SOURCE_FAILED')).toBe(true);
    expect((error as Error).message).toContain('listed no articles');
    expect(lore.knowledge.get('vpn-home')?.status).toBe('published');
    expect(sources.list()[0]!.error).toContain('listed no articles');
  });

  it('keeps one sync of a source at a time: a second process is told the source is busy', async () => {
    const { clock, sources } = setUp();
    expect(sources.store.claim('handbook', clock.now(), clock.now() + 60_000)).toBe(true);
    await expect(sources.sync('handbook')).rejects.toMatchObject({ code: 'SOURCE_BUSY' });
    expect(() => sources.remove('handbook')).toThrow(expect.objectContaining({ code: 'SOURCE_BUSY' }));
    clock.advance(60_000);
    await expect(sources.sync('handbook')).resolves.toMatchObject({ added: 3 });
  });

  it("puts a source's articles in its workspace, where other workspaces do not see them", async () => {
    sandbox.write('hr/leave.md', '---\nid: parental-leave\ntitle: Take parental leave\n---\nTell HR three months ahead.\n');
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sources = new SourceSync(lore.knowledge, lore.db, clock, { env: {} });
    sources.add('hr', 'T-HR', { kind: 'folder', path: sandbox.file('hr') });
    await sources.sync('hr');
    expect(lore.knowledge.get('parental-leave')?.workspace).toBe('T-HR');
    expect(lore.answerer.ask('Take parental leave', { workspace: 'T-HR', platform: 'test' }).results[0]?.id).toBe('parental-leave');
    expect(lore.answerer.ask('Take parental leave', { workspace: 'T-OTHER', platform: 'test' }).results.map((r) => r.id)).not.toContain('parental-leave');

    // The same id in another workspace's source is not taken over.
    sources.add('other', 'T-OTHER', { kind: 'folder', path: sandbox.file('hr') });
    expect(await sources.sync('other')).toMatchObject({ added: 0, failed: 1, failures: [{ reason: expect.stringContaining('comes from the source hr') }] });
  });

  it('works from the command line: add, list --json, sync --json, remove (archiving, not deleting)', async () => {
    sandbox.write('handbook/it/vpn.md', VPN);
    sandbox.write('handbook/printers.csv', CSV);
    const db = ['--db', sandbox.dbFile];
    const added = await runLore(['sources', 'add', 'folder', 'handbook', '--path', sandbox.file('handbook'), '--json', '--create', ...db]);
    expect(added.code).toBe(0);
    expect(added.lastJson()).toMatchObject({ name: 'handbook', kind: 'folder', articles: 0, lastSyncAt: null, error: null });

    const synced = await runLore(['sources', 'sync', 'handbook', '--json', ...db]);
    expect(synced.code).toBe(0);
    expect(synced.lastJson()).toEqual({ added: 2, updated: 0, archived: 0, unchanged: 0, failed: 0, diverging: 0, failures: [] });

    const listed = await runLore(['sources', 'list', '--json', ...db]);
    const { sources } = listed.lastJson<{ sources: Array<Record<string, unknown>> }>();
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ name: 'handbook', kind: 'folder', articles: 2, error: null, lastSyncAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const all = await runLore(['sources', 'sync', '--json', ...db]);
    expect(all.lastJson()).toMatchObject({ unchanged: 2, sources: [{ name: 'handbook', unchanged: 2 }] });

    const removed = await runLore(['sources', 'remove', 'handbook', '--json', ...db]);
    expect(removed.lastJson()).toEqual({ name: 'handbook', archived: 2 });
    expect((await runLore(['sources', 'list', '--json', ...db])).lastJson()).toEqual({ sources: [] });
    const lore = sandbox.openLore();
    expect(lore.knowledge.get('vpn-home')?.status).toBe('archived');

    const wrong = await runLore(['sources', 'add', 'sharepoint', 'x', '--json', ...db]);
    expect(wrong.code).toBe(2);
    expect(wrong.lastJson()).toMatchObject({ error: { code: 'USAGE' } });
    const secret = await runLore(['sources', 'add', 'zendesk', 'help', '--url', 'https://acme.zendesk.com', '--token-env', 'abc def', '--json', ...db]);
    expect(secret.code).toBe(1);
    expect(secret.lastJson()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('NAME of an environment variable') } });
  });
});
