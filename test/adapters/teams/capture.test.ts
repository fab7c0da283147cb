import type { Article } from '../../../src/knowledge/article';
import type { Lore } from '../../../src/lore';
import { cardTextOf, fixture, TENANT, useTeamsHarness } from './support/teams-harness';

const ANSWER_HTML = '<p>Open <a href="https://wiki.example.com/wifi">the Wi-Fi page</a>, pick <b>Guest</b> and ask reception for the daily code. <at>Alex Wilber</at> knows more.</p>';

/** A message action on a person's message in a channel thread, as Teams invokes it. */
function messageAction(name: 'fetchTask' | 'submitAction', data?: Record<string, unknown>, messageId = '1795437839276') {
  return fixture(`playground-invoke-composeExtension-${name}`, {
    id: `${name}-${messageId}-${JSON.stringify(data ?? {}).length}`,
    conversation: { conversationType: 'channel', tenantId: TENANT, id: '19:helpdesk@thread.tacv2;messageid=1795437800000' },
    channelData: { tenant: { id: TENANT }, team: { id: 'team-id' }, channel: { id: '19:helpdesk@thread.tacv2' } },
    value: {
      commandId: 'captureAnswer',
      commandContext: 'message',
      ...(data ? { data } : {}),
      messagePayload: {
        id: messageId,
        createdDateTime: '2026-11-23T12:43:59.276Z',
        linkToMessage: `https://teams.microsoft.com/l/message/19:helpdesk@thread.tacv2/${messageId}`,
        from: { user: { id: 'grace-id', displayName: 'Grace Hopper', userIdentityType: 'aadUser' }, application: null },
        body: { contentType: 'html', content: ANSWER_HTML },
      },
    },
  });
}

/** The articles with this title, as the knowledge base has them. */
function titled(lore: Lore, title: string): Article[] {
  const ids = lore.db.prepare('SELECT id FROM articles WHERE title = ?').pluck().all(title) as string[];
  return ids.map((id) => lore.knowledge.get(id)!).filter(Boolean);
}

interface TaskResponse {
  task: { type: 'continue' | 'message'; value: string | { title: string; card: { contentType: string; content: Record<string, unknown> } } };
}

function dialogCard(body: unknown): Record<string, unknown> {
  const task = (body as TaskResponse).task;
  expect(task.type).toBe('continue');
  return (task.value as { card: { content: Record<string, unknown> } }).card.content;
}

function inputs(card: Record<string, unknown>): Record<string, string> {
  const body = card.body as Array<{ type: string; id?: string; value?: string }>;
  return Object.fromEntries(body.filter((e) => e.type === 'Input.Text').map((e) => [e.id!, e.value ?? '']));
}

