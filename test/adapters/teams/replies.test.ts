import { replyCard } from '../../../adapters/teams/cards';
import { BASE, rankedArticle, seed } from '../../helpers/articles';
import { actionsOf, type Activity, cardOf, cardTextOf, fixture, TENANT, useTeamsHarness } from './support/teams-harness';

const LONG = {
  id: 'long-guide',
  title: 'The long onboarding guide',
  body: Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1}: ${'Read the handbook and ask your buddy. '.repeat(24).trim()}`).join('\n\n'),
};
const CHAT = '29d241e3-0d27-463c-b9d4-1e3567ee7e3b';

/** A dialog invoke (task/fetch when opened from a card, task/submit from a button inside it), as Teams sends it. */
function dialogInvoke(name: 'task/fetch' | 'task/submit', data: Record<string, unknown>, tenant = TENANT): Activity {
  return fixture('playground-invoke-adaptiveCard-action', {
    id: `invoke-${Math.random()}`,
    name,
    conversation: { conversationType: 'personal', tenantId: tenant, id: CHAT },
    channelData: { tenant: { id: tenant } },
    value: { data, context: { theme: 'default' } },
  });
}

type Dialog = { task: { type: string; value: { card?: { content: Record<string, unknown> } } | string } };

describe('replies in Teams', () => {
  const harness = useTeamsHarness({
    seed: (lore) => {
      seed(lore, [...BASE, LONG]);
      seed(lore, [{ id: 'other-tenant-secret', title: 'Other tenant secret', body: 'Only for the other tenant.' }], 'teams:other-tenant');
    },
  });

  it('answers with the passage as Markdown, and "Show the whole article" opens it in a dialog, paged when long', async () => {
    const h = harness();
    await h.post(fixture('playground-message-personal', { text: 'Reset a forgotten password' }));
    const card = cardOf(h.connector.sent()[0]!.body)!;
    expect(JSON.stringify(card.body)).toContain('"type":"TextBlock","text":"Go to the **password** page on the intranet and choose **Forgot password**.');
    const show = actionsOf(card).find((a) => a.title === '📖 Show the whole article')!;

    const opened = await h.post(dialogInvoke('task/fetch', show.data!));
    expect(opened.status).toBe(200);
    const dialog = opened.body as Dialog;
    expect(dialog.task.type).toBe('continue');
    const article = (dialog.task.value as { card: { content: Record<string, unknown> } }).card.content;
    expect(cardTextOf(article)).toContain('Pick a new password of at least 14 characters.');

    const long = ((await h.post(dialogInvoke('task/fetch', { lore: 'article', a: LONG.id }))).body as Dialog).task.value as { card: { content: Record<string, unknown> } };
    const first = cardTextOf(long.card.content);
    expect(first).toContain('Paragraph 1:');
    expect(first).not.toContain('Paragraph 30:');
    const next = actionsOf(long.card.content).find((a) => a.title === 'Next ▶')!;
    const page = ((await h.post(dialogInvoke('task/submit', next.data!))).body as Dialog).task.value as { card: { content: Record<string, unknown> } };
    expect(cardTextOf(page.card.content)).toMatch(/page 2 of \d/);
    expect(cardTextOf(page.card.content)).not.toContain('Paragraph 1:');
  });

  it('sends the article as a card of its own to a client without dialogs, leaving the answer as it was', async () => {
    const h = harness();
    await h.post(fixture('playground-message-actionsubmit-value', { id: 'submit-article', value: { msteams: { type: 'task/fetch' }, lore: 'article', a: 'password-reset' } }));
    expect(h.connector.updated()).toEqual([]);
    const [sent] = h.connector.sent();
    expect(cardTextOf(cardOf(sent!.body))).toContain('Pick a new password of at least 14 characters.');
  });

  it('opens no other tenant’s article, whatever the action says', async () => {
    const h = harness();
    const result = await h.post(dialogInvoke('task/fetch', { lore: 'article', a: 'other-tenant-secret' }));
    const shown = JSON.stringify(result.body);
    expect(shown).not.toContain('Only for the other tenant');
    expect(shown).toContain('not one you can open here');
  });

  it('reads a follow-up in the chat with the question before it; a new question stands alone', async () => {
    const h = harness();
    await h.post(fixture('playground-message-personal', { id: 'ask-1', text: 'Connect to the VPN from home' }));
    await h.post(fixture('playground-message-personal', { id: 'ask-2', text: 'still broken' }));
    await h.post(fixture('playground-message-personal', { id: 'ask-3', text: 'Book a parking space' }));
    const [, broken, parking] = h.connector.sent().map((sent) => cardTextOf(cardOf(sent.body)));
    expect(broken).toContain('Read with your earlier question: “Connect to the VPN from home”');
    expect(broken).toContain('Connect to the VPN from home');
    expect(parking).not.toContain('earlier question');
    expect(parking).toContain('Book a parking space');
  });

  // "Most **slowlaptops** are fixed…": a space alone between two highlighted words was dropped.
  it('keeps the space between two highlighted words of a snippet', () => {
    const snippet = 'Most slow laptops are fixed by the first three.';
    const card = replyCard({
      decision: 'answer',
      questionId: 1,
      question: 'slow laptops',
      confidence: 0.9,
      results: [rankedArticle({ passage: '', snippet, highlights: [{ start: 5, end: 9 }, { start: 10, end: 17 }] })],
    });
    const runs = JSON.stringify(card.body).match(/"type":"TextRun","text":"[^"]*"(,"weight":"Bolder")?/g)!;
    expect(runs.slice(1).join('|')).toBe(
      ['"type":"TextRun","text":"Most "', '"type":"TextRun","text":"slow","weight":"Bolder"', '"type":"TextRun","text":" "', '"type":"TextRun","text":"laptops","weight":"Bolder"', '"type":"TextRun","text":" are fixed by the first three."'].join('|'),
    );
  });
});
