import { ManualClock } from '../../src/clock';
import type { Lore } from '../../src/lore';
import { seed } from '../helpers/articles';
import { runLore } from '../helpers/run-lore';
import { START, useSandbox } from '../helpers/sandbox';

const DAY = 24 * 60 * 60 * 1000;
// Built from parts so that secret scanners do not flag this file; not a real token.
const TOKEN = ['xoxb', '1234567890', '0987654321', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');

function ask(lore: Lore, question: string, asker: string, place = 'C1:1') {
  return lore.answerer.ask(question, { workspace: '', platform: 'slack', asker, place });
}

describe('personal data', () => {
  const sandbox = useSandbox();

  describe('secrets pasted into questions and captures', () => {
    it('stores a question with its secrets redacted, and learns only the redacted phrasing', () => {
      const lore = sandbox.openLore();
      seed(lore);
      const reply = ask(lore, `I forgot my password ${TOKEN}`, 'U0ALICE');
      expect(reply.results[0]?.id).toBe('password-reset');
      const stored = lore.db.prepare('SELECT text FROM questions WHERE id = ?').get(reply.questionId) as { text: string };
      expect(stored.text).not.toContain(TOKEN);
      expect(stored.text).toContain('[redacted]');
      lore.feedback.vote({ questionId: reply.questionId, articleId: reply.results[0]!.id, voter: 'U0ALICE', value: 1 });
      const everything = JSON.stringify(lore.db.prepare('SELECT * FROM article_questions').all());
      expect(everything).not.toContain(TOKEN);
    });

    it('redacts unmistakable secrets in captured answers and keeps password advice', () => {
      const lore = sandbox.openLore();
      const result = lore.capturer.capture({
        workspace: '',
        platform: 'slack',
        format: 'slack',
        question: 'How does the deploy bot log in?',
        answer: `Your password is on the sticker. The bot uses \`${TOKEN}\` and postgres://deploy:Sup3rS3cret@db:5432/app`,
        capturedBy: 'U0BOB',
      });
      expect(result.action).toBe('created');
      const stored = JSON.stringify(lore.db.prepare('SELECT * FROM captures').all()) + JSON.stringify(lore.db.prepare('SELECT body FROM articles').all());
      expect(stored).not.toContain(TOKEN);
      expect(stored).not.toContain('Sup3rS3cret');
      expect(stored).toContain('Your password is on the sticker');
    });
  });

  describe('retention', () => {
    it('deletes questions older than the retention period, and keeps voted ones without who asked', () => {
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock, questionRetentionDays: 30 });
      seed(lore);
      const old = ask(lore, 'I forgot my password', 'U0ALICE');
      const voted = ask(lore, 'how do I print', 'U0ALICE');
      lore.feedback.vote({ questionId: voted.questionId, articleId: voted.results[0]!.id, voter: 'U0BOB', value: 1 });
      clock.advance(20 * DAY);
      const recent = ask(lore, 'vpn will not connect', 'U0ALICE');
      clock.advance(15 * DAY);

      expect(lore.retention.purgeExpired()).toEqual({ deleted: 1, anonymized: 1, before: clock.now() - 30 * DAY });
      const rows = lore.db.prepare('SELECT id, asker, place FROM questions ORDER BY id').all();
      expect(rows).toEqual([
        { id: voted.questionId, asker: null, place: null },
        { id: recent.questionId, asker: 'U0ALICE', place: 'C1:1' },
      ]);
      expect(lore.db.prepare('SELECT count(*) AS n FROM question_results WHERE question_id = ?').get(old.questionId)).toEqual({ n: 0 });
      // The vote stays, and so does the article's record.
      expect(lore.votes.tally(voted.results[0]!.id)).toEqual({ up: 1, down: 0 });
    });

    it('purges from the command line with --purge', async () => {
      const db = sandbox.openLore();
      ask(db, 'how do I print', 'U0ALICE');
      db.db.prepare('UPDATE questions SET asked_at = ?').run(Date.now() - 10 * DAY);
      db.close();
      const kept = await runLore(['questions', '--purge', '--days', '30', '--db', sandbox.dbFile, '--json']);
      expect(kept.lastJson()).toMatchObject({ deleted: 0, anonymized: 0, days: 30 });
      const purged = await runLore(['questions', '--purge', '--days', '7', '--db', sandbox.dbFile, '--json']);
      expect(purged.code).toBe(0);
      expect(purged.lastJson()).toMatchObject({ deleted: 1, days: 7 });
      expect((await runLore(['questions', '--purge', '--days', 'soon', '--db', sandbox.dbFile])).code).toBe(2);
    });
  });

  describe('export and erase', () => {
    /** Alice asks twice and votes; Bob votes on her answer and captures her reply; Carol asks the same as Alice. */
    function scenario(): Lore {
      const lore = sandbox.openLore();
      seed(lore);
      const first = ask(lore, 'cannot reach work systems from my house', 'U0ALICE');
      lore.feedback.vote({ questionId: first.questionId, articleId: 'vpn-home', voter: 'U0ALICE', value: 1 });
      const second = ask(lore, 'how do I print', 'U0ALICE');
      lore.feedback.vote({ questionId: second.questionId, articleId: second.results[0]!.id, voter: 'U0BOB', value: 1 });
      const carol = ask(lore, 'I forgot my password', 'U0CAROL');
      lore.feedback.vote({ questionId: carol.questionId, articleId: 'password-reset', voter: 'U0ALICE', value: 1 });
      lore.capturer.capture({ workspace: '', platform: 'slack', question: 'Where is the wifi password for guests?', answer: 'At reception.', answerAuthor: 'U0ALICE', capturedBy: 'U0BOB', onDuplicate: 'new' });
      return lore;
    }

    it('exports everything kept about a person', async () => {
      scenario().close();
      const run = await runLore(['person', 'export', 'U0ALICE', '--db', sandbox.dbFile, '--json']);
      expect(run.code).toBe(0);
      const record = run.lastJson<Record<string, Array<Record<string, unknown>>>>();
      expect(record.questions!.map((q) => q.text)).toEqual(['cannot reach work systems from my house', 'how do I print']);
      expect(record.votes!.map((v) => v.articleId).sort()).toEqual(['password-reset', 'vpn-home']);
      expect(record.endorsements!.map((e) => e.question)).toContain('cannot reach work systems from my house');
      expect(record.captures).toEqual([expect.objectContaining({ role: 'answered', question: 'Where is the wifi password for guests?' })]);
      const human = await runLore(['person', 'export', 'U0ALICE', '--db', sandbox.dbFile]);
      expect(human.stdout).toContain('2 questions, 2 votes');
    });

    it('erases a person: questions, votes, what was learned only from them, and attribution; articles stay', async () => {
      const lore = scenario();
      const articles = lore.db.prepare('SELECT count(*) AS n FROM articles').get();
      lore.close();
      expect((await runLore(['person', 'erase', 'U0ALICE', '--db', sandbox.dbFile])).code).toBe(2);
      const run = await runLore(['person', 'erase', 'U0ALICE', '--yes', '--db', sandbox.dbFile, '--json']);
      expect(run.code).toBe(0);
      expect(run.lastJson()).toMatchObject({ questions: 2, votes: 2, learnedQuestions: 1, captures: 1 });

      const after = sandbox.openLore();
      const dump = JSON.stringify(
        ['questions', 'votes', 'question_endorsements', 'article_questions', 'captures', 'articles', 'article_revisions'].map((table) => after.db.prepare(`SELECT * FROM ${table}`).all()),
      );
      expect(dump).not.toContain('U0ALICE');
      expect(dump).not.toContain('cannot reach work systems from my house');
      expect(after.db.prepare('SELECT count(*) AS n FROM articles').get()).toEqual(articles);
      // Carol's question and Bob's capture stay; Bob's vote went with Alice's question.
      expect(after.db.prepare('SELECT asker FROM questions').all()).toEqual([{ asker: 'U0CAROL' }]);
      expect(after.db.prepare('SELECT captured_by, answer_author FROM captures').all()).toEqual([{ captured_by: 'U0BOB', answer_author: null }]);
      expect(after.votes.tally('vpn-home')).toEqual({ up: 0, down: 0 });
      // The index dropped the phrasing learned from her question.
      expect(after.knowledge.get('vpn-home')!.questions.map((q) => q.text)).not.toContain('cannot reach work systems from my house');
      expect(after.personData.export('U0ALICE')).toEqual({ person: 'U0ALICE', questions: [], votes: [], endorsements: [], captures: [], articles: [] });
    });
  });
});
