import { buttonClick, CHANNEL, mention, message, slashCommand, TEAM } from './support/payloads';
import { postedText, type SlackHarness, useSlackHarness } from './support/slack-harness';

type Button = { action_id: string; value: string };

function buttonsOf(args: Record<string, unknown>): Button[] {
  return (args.blocks as Array<{ elements?: Button[] }>).flatMap((block) => block.elements ?? []);
}

/** Asks something Lore can't answer; returns the Ask an expert button and where the answer is. */
async function unanswered(h: SlackHarness): Promise<{ expert: Button; answerTs: string; threadTs: string }> {
  const asked = mention('How do I borrow a company bicycle?', { user: 'U0ASKER' });
  await h.event(asked);
  const answer = h.slack.callsTo('chat.postMessage').at(-1)!;
  const expert = buttonsOf(answer.args).find((b) => b.action_id === 'lore_ask_expert')!;
  return { expert, answerTs: answer.response!.ts as string, threadTs: (asked.event as { ts: string }).ts };
}

describe('Ask an expert', () => {
  const harness = useSlackHarness({ settings: { expertsChannel: 'C0EXPERTS' } });

  it('posts the question in the experts channel with a link to the thread, once', async () => {
    const h = harness();
    const { expert, answerTs, threadTs } = await unanswered(h);
    const click = () => buttonClick({ actionId: expert.action_id, value: expert.value }, { messageTs: answerTs, threadTs, user: 'U0ASKER' });
    await h.interact(click());
    await h.interact(click());

    expect(h.slack.callsTo('chat.getPermalink')[0]?.args).toMatchObject({ channel: CHANNEL, message_ts: answerTs });
    const posts = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0EXPERTS');
    expect(posts).toHaveLength(1);
    const text = postedText(posts[0]!.args);
    expect(text).toContain('How do I borrow a company bicycle?');
    expect(text).toContain(`<https://acme.slack.com/archives/${CHANNEL}/p${answerTs.replace('.', '')}|Open the thread>`);
    const [told, again] = h.slack.callsTo('chat.postEphemeral');
    expect(told?.args).toMatchObject({ channel: CHANNEL, user: 'U0ASKER', thread_ts: threadTs });
    expect(postedText(told!.args)).toContain("I've passed your question to the experts in <#C0EXPERTS>");
    expect(postedText(again!.args)).toContain('already have this question');
  });

  it('offers the expert who answers in the experts thread a one-click capture, and not the asker', async () => {
    const h = harness();
    const { expert, answerTs, threadTs } = await unanswered(h);
    await h.interact(buttonClick({ actionId: expert.action_id, value: expert.value }, { messageTs: answerTs, threadTs, user: 'U0ASKER' }));
    const post = h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0EXPERTS')!;
    const expertsThread = post.response!.ts as string;
    const before = h.slack.callsTo('chat.postEphemeral').length;

    await h.event(message('any news?', { channel: 'C0EXPERTS', channelType: 'channel', user: 'U0ASKER', threadTs: expertsThread }));
    await h.event(message('Ask reception for a bike key.', { channel: 'C0EXPERTS', channelType: 'channel', user: 'U0EXPERT', threadTs: expertsThread }));
    const offers = h.slack.callsTo('chat.postEphemeral').slice(before);
    expect(offers).toHaveLength(1);
    expect(offers[0]?.args).toMatchObject({ channel: 'C0EXPERTS', user: 'U0EXPERT', thread_ts: expertsThread });
    expect(buttonsOf(offers[0]!.args).map((b) => b.action_id)).toEqual(['lore_capture_reply']);
  });

  it('works from a private /lore answer, without a link', async () => {
    const h = harness();
    await h.form(slashCommand('How do I borrow a company bicycle?', h.slack.responseUrl('command'), { team: TEAM }));
    const expert = buttonsOf(h.slack.callsTo('response_url')[0]!.args).find((b) => b.action_id === 'lore_ask_expert')!;
    await h.interact(buttonClick({ actionId: expert.action_id, value: expert.value }, { ephemeral: true, responseUrl: h.slack.responseUrl('expert') }));
    expect(h.slack.callsTo('chat.getPermalink')).toEqual([]);
    expect(postedText(h.slack.callsTo('chat.postMessage')[0]!.args)).toContain('asked privately');
    expect(postedText(h.slack.callsTo('response_url').at(-1)!.args)).toContain('passed your question to the experts');
  });
});

describe('Ask an expert without an experts channel', () => {
  const harness = useSlackHarness();

  it('says so instead of posting', async () => {
    const h = harness();
    const { expert, answerTs } = await unanswered(h);
    await h.interact(buttonClick({ actionId: expert.action_id, value: expert.value }, { messageTs: answerTs }));
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(postedText(h.slack.callsTo('chat.postEphemeral')[0]!.args)).toContain('No experts channel is set up yet');
  });
});
