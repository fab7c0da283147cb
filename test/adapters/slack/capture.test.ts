import { EVENTS_PATH } from '../../../adapters/slack/create-slack-app';
import { asInteractivity, buttonClick, CHANNEL, captureShortcut, mention, message, viewSubmission } from './support/payloads';
import { sendSigned } from './support/signed-request';
import { postedText, SECRET, type SlackHarness, useSlackHarness } from './support/slack-harness';

const THREAD = '1736930000.000001';
const QUESTION = { ts: THREAD, user: 'U0ASKER', text: '<@U0LORE> hi, how do I borrow a company bicycle?' };

interface ModalView {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ block_id?: string; element?: { initial_value?: string } }>;
}

function initialValues(view: ModalView): Record<string, string | undefined> {
  return Object.fromEntries(view.blocks.filter((b) => b.block_id).map((b) => [b.block_id!, b.element?.initial_value]));
}

/** The values of a submitted form, as Slack reports them. */
function formValues(fields: { question: string; answer: string; tags?: string; choice?: string }): Record<string, Record<string, unknown>> {
  return {
    question: { value: { type: 'plain_text_input', value: fields.question } },
    answer: { value: { type: 'plain_text_input', value: fields.answer } },
    tags: { value: { type: 'plain_text_input', value: fields.tags ?? null } },
    ...(fields.choice ? { choice: { value: { type: 'radio_buttons', selected_option: { value: fields.choice } } } } : {}),
  };
}

function threadWith(...replies: Array<Record<string, unknown>>): () => Record<string, unknown> {
  return () => ({ messages: [QUESTION, ...replies] });
}

async function openModal(h: SlackHarness, answer: { text: string; ts?: string }): Promise<ModalView> {
  const ts = answer.ts ?? '1736930100.000001';
  h.slack.on('conversations.replies', threadWith({ ts, user: 'U0EXPERT', text: answer.text, thread_ts: THREAD }));
  await h.interact(captureShortcut({ text: answer.text, ts, threadTs: THREAD, user: 'U0EXPERT' }));
  return h.slack.callsTo('views.open').at(-1)!.args.view as ModalView;
}

