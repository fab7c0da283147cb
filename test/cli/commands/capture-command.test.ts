import fs from 'node:fs';
import { Editors } from '../../../src/capture/capture-policy';
import { seed } from '../../helpers/articles';
import { runLore } from '../../helpers/run-lore';
import { START, useSandbox } from '../../helpers/sandbox';

interface CaptureJson {
  action: string;
  article: { id: string; title: string };
}

interface DraftsJson {
  drafts: Array<{ id: string; workspace: string; title: string; author: string | null; owner: string | null; sourceUrl: string | null; createdAt: string }>;
}

interface ErrorJson {
  error: { code: string; message: string };
}

const NO_STACK = /\n\s+at /;
const QUESTION = 'How do I borrow a company bicycle?';
const ANSWER = 'Ask reception for a bike key; the bikes are in the basement.';
const SOURCE = 'https://example.slack.com/archives/C1/p123';

describe('lore capture, drafts, publish, discard', () => {
  const sandbox = useSandbox();

  /** `lore VERB ARGS… --db <sandbox db>` with the given environment. */
  const lore = (args: string[], env: Record<string, string> = {}) => runLore([...args, '--db', sandbox.dbFile], { env });
  const capture = (question: string, answer: string, ...more: string[]) => lore(['capture', '--question', question, '--answer', answer, ...more]);

  /** Opens the sandbox database to look at what the commands wrote; closed after the test. */
  const inspect = () => sandbox.openLore();

  beforeEach(() => {
    const opened = sandbox.openLore();
    seed(opened);
    opened.close();
  });

  describe('lore capture', () => {
    it('creates an article and prints exactly {action, article: {id, title}} as its last line', async () => {
      const run = await capture(QUESTION, ANSWER, '--author', 'grace', '--source', SOURCE, '--json');

      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.lastJson<CaptureJson>()).toEqual({ action: 'created', article: { id: 'how-do-i-borrow-a-company-bicycle', title: QUESTION } });
      expect(run.lastLine()).toBe(JSON.stringify(run.lastJson()));
      const db = inspect();
      expect(db.knowledge.get('how-do-i-borrow-a-company-bicycle')).toMatchObject({ body: ANSWER, author: 'grace', owner: 'grace', sourceUrl: SOURCE, status: 'published' });
      expect(db.knowledge.articles.revisions('how-do-i-borrow-a-company-bicycle')).toEqual([expect.objectContaining({ editedBy: 'grace', reason: 'capture' })]);
    });

    it('makes the answer findable by a question in other words', async () => {
      const before = await lore(['ask', 'can staff borrow bicycles?', '--json']);
      expect(before.lastJson()).toMatchObject({ decision: 'abstain' });

      const { article } = (await capture(QUESTION, ANSWER, '--json')).lastJson<CaptureJson>();

      const after = await lore(['ask', 'can staff borrow bicycles?', '--json']);
      expect(after.lastJson()).toMatchObject({ decision: 'answer', results: [expect.objectContaining({ id: article.id })] });
    });

    it('merges a capture of the same question into the article that answers it', async () => {
      const first = (await capture(QUESTION, ANSWER, '--json')).lastJson<CaptureJson>();

      const again = await capture(QUESTION, 'Another answer about bikes.', '--json');

      expect(again.code).toBe(0);
      expect(again.lastJson<CaptureJson>()).toEqual({ action: 'merged', article: first.article });
      const db = inspect();
      expect(db.knowledge.get(first.article.id)!.body).toBe(ANSWER);
      expect(db.knowledge.articles.count()).toBe(6);
    });

    it('merges a paraphrase of an existing article as an alternate question, and says so', async () => {
      const run = await capture('How can I claim back my expenses?', 'Use the Expenses app.');

      expect(run.code).toBe(0);
      expect(run.stdout).toBe('merged: added the question to "Submit an expense claim" (expense-claim), which already answers it\n');
      expect(inspect().knowledge.get('expense-claim')!.questions).toContainEqual({ text: 'How can I claim back my expenses?', origin: 'merged', weight: 1 });
    });

    it('makes a separate article with --new', async () => {
      const first = (await capture(QUESTION, ANSWER, '--json')).lastJson<CaptureJson>();

      const run = await capture(QUESTION, 'Another answer about bikes.', '--new', '--json');

      expect(run.code).toBe(0);
      expect(run.lastJson<CaptureJson>()).toEqual({ action: 'created', article: { id: 'how-do-i-borrow-a-company-bicycle-2', title: QUESTION } });
      expect(run.lastJson<CaptureJson>().article.id).not.toBe(first.article.id);
      expect(inspect().knowledge.articles.count()).toBe(7);
    });

    it('publishes at once under LORE_CAPTURE_POLICY=review, since the operator is an editor', async () => {
      const env = { LORE_CAPTURE_POLICY: 'review', LORE_EDITORS: 'slack:U9' };
      const run = await lore(['capture', '--question', QUESTION, '--answer', ANSWER, '--author', 'grace', '--json'], env);

      expect(run.code).toBe(0);
      expect(run.lastJson<CaptureJson>().action).toBe('created');
      expect(inspect().knowledge.get(run.lastJson<CaptureJson>().article.id)!.status).toBe('published');
      expect((await lore(['drafts', '--json'], env)).lastJson<DraftsJson>()).toEqual({ drafts: [] });
    });

    it('refuses an unknown LORE_CAPTURE_POLICY before touching the database', async () => {
      const refused = await lore(['capture', '--question', QUESTION, '--answer', ANSWER], { LORE_CAPTURE_POLICY: 'sometimes' });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/LORE_CAPTURE_POLICY="sometimes"/);
      expect(inspect().knowledge.articles.count()).toBe(5);
    });

    it('cleans pings out of the question and the answer', async () => {
      const run = await capture('@lore hi team, how do I reset my VPN token? @here thanks!', '@channel Open the VPN app <!here> and choose Reset.', '--new', '--json');
      const { article } = run.lastJson<CaptureJson>();
      expect(article.title).toBe('How do I reset my VPN token?');
      expect(inspect().knowledge.get(article.id)!.body).toBe('Open the VPN app and choose Reset.');
    });

    it('captures into the workspace given with --workspace', async () => {
      const { article } = (await capture(QUESTION, ANSWER, '--workspace', 'T1', '--json')).lastJson<CaptureJson>();
      expect(inspect().knowledge.get(article.id)!.workspace).toBe('T1');
    });

    it.each([
      ['--question', ['capture', '--answer', ANSWER]],
      ['--answer', ['capture', '--question', QUESTION]],
    ])('exits 2 with a usage message when %s is missing, and opens no database', async (_missing, args) => {
      fs.rmSync(sandbox.dbFile);
      const run = await lore([...args, '--json']);

      expect(run.code).toBe(2);
      expect(run.stderr).toBe('lore capture: lore capture needs --question and --answer.\n');
      expect(run.lastJson<ErrorJson>().error).toEqual({ code: 'USAGE', message: 'lore capture needs --question and --answer.' });
      expect(fs.existsSync(sandbox.dbFile)).toBe(false);
    });

    it.each([
      ['a new article', QUESTION],
      ['a merge into an existing article', 'Submit an expense claim'],
    ])('exits 1 with a clear message for a --source that is not a web link, for %s, and writes nothing', async (_what, question) => {
      const run = await capture(question, ANSWER, '--source', 'not a url');

      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('lore capture: The source "not a url" is not a web link; give the message\'s absolute http(s) address, or no source.\n');
      expect(run.stderr).not.toMatch(NO_STACK);
      const db = inspect();
      expect(db.knowledge.articles.count()).toBe(5);
      expect(db.knowledge.get('expense-claim')!.questions.map((q) => q.origin)).not.toContain('merged');
      expect(db.db.prepare('SELECT count(*) AS n FROM captures').get()).toEqual({ n: 0 });
    });

    it('exits 1 for an answer with no text, saying what is missing', async () => {
      const run = await capture(QUESTION, '  <!channel>  ', '--json');

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^lore capture: The capture has no answer/);
      expect(run.stderr).not.toMatch(NO_STACK);
      expect(run.lastJson<ErrorJson>().error.code).toBe('INVALID_INPUT');
    });
  });

  describe('review of drafts', () => {
    /** Two drafts by a non-editor on Slack, captured the way the Slack adapter does under the review policy. */
    function captureDrafts(): { bikes: string; keys: string } {
      const opened = sandbox.openLore({ capturePolicy: 'review', editors: new Editors(['slack:U9']) });
      const request = { workspace: '', platform: 'slack', answerAuthor: 'grace', capturedBy: 'U1', sourceUrl: SOURCE };
      const bikes = opened.capturer.capture({ ...request, question: QUESTION, answer: ANSWER });
      const keys = opened.capturer.capture({ ...request, question: 'Where are the spare keys?', answer: 'In the red box at reception.' });
      expect([bikes.action, keys.action]).toEqual(['draft', 'draft']);
      opened.close();
      return { bikes: bikes.article.id, keys: keys.article.id };
    }

    it('lists drafts, publishes one so it answers, discards the other, end to end', async () => {
      const { bikes, keys } = captureDrafts();

      const listed = await lore(['drafts', '--json']);
      expect(listed.code).toBe(0);
      expect(listed.lastJson<DraftsJson>()).toEqual({
        drafts: [
          { id: bikes, workspace: '', title: QUESTION, author: 'grace', owner: 'U1', sourceUrl: SOURCE, createdAt: new Date(START).toISOString() },
          { id: keys, workspace: '', title: 'Where are the spare keys?', author: 'grace', owner: 'U1', sourceUrl: SOURCE, createdAt: new Date(START).toISOString() },
        ],
      });
      expect((await lore(['ask', 'can staff borrow bicycles?', '--json'])).lastJson()).toMatchObject({ decision: 'abstain' });

      const published = await lore(['publish', bikes, '--json']);
      expect(published.code).toBe(0);
      expect(published.lastJson()).toEqual({ action: 'published', article: { id: bikes, title: QUESTION } });
      expect((await lore(['ask', 'can staff borrow bicycles?', '--json'])).lastJson()).toMatchObject({
        decision: 'answer',
        results: [expect.objectContaining({ id: bikes })],
      });

      const discarded = await lore(['discard', keys]);
      expect(discarded.code).toBe(0);
      expect(discarded.stdout).toBe(`discarded "Where are the spare keys?" (${keys})\n`);
      expect((await lore(['drafts', '--json'])).lastJson<DraftsJson>()).toEqual({ drafts: [] });
      expect((await lore(['drafts'])).stdout).toBe('no drafts waiting\n');

      const db = inspect();
      expect(db.knowledge.get(keys)!.status).toBe('archived');
      expect(db.knowledge.articles.revisions(bikes).map((r) => [r.status, r.editedBy, r.reason])).toEqual([
        ['draft', 'U1', 'capture'],
        ['published', null, 'publish'],
      ]);
      expect(db.knowledge.articles.revisions(keys).map((r) => [r.status, r.editedBy, r.reason])).toEqual([
        ['draft', 'U1', 'capture'],
        ['archived', null, 'discard'],
      ]);
    });

    it('lists only the drafts of the workspace given with --workspace', async () => {
      const { bikes } = captureDrafts();
      expect((await lore(['drafts', '--workspace', '', '--json'])).lastJson<DraftsJson>().drafts.map((d) => d.id)).toContain(bikes);
      expect((await lore(['drafts', '--workspace', 'T1', '--json'])).lastJson<DraftsJson>()).toEqual({ drafts: [] });
    });

    it('exits 1 with a message, not a stack trace, for an unknown id or an article that is not a draft', async () => {
      const unknown = await lore(['publish', 'no-such-draft', '--json']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('lore publish: No article has the id no-such-draft; `lore drafts` lists the drafts.\n');
      expect(unknown.lastJson<ErrorJson>().error.code).toBe('NOT_FOUND');

      const notDraft = await lore(['discard', 'expense-claim']);
      expect(notDraft.code).toBe(1);
      expect(notDraft.stderr).toBe('lore discard: expense-claim is not a draft (it is published).\n');
      expect(notDraft.stderr).not.toMatch(NO_STACK);
      expect(inspect().knowledge.get('expense-claim')!.status).toBe('published');
    });

    it('exits 2 when publish is given no id', async () => {
      const run = await lore(['publish']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^lore publish needs ID\./);
    });
  });
});
