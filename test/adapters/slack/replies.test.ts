import { BASE, seed } from '../../helpers/articles';
import { buttonClick, freshTs, mention, message, TEAM } from './support/payloads';
import { postedText, useSlackHarness } from './support/slack-harness';

/** A long article: forty paragraphs of about 900 characters, more than one page of the modal. */
const LONG = {
  id: 'long-guide',
  title: 'The long onboarding guide',
  body: Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}: ${'Read the handbook and ask your buddy. '.repeat(24).trim()}`).join('\n\n'),
};

type Block = { type: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string; text?: unknown }> };

describe('replies in Slack', () => {
  const harness = useSlackHarness({
    settings: { autoChannels: ['C0AUTO'] },
    seed: (lore) => {
      seed(lore, [...BASE, LONG]);
      seed(lore, [{ id: 'other-team-secret', title: 'Other team secret', body: 'Only for team T0OTHER.' }], 'slack:T0OTHER');
    },
  });

  /** A click on a button inside the open modal, as Slack sends it. */
  function modalClick(view: { id: string; hash: string; private_metadata: string }, actionId: string, value: string, team = TEAM) {
    const base = buttonClick({ actionId, value }, { team });
    const { channel: _channel, message: _message, ...rest } = base as Record<string, unknown>;
    return { ...rest, container: { type: 'view', view_id: view.id }, view: { ...view, type: 'modal', state: { values: {} } } };
  }

  it('shows the answering passage and opens the whole article in a modal, paged when long', async () => {
    const { event, interact, slack } = harness();
    await event(mention('Reset a forgotten password'));
    const [answer] = slack.callsTo('chat.postMessage');
    const blocks = answer!.args.blocks as Block[];
    expect(blocks[0]!.text!.text).toContain('choose *Forgot password*');
    const show = blocks.at(-1)!.elements!.find((e) => e.action_id === 'lore_show_article')!;
    expect(JSON.parse(show.value!)).toEqual({ a: 'password-reset' });

    await interact(buttonClick({ actionId: 'lore_show_article', value: show.value! }, {}));
    const [opened] = slack.callsTo('views.open');
    const view = opened!.args.view as { type: string; blocks: Block[]; private_metadata: string };
    expect(opened!.args.trigger_id).toEqual(expect.any(String));
    expect(view.type).toBe('modal');
    expect(postedText({ view })).toContain('Reset a forgotten password');
    expect(postedText({ view })).toContain('at least 14 characters');

    await interact(buttonClick({ actionId: 'lore_show_article', value: JSON.stringify({ a: LONG.id }) }, {}));
    const long = slack.callsTo('views.open')[1]!.args.view as { blocks: Block[]; private_metadata: string };
    expect(long.blocks.length).toBeLessThanOrEqual(100);
    for (const block of long.blocks) if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(3000);
    const shown = postedText({ view: long });
    expect(shown).toContain('Paragraph 1:');
    expect(shown).not.toContain('Paragraph 40:');
    expect(shown).toMatch(/page 1 of \d/);
    const next = long.blocks.at(-1)!.elements!.find((e) => e.action_id === 'lore_article_page')!;

    await interact(modalClick({ id: 'V0MODAL', hash: 'h1', private_metadata: long.private_metadata }, 'lore_article_page', next.value!));
    const [updated] = slack.callsTo('views.update');
    expect(updated!.args).toMatchObject({ view_id: 'V0MODAL', hash: 'h1' });
    const second = postedText({ view: updated!.args.view });
    expect(second).not.toContain('Paragraph 1:');
    expect(second).toMatch(/page 2 of \d/);
    expect(second).toContain('◀ Previous');
  });

  it('opens no other workspace’s article, whatever the button says, on opening or paging', async () => {
    const { interact, slack } = harness();
    await interact(buttonClick({ actionId: 'lore_show_article', value: JSON.stringify({ a: 'other-team-secret' }) }, {}));
    expect(slack.callsTo('views.open')).toEqual([]);
    const [told] = slack.callsTo('chat.postEphemeral');
    expect(postedText(told!.args)).toContain('not one you can open here');
    expect(JSON.stringify(slack.calls)).not.toContain('Only for team');

    await interact(modalClick({ id: 'V0MODAL', hash: 'h1', private_metadata: JSON.stringify({ a: 'other-team-secret' }) }, 'lore_article_page', JSON.stringify({ p: 0 })));
    const [updated] = slack.callsTo('views.update');
    expect(postedText({ view: updated!.args.view })).not.toContain('Only for team');
    expect(postedText({ view: updated!.args.view })).toContain('not one you can open here');
  });

  it('reads "@Lore still broken" in a thread with the question Lore answered there; a new question there stands alone', async () => {
    const { event, slack, lore } = harness();
    const root = freshTs();
    await event(mention('Connect to the VPN from home', { ts: root }));
    await event(mention('still broken', { threadTs: root }));
    await event(mention('Book a parking space', { threadTs: root }));
    const [, broken, parking] = slack.callsTo('chat.postMessage');
    expect(broken!.args.thread_ts).toBe(root);
    expect(postedText(broken!.args)).toContain('Read with your earlier question: “Connect to the VPN from home”');
    expect(postedText(broken!.args)).toContain('GlobalProtect');
    expect(postedText(parking!.args)).not.toContain('earlier question');
    expect(postedText(parking!.args)).toContain('Book a parking space');
    expect(lore.db.prepare('SELECT text FROM questions ORDER BY id').pluck().all()).toEqual([
      'Connect to the VPN from home',
      'Connect to the VPN from home — still broken',
      'Book a parking space',
    ]);
  });

  it('answers the asker writing on under an answer in an auto channel, and leaves everyone else’s replies alone', async () => {
    const { event, slack } = harness();
    const root = freshTs();
    await event(message('How do I print', { channel: 'C0AUTO', channelType: 'channel', ts: root }));
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    await event(message('what about on a Mac?', { channel: 'C0AUTO', channelType: 'channel', threadTs: root, user: 'U0COLLEAGUE' }));
    await event(message('that worked!', { channel: 'C0AUTO', channelType: 'channel', threadTs: root }));
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    await event(message('what about on a Mac?', { channel: 'C0AUTO', channelType: 'channel', threadTs: root }));
    const [, followUp] = slack.callsTo('chat.postMessage');
    expect(followUp!.args).toMatchObject({ channel: 'C0AUTO', thread_ts: root });
    expect(postedText(followUp!.args)).toContain('Add an office printer');
    expect(postedText(followUp!.args)).toContain('earlier question');
  });

  it('reads a direct message soon after a question as going on from it', async () => {
    const { event, slack } = harness();
    await event(message('Connect to the VPN from home'));
    await event(message('still not working'));
    const [, followUp] = slack.callsTo('chat.postMessage');
    expect(postedText(followUp!.args)).toContain('Read with your earlier question: “Connect to the VPN from home”');
  });
});