describe('capturing answers from Slack', () => {
  const harness = useSlackHarness();
  const articles = () => harness().lore.db.prepare("SELECT id, title, body, author, owner, source_url FROM articles WHERE workspace = 'slack:T123ABC456'").all();

  it('opens the capture form at once, prefilled with the thread question and the chosen answer', async () => {
    const h = harness();
    const view = await openModal(h, { text: 'Ask <@U0RECEPTION> for a bike key &amp; sign the sheet.' });
    expect(h.slack.callsTo('conversations.replies')[0]?.args).toMatchObject({ channel: CHANNEL, ts: THREAD });
    expect(h.slack.callsTo('views.open')[0]?.args.trigger_id).toBe('111.222.xxx');
    expect(view.callback_id).toBe('lore_capture_modal');
    expect(initialValues(view)).toEqual({
      question: '@Lore hi, how do I borrow a company bicycle?',
      answer: 'Ask @Person U0RECEPTION for a bike key &amp; sign the sheet.',
      tags: undefined,
    });
    expect(JSON.parse(view.private_metadata)).toEqual({
      c: CHANNEL,
      t: '1736930100.000001',
      th: THREAD,
      author: 'Person U0EXPERT',
      url: `https://acme.slack.com/archives/${CHANNEL}/p1736930100000001`,
    });
  });

  it('saves a submission as an article, confirms in the thread, and makes nothing more of a repeat', async () => {
    const h = harness();
    const view = await openModal(h, { text: 'Ask reception for a bike key.' });
    const submission = viewSubmission({
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: formValues({ question: 'How do I borrow a company bicycle?', answer: 'Ask reception for a *bike key* & sign <!here>.', tags: 'Bikes, facilities' }),
    });
    const response = await h.interact(submission);
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    await h.interact(submission);

    expect(articles()).toEqual([
      {
        id: expect.any(String),
        title: 'How do I borrow a company bicycle?',
        body: 'Ask reception for a **bike key** & sign .',
        author: 'Person U0EXPERT',
        owner: 'U0CAPTURER',
        source_url: `https://acme.slack.com/archives/${CHANNEL}/p1736930100000001`,
      },
    ]);
    const confirmations = h.slack.callsTo('chat.postMessage');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.args).toMatchObject({ channel: CHANNEL, thread_ts: THREAD });
    expect(postedText(confirmations[0]!.args)).toContain('Saved as *How do I borrow a company bicycle?*');
    expect(h.lore.db.prepare('SELECT captured_by, platform FROM captures').all()).toEqual([{ captured_by: 'U0CAPTURER', platform: 'slack' }]);

    // The same message captured again through a new form is recognised too.
    const again = viewSubmission({ id: 'V0OTHER', callback_id: view.callback_id, private_metadata: view.private_metadata, values: formValues({ question: 'Bikes?', answer: 'Reception.' }) });
    await h.interact(again);
    expect(articles()).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('asks what to do when an article already answers, then merges as chosen', async () => {
    const h = harness();
    const view = await openModal(h, { text: 'Use the Forgot password link.' });
    const values = { question: 'I forgot my password', answer: 'Use the Forgot password link.' };
    const first = await h.interact(viewSubmission({ callback_id: view.callback_id, private_metadata: view.private_metadata, values: formValues(values) }));
    const update = JSON.parse(first.body) as { response_action: string; view: ModalView };
    expect(update.response_action).toBe('update');
    expect(JSON.stringify(update.view)).toContain('Reset a forgotten password');
    expect(JSON.parse(update.view.private_metadata).mergeInto).toBe('password-reset');

    await h.interact(viewSubmission({ callback_id: view.callback_id, private_metadata: update.view.private_metadata, values: formValues({ ...values, question: 'password gone, help', choice: 'merge' }) }));
    expect(articles()).toEqual([]);
    const questions = h.lore.knowledge.get('password-reset')!.questions.map((q) => q.text);
    expect(questions).toContain('Password gone, help');
    expect(postedText(h.slack.callsTo('chat.postMessage')[0]!.args)).toContain('already answered this');
  });

  it('shows what is missing in the form instead of saving', async () => {
    const h = harness();
    const view = await openModal(h, { text: 'Ask reception.' });
    const response = await h.interact(viewSubmission({ callback_id: view.callback_id, private_metadata: view.private_metadata, values: formValues({ question: '  ', answer: 'Ask reception.' }) }));
    expect(JSON.parse(response.body)).toEqual({ response_action: 'errors', errors: { question: expect.stringContaining('no question') } });
    expect(articles()).toEqual([]);
  });

  it('keeps the best answer of a thread on "@Lore capture"', async () => {
    const h = harness();
    h.slack.on(
      'conversations.replies',
      threadWith(
        { ts: '1736930100.000001', user: 'U0BOB', text: 'no idea, sorry' },
        { ts: '1736930200.000001', user: 'U0EXPERT', text: 'Ask reception for a bike key.', reactions: [{ name: '+1', count: 3 }] },
        { ts: '1736930300.000001', user: 'U0ASKER', text: 'thanks!' },
        { ts: '1736930400.000001', bot_id: 'B0LORE', user: 'U0LORE', text: "I don't know" },
      ),
    );
    await h.event(mention('capture', { threadTs: THREAD, user: 'U0BOB' }));
    expect(articles()).toEqual([expect.objectContaining({ title: 'How do I borrow a company bicycle?', body: 'Ask reception for a bike key.', author: 'Person U0EXPERT', owner: 'U0BOB' })]);
    expect(h.slack.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: CHANNEL, thread_ts: THREAD });
    expect(h.lore.db.prepare('SELECT count(*) AS n FROM questions').get()).toEqual({ n: 0 });
    // The key the capture form uses for the same message: capturing it again there changes nothing.
    expect(h.lore.db.prepare('SELECT dedupe_key FROM captures').all()).toEqual([{ dedupe_key: `slack:slack:T123ABC456:${CHANNEL}:1736930200.000001` }]);
  });

  it('keeps an answer too long for the form whole, reading it again from Slack', async () => {
    const h = harness();
    const long = `Steps: ${'check the cable and restart the router. '.repeat(100)}`;
    const view = await openModal(h, { text: long });
    expect(initialValues(view).answer).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain('too long to edit here');
    const response = await h.interact(viewSubmission({ callback_id: view.callback_id, private_metadata: view.private_metadata, values: formValues({ question: 'How do I borrow a company bicycle?', answer: '' }) }));
    expect(response.body).toBe('');
    expect(articles()).toEqual([expect.objectContaining({ title: 'How do I borrow a company bicycle?', body: long.trim() })]);
  });

  it('on "@Lore capture", offers the choice when an article already answers, and merges once as chosen', async () => {
    const h = harness();
    h.slack.on('conversations.replies', () => ({
      messages: [
        { ts: THREAD, user: 'U0ASKER', text: 'I forgot my password' },
        { ts: '1736930200.000001', user: 'U0EXPERT', text: 'Use the Forgot password link on the intranet.' },
      ],
    }));
    await h.event(mention('capture', { threadTs: THREAD, user: 'U0BOB' }));
    const [offer] = h.slack.callsTo('chat.postEphemeral');
    expect(offer?.args).toMatchObject({ channel: CHANNEL, user: 'U0BOB', thread_ts: THREAD });
    expect(postedText(offer!.args)).toContain('*Reset a forgotten password* already answers this question');
    const choices = (offer!.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>).flatMap((b) => b.elements ?? []);
    expect(choices.map((c) => c.action_id)).toEqual(['lore_capture_choice_merge', 'lore_capture_choice_append', 'lore_capture_choice_new']);

    const append = choices[1]!;
    const click = buttonClick({ actionId: append.action_id, value: append.value }, { user: 'U0BOB', threadTs: THREAD, ephemeral: true, responseUrl: h.slack.responseUrl('choice') });
    await h.interact(click);
    await h.interact({ ...click, actions: [{ ...(click.actions as object[])[0], action_ts: '1736930999.000001' }] });
    const article = h.lore.knowledge.get('password-reset')!;
    expect(article.body).toContain('Use the Forgot password link on the intranet.');
    expect(article.body.match(/Use the Forgot password link/g)).toHaveLength(1);
    expect(articles()).toEqual([]);
    const confirmations = h.slack.callsTo('chat.postMessage');
    expect(confirmations).toHaveLength(1);
    expect(postedText(confirmations[0]!.args)).toContain('I added the question and this answer to it');
  });

  it('offers whoever answers a question Lore could not a one-click capture, once', async () => {
    const h = harness();
    const asked = mention('How do I borrow a company bicycle?', { user: 'U0ASKER' });
    await h.event(asked);
    const threadTs = (asked.event as { ts: string }).ts;
    const reply = message('Ask reception for a bike key.', { channel: CHANNEL, channelType: 'channel', user: 'U0EXPERT', threadTs });
    await h.event(message('still stuck', { channel: CHANNEL, channelType: 'channel', user: 'U0ASKER', threadTs }));
    // Small talk from someone else is no answer, and leaves the one offer for the answer.
    await h.event(message('+1, thanks! :pray:', { channel: CHANNEL, channelType: 'channel', user: 'U0BOB', threadTs }));
    await h.event(reply);
    await h.event(message('or the front desk', { channel: CHANNEL, channelType: 'channel', user: 'U0CAROL', threadTs }));

    const offers = h.slack.callsTo('chat.postEphemeral');
    expect(offers).toHaveLength(1);
    expect(offers[0]?.args).toMatchObject({ channel: CHANNEL, user: 'U0EXPERT', thread_ts: threadTs });
    const keep = (offers[0]!.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>).flatMap((b) => b.elements ?? [])[0]!;
    expect(keep.action_id).toBe('lore_capture_reply');

    const replyTs = (reply.event as { ts: string }).ts;
    h.slack.on('conversations.replies', () => ({ messages: [{ ts: threadTs, user: 'U0ASKER', text: '<@U0LORE> How do I borrow a company bicycle?' }, { ts: replyTs, user: 'U0EXPERT', text: 'Ask reception for a bike key.' }] }));
    await h.interact(buttonClick({ actionId: keep.action_id, value: keep.value }, { user: 'U0EXPERT', threadTs, ephemeral: true, responseUrl: h.slack.responseUrl('offer') }));
    expect(articles()).toEqual([expect.objectContaining({ title: 'How do I borrow a company bicycle?', body: 'Ask reception for a bike key.', owner: 'U0EXPERT' })]);
    const confirmation = h.slack.callsTo('chat.postMessage').at(-1)!;
    expect(confirmation.args).toMatchObject({ channel: CHANNEL, thread_ts: threadTs });
  });
});

