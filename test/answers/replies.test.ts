import path from 'node:path';
import type { AskContext } from '../../src/answers/question-log';
import { readArticleFiles } from '../../src/knowledge/formats/read-article-files';
import { importArticles } from '../../src/knowledge/import-articles';
import type { Lore } from '../../src/lore';
import { useSandbox } from '../helpers/sandbox';

const SAMPLE = path.join(__dirname, '..', '..', 'data', 'articles');
const asker: AskContext = { workspace: '', platform: 'slack', asker: 'U1', place: 'C1:1.1' };

/** What the sample base answers, as a new employee asks: a reply that answers, and follow-ups read with their thread. */
describe('replies on the sample base', () => {
  const sandbox = useSandbox();
  async function sampleLore(): Promise<Lore> {
    const lore = sandbox.openLore();
    const { records } = readArticleFiles([SAMPLE]);
    await importArticles(lore.knowledge, records, { workspace: '' });
    return lore;
  }

  // Each got one sentence before: "Choose a new password and click Reset.", "Most slow
  // laptops are fixed by the first three." and "Payslips".
  it('show the passage that answers: the steps, the address, the number, as Markdown, never an alternate question', async () => {
    const lore = await sampleLore();
    const passageFor = (question: string, id: string) => {
      const reply = lore.answerer.ask(question, asker);
      expect(reply.results[0]?.id).toBe(id);
      return reply.results[0]!.passage;
    };

    const reset = passageFor('pw reset', 'password-reset');
    expect(reset).toContain('https://intranet.example.com/password');
    expect(reset).toMatch(/^1\. On any device/m);
    expect(reset).toMatch(/^3\. Choose a new password and click \*\*Reset\*\*\.$/m);

    const slow = passageFor('my laptop is super slow', 'laptop-slow-or-low-disk');
    expect(slow).toContain('## 1. Restart properly');
    expect(slow).toContain('**Ctrl + Shift + Esc**');
    expect(slow).toContain('Most **slow** **laptops** are fixed by the first three.');

    const payslip = passageFor('download my payslip', 'payroll-payslips-and-tax-forms');
    expect(payslip).toContain('https://intranet.example.com/payroll');
    expect(payslip).toContain('click **Download PDF**');
    expect(payslip).toContain('**25th**');

    for (const text of [reset, slow, payslip]) expect(text.length).toBeLessThanOrEqual(1500);

    // After a 👍 taught "what's the wifi pwd", the snippet became "Also asked as: 'what's the wifi pwd'".
    const first = lore.answerer.ask("what's the wifi pwd", asker);
    const wifi = first.results.find((result) => result.id === 'wifi-office-network')!;
    lore.feedback.vote({ questionId: first.questionId, articleId: wifi.id, voter: 'U1', value: 1 });
    const again = lore.answerer.ask("what's the wifi pwd", asker);
    expect(again.results[0]?.id).toBe('wifi-office-network');
    expect(again.results[0]!.snippet).not.toContain('Also asked as');
    expect(again.results[0]!.passage).not.toContain('Also asked as');
    expect(again.results[0]!.passage).toContain('CORP-SECURE');
  });

  it('read a follow-up with the thread’s question, and a new question in the same thread alone', async () => {
    const lore = await sampleLore();
    const vpn = 'how do I connect to the VPN from home';
    // Alone, "still broken" got the new-laptop article at 78%.
    const broken = lore.answerer.ask('still broken', asker, { previous: vpn });
    expect(broken.followUp).toEqual({ previous: vpn, message: 'still broken' });
    expect(broken.decision).toBe('answer');
    expect(broken.results[0]?.id).toMatch(/^vpn-/);
    expect(broken.question).toBe(`${vpn} — still broken`);

    const mac = lore.answerer.ask('what about on a Mac?', asker, { previous: 'my laptop is super slow' });
    expect(mac.followUp?.previous).toBe('my laptop is super slow');
    expect(mac.results[0]?.id).toBe('laptop-slow-or-low-disk');
    const leave = lore.answerer.ask('and sick leave?', asker, { previous: 'how do i request vacation' });
    expect(leave.results[0]?.id).toBe('leave-sick-leave');

    const desk = lore.answerer.ask('how do i book a desk', asker, { previous: vpn });
    expect(desk.followUp).toBeUndefined();
    expect(desk.question).toBe('how do i book a desk');
    expect(desk.results[0]?.id).toBe('facilities-desk-booking');
    const jam = lore.answerer.ask('printer jammed', asker, { previous: vpn });
    expect(jam.followUp).toBeUndefined();
    expect(jam.results[0]?.id).toBe('printer-paper-jam');
    // Thanks is no follow-up, and a question that finds nothing does not borrow the thread's answer.
    expect(lore.answerer.ask('thanks!', asker, { previous: vpn }).smallTalk).toBeDefined();
    const bicycle = lore.answerer.ask('how do I borrow a company bicycle', asker, { previous: vpn });
    expect(bicycle.followUp).toBeUndefined();
    expect(bicycle.decision).toBe('abstain');

    // Evaluation asks without a thread, and is never read as a follow-up.
    const evaluated = lore.answerer.ask('still broken', { ...asker, isEval: true }, { previous: 'how do I connect to the VPN from home' });
    expect(evaluated.followUp).toBeUndefined();
    expect(evaluated.question).toBe('still broken');
  });
});
