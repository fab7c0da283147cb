import { readArticleFiles } from '../../../src/knowledge/formats/read-article-files';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';

describe('clear messages for the files people really have', () => {
  const sandbox = useSandbox();

  it('reads a semicolon-separated CSV (as European spreadsheets save it) and says so', async () => {
    const file = sandbox.write('faq.csv', '\uFEFFtitle;body;questions;tags\r\nReset a password;"Use the page; then sign in.";forgot my password | locked out;accounts,sign-in\r\nBook a room;Use the room finder.;meeting room;facilities\r\n');
    const result = readArticleFiles([file]);
    expect(result.unreadable).toEqual([]);
    expect(result.notices).toEqual([`${file}: read as semicolon-separated (as European spreadsheets save CSV)`]);
    expect(result.records[0]!.input).toEqual({ title: 'Reset a password', body: 'Use the page; then sign in.', questions: ['forgot my password', 'locked out'], tags: ['accounts', 'sign-in'] });

    const run = await runLore(['import', file, '--db', sandbox.dbFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('read as semicolon-separated');
    expect(run.stdout).toContain('added 2');
  });

  it('names the delimiter and the columns it found when the header still lacks title or body', () => {
    const file = sandbox.write('odd.csv', 'Titel;Inhalt\nA;B\n');
    expect(readArticleFiles([file]).unreadable).toEqual([
      { source: file, reason: 'the header row must name the columns title,body,questions,tags (missing: title, body; read as semicolon-separated (as European spreadsheets save CSV), columns found: titel | inhalt)' },
    ]);
  });

  it('says that front matter is never closed, instead of a missing title', () => {
    const file = sandbox.write('open.md', '---\ntitle: VPN\ntags: [vpn]\n\nInstall the client.\n');
    expect(readArticleFiles([file]).unreadable).toEqual([
      { source: file, reason: 'the front matter opened on line 1 is never closed: end it with a line of three dashes (---) before the body' },
    ]);
  });

  it('counts YAML error lines from the top of the file', () => {
    const file = sandbox.write('bad.md', '---\ntitle: VPN\ntags: [vpn, remote\nowner: it\n---\nBody\n');
    const [problem] = readArticleFiles([file]).unreadable;
    // The unclosed list starts on line 3 of the file; the YAML parser notices it on the file's line 4.
    expect(problem!.reason).toMatch(/^the front matter is not valid YAML: line 4, column 1: /);
    expect(problem!.reason).not.toMatch(/at line/);
  });
});