describe('opening the capture form when the thread is slow', () => {
  const harness = useSlackHarness({ modalWaitMs: 0 });

  it('opens a placeholder within the time Slack allows and fills it when the thread arrives', async () => {
    const h = harness();
    const release = h.slack.hold('conversations.replies');
    h.slack.on('conversations.replies', threadWith());
    const sent = sendSigned(`${h.base}${EVENTS_PATH}`, asInteractivity(captureShortcut({ text: 'Ask reception.', threadTs: THREAD })), {
      secret: SECRET,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect((await sent).status).toBe(200);
    const placeholder = await h.slack.waitFor((call) => call.method === 'views.open');
    expect(JSON.stringify(placeholder.args.view)).toContain('Fetching the thread');
    expect(h.slack.callsTo('views.update')).toEqual([]);
    release();
    await h.app.idle();
    const [filled] = h.slack.callsTo('views.update');
    expect(filled?.args).toMatchObject({ view_id: 'V0MODAL', hash: 'h1' });
    expect(initialValues(filled!.args.view as ModalView).question).toBe('@Lore hi, how do I borrow a company bicycle?');
  });
});

describe('a group DM (mpim) with Lore in it', () => {
  const harness = useSlackHarness();
  const GROUP = 'G0MPIM0001';

  it('answers a mention, lets people talk among themselves, and offers the answer to a question it could not take as a capture', async () => {
    const h = harness();
    await h.event(message('anyone around for lunch?', { channel: GROUP, channelType: 'mpim', user: 'U0BOB' }));
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);

    const asked = mention('How do I borrow a company bicycle?', { channel: GROUP, user: 'U0ASKER' });
    await h.event(asked);
    const threadTs = (asked.event as { ts: string }).ts;
    expect(h.slack.callsTo('chat.postMessage')).toEqual([expect.objectContaining({ args: expect.objectContaining({ channel: GROUP, thread_ts: threadTs }) })]);

    await h.event(message('Ask reception for a bike key.', { channel: GROUP, channelType: 'mpim', user: 'U0EXPERT', threadTs }));
    const offers = h.slack.callsTo('chat.postEphemeral');
    expect(offers).toHaveLength(1);
    expect(offers[0]?.args).toMatchObject({ channel: GROUP, user: 'U0EXPERT', thread_ts: threadTs });
  });
});