describe('capturing an answer in Teams', () => {
  const harness = useTeamsHarness();

  it('opens a dialog prefilled from the chosen message (HTML converted, no <at> mentions) and the question asked in that thread', async () => {
    const h = harness();
    // Lore could not answer this question in the thread; someone replied there.
    await h.post(
      fixture('playground-message-channel-mention', {
        text: '<at>Test Bot</at> how do guests get on the wifi?',
        conversation: { id: '19:helpdesk@thread.tacv2;messageid=1795437800000' },
      }),
    );
    const result = await h.post(messageAction('fetchTask'));

    expect(result.status).toBe(200);
    const card = dialogCard(result.body);
    const fields = inputs(card);
    expect(Object.keys(fields)).toEqual(['question', 'answer', 'tags']);
    expect(fields.question).toBe('how do guests get on the wifi?');
    expect(fields.answer).toContain('[the Wi-Fi page](https://wiki.example.com/wifi)');
    expect(fields.answer).toContain('**Guest**');
    expect(fields.answer).not.toMatch(/<at>|<\/at>/);
    expect(cardTextOf(card)).toContain('Grace Hopper');
  });

  it('prefills the question the chosen message answered: not a later one, nor the message itself', async () => {
    const h = harness();
    const place = '19:helpdesk@thread.tacv2;messageid=1795437800000';
    const posted = Date.parse('2026-11-23T12:43:59.276Z');
    const log = (text: string, askedAt: number) =>
      h.lore.questions.record({ context: { workspace: `teams:${TENANT}`, platform: 'teams', asker: 'someone', place }, text, askedAt, decision: 'abstain', confidence: 0, results: [] });
    log('how do guests get on the wifi?', posted - 60_000);
    // The answer was also sent to Lore (as happens in a personal chat), and a new question came after it.
    log('Open the Wi-Fi page, pick Guest and ask reception for the daily code. Alex Wilber knows more.', posted);
    log('and the printer on floor 3?', posted + 60_000);

    const fields = inputs(dialogCard((await h.post(messageAction('fetchTask'))).body));
    expect(fields.question).toBe('how do guests get on the wifi?');
  });

  it('creates an article from the submitted dialog, attributed and linked to its source, and confirms within the invoke', async () => {
    const h = harness();
    const result = await h.post(messageAction('submitAction', { lore: 'capture', question: 'How do guests get on the wifi?', answer: 'Pick **Guest** and ask reception for the daily code.', tags: 'wifi, Guests' }));

    const task = (result.body as TaskResponse).task;
    expect(task).toEqual({ type: 'message', value: expect.stringMatching(/^✅ Captured “How do guests get on the wifi\?” as an article/) });
    const article = titled(h.lore, 'How do guests get on the wifi?')[0]!;
    expect(article).toMatchObject({
      workspace: `teams:${TENANT}`,
      author: 'Grace Hopper',
      sourceUrl: 'https://teams.microsoft.com/l/message/19:helpdesk@thread.tacv2/1795437839276',
      status: 'published',
    });
    expect(article.tags).toEqual(['guests', 'wifi']);
    expect(article.body).toContain('ask reception for the daily code');
    // Lore answers with it from now on, in this tenant.
    const reply = h.lore.answerer.ask('how can guests use the wifi', { workspace: `teams:${TENANT}`, platform: 'test' });
    expect(reply.results[0]?.id).toBe(article.id);
  });

  it('writes nothing new when the same submission arrives twice', async () => {
    const h = harness();
    const submission = messageAction('submitAction', { lore: 'capture', question: 'How do guests get on the wifi?', answer: 'Ask reception for the daily code.', tags: '' });
    await h.post(submission);
    const again = await h.post(submission);
    expect((again.body as TaskResponse).task.value).toMatch(/captured before/);
    expect(titled(h.lore, 'How do guests get on the wifi?')).toHaveLength(1);
  });

  it('offers to add the answer to an article that already answers the question, and does so when chosen', async () => {
    const h = harness();
    const draft = { question: 'how do I connect to the VPN from home', answer: 'Also: restart GlobalProtect if it hangs.', tags: '' };
    const offered = await h.post(messageAction('submitAction', { lore: 'capture', ...draft }));
    const card = dialogCard(offered.body);
    expect(cardTextOf(card)).toMatch(/Connect to the VPN from home/);
    const actions = card.actions as Array<{ title: string; data: Record<string, unknown> }>;
    expect(actions.map((a) => a.data)).toEqual([
      { lore: 'capture', choice: 'append', mergeInto: 'vpn-home' },
      { lore: 'capture', choice: 'new' },
    ]);
    expect(h.lore.db.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(5);

    const merged = await h.post(messageAction('submitAction', { ...actions[0]!.data, ...draft }, '1795437839999'));
    expect((merged.body as TaskResponse).task.value).toMatch(/^✅ Added to “Connect to the VPN from home”/);
    expect(h.lore.knowledge.get('vpn-home')!.body).toContain('restart GlobalProtect if it hangs');
  });

  it('asks again, keeping what was typed, when the question is missing', async () => {
    const h = harness();
    const result = await h.post(messageAction('submitAction', { lore: 'capture', question: '  ', answer: 'Ask reception.' }));
    const card = dialogCard(result.body);
    expect(cardTextOf(card)).toMatch(/Fill in both the question and the answer/);
    expect(inputs(card).answer).toBe('Ask reception.');
  });
});

describe('capturing in Teams under the review policy', () => {
  const harness = useTeamsHarness({ lore: { capturePolicy: 'review' } });

  it('keeps a non-editor’s capture as a draft for editors', async () => {
    const h = harness();
    const result = await h.post(messageAction('submitAction', { lore: 'capture', question: 'How do guests get on the wifi?', answer: 'Ask reception.', tags: '' }));
    expect((result.body as TaskResponse).task.value).toMatch(/^📝 Saved “How do guests get on the wifi\?” as a draft/);
    expect(titled(h.lore, 'How do guests get on the wifi?')[0]?.status).toBe('draft');
  });
});
