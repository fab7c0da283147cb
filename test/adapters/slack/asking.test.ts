import { articleInput, BASE, seed } from '../../helpers/articles';
import { buttonClick, CHANNEL, mention, message, slashCommand, TEAM } from './support/payloads';
import { postedText, useSlackHarness } from './support/slack-harness';

interface QuestionRow {
  workspace: string;
  text: string;
  asker: string;
  place: string;
  platform: string;
  decision: string;
}

describe('asking Lore in Slack', () => {
  const harness = useSlackHarness({ settings: { autoChannels: ['C0AUTO'] } });
  const questions = () =>
    harness().lore.db.prepare<[], QuestionRow>('SELECT workspace, text, asker, place, platform, decision FROM questions ORDER BY id').all();

  it('answers a mention in the thread of the message, with buttons and metadata for votes', async () => {
    const { event, slack } = harness();
    const payload = mention('Reset a forgotten password');
    const ts = (payload.event as { ts: string }).ts;
    expect((await event(payload)).status).toBe(200);

    const [posted] = slack.callsTo('chat.postMessage');
    expect(posted?.token).toBe('xoxb-test-token');
    expect(posted?.args).toMatchObject({ channel: CHANNEL, thread_ts: ts, unfurl_links: 'false', unfurl_media: 'false' });
    expect(postedText(posted!.args)).toContain('Reset a forgotten password');
    const [question] = questions();
    expect(question).toEqual({
      workspace: `slack:${TEAM}`,
      text: 'Reset a forgotten password',
      asker: 'U061F7AUR',
      place: `${CHANNEL}:${ts}`,
      platform: 'slack',
      decision: 'answer',
    });
    expect(posted?.args.metadata).toEqual({ event_type: 'lore_answer', event_payload: { question_id: expect.any(Number), article_id: 'password-reset' } });
  });

  it('answers a mention inside a thread in that thread, and explains itself to an empty mention', async () => {
    const { event, slack } = harness();
    await event(mention('How do I print', { threadTs: '1736931000.000001' }));
    await event(mention(''));
    const [inThread, empty] = slack.callsTo('chat.postMessage');
    expect(inThread?.args.thread_ts).toBe('1736931000.000001');
    expect(questions()[0]?.place).toBe(`${CHANNEL}:1736931000.000001`);
    expect(postedText(empty!.args)).toContain('Ask me a question');
    expect(questions()).toHaveLength(1);
  });

  it('answers a direct message in the conversation, and says so when it does not know', async () => {
    const { event, slack } = harness();
    await event(message('Submit an expense claim'));
    await event(message('How do I borrow a company bicycle'));
    const [answer, unknown] = slack.callsTo('chat.postMessage');
    expect(answer?.args).toMatchObject({ channel: 'D024BE91L' });
    expect(answer?.args.thread_ts).toBeUndefined();
    expect(postedText(answer!.args)).toContain('Submit an expense claim');
    expect(postedText(unknown!.args)).toContain("I don't know that one yet");
    expect(postedText(unknown!.args)).toContain('lore_ask_expert');
    expect(questions().map((q) => q.decision)).toEqual(['answer', 'abstain']);
  });

  it('answers thanks in a direct message in kind, with no buttons, and logs no question', async () => {
    const { event, slack } = harness();
    await event(message('Submit an expense claim'));
    await event(message('thanks! :pray:'));
    const [, thanks] = slack.callsTo('chat.postMessage');
    expect(postedText(thanks!.args)).toContain("You're welcome");
    expect(postedText(thanks!.args)).not.toContain('lore_');
    expect(thanks!.args.metadata).toBeUndefined();
    expect(questions().map((q) => q.text)).toEqual(['Submit an expense claim']);
  });

  it('answers /lore privately with a Share in channel button, and sharing posts it for everyone', async () => {
    const { form, interact, slack } = harness();
    const response = await form(slashCommand('Book a parking space', slack.responseUrl('command')));
    expect(response.status).toBe(200);
    const [privately] = slack.callsTo('response_url');
    expect(privately?.args).toMatchObject({ response_type: 'ephemeral', url: '/respond/command' });
    expect(postedText(privately!.args)).toContain('Book a parking space');
    const share = (privately!.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'lore_share')!;
    const [question] = questions();
    expect(question).toMatchObject({ workspace: 'slack:T1DC2JH3J', asker: 'U2CERLKJA', place: 'G8PSS9T3V' });

    const click = buttonClick({ actionId: 'lore_share', value: share.value }, { team: 'T1DC2JH3J', channel: 'G8PSS9T3V', ephemeral: true, responseUrl: slack.responseUrl('share') });
    await interact(click);
    await interact(click);
    const shared = slack.callsTo('chat.postMessage');
    expect(shared).toHaveLength(1);
    expect(shared[0]?.args.channel).toBe('G8PSS9T3V');
    expect(postedText(shared[0]!.args)).toContain('Book a parking space');
    expect(slack.callsTo('response_url').filter((c) => c.args.url === '/respond/share')).toEqual([expect.objectContaining({ args: expect.objectContaining({ delete_original: true }) })]);
  });

  it('explains how to ask when /lore has no question', async () => {
    const { form, slack } = harness();
    await form(slashCommand('', slack.responseUrl()));
    expect(postedText(slack.callsTo('response_url')[0]!.args)).toContain('Ask me a question');
    expect(questions()).toEqual([]);
  });

  it('in an auto channel, answers new messages only when confident, and stays quiet otherwise', async () => {
    const { event, slack } = harness();
    const auto = { channel: 'C0AUTO', channelType: 'channel' };
    const confident = message('Reset a forgotten password', auto);
    await event(confident);
    await event(message('How do I borrow a company bicycle', auto));
    await event(message('Reset a forgotten password', { channel: 'C0OTHER', channelType: 'channel' }));
    await event(message('Reset a forgotten password', { ...auto, threadTs: '1736931000.000001' }));
    await event(message('Reset a forgotten password', { ...auto, botId: 'B0OTHER' }));
    await event(message('Reset a forgotten password', { ...auto, subtype: 'message_changed' }));
    const posted = slack.callsTo('chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.args).toMatchObject({ channel: 'C0AUTO', thread_ts: (confident.event as { ts: string }).ts });
    expect(questions().map((q) => q.decision)).toEqual(['answer', 'abstain']);
  });

  it('answers a message once, whatever Slack delivers again', async () => {
    const { event, slack } = harness();
    const first = mention('Reset a forgotten password');
    await event(first);
    // The same event retried, with Slack's retry headers.
    await event(first, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    // The same message announced by another event (a mention in an auto channel comes as both).
    const { ts, channel } = first.event as { ts: string; channel: string };
    await event({ ...first, event_id: 'EvOTHER' });
    await event(message('<@U0LORE> Reset a forgotten password', { ts, channel, channelType: 'channel', eventId: 'EvTHIRD' }));
    await event(message('Reset a forgotten password', { ts: '1736931999.000001', channel: 'C0AUTO', channelType: 'channel', eventId: 'EvA' }));
    await event(message('Reset a forgotten password', { ts: '1736931999.000001', channel: 'C0AUTO', channelType: 'channel', eventId: 'EvB' }));
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(questions()).toHaveLength(2);
  });

  it("answers each workspace from its own articles and the shared base, never another's", async () => {
    const { lore, event, slack } = harness();
    const bikes = articleInput({ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Ask reception for a bike key; the bikes are in the basement.' });
    lore.knowledge.save(bikes, `slack:${TEAM}`, { by: 'test', reason: 'seed' });
    await event(mention('How do I borrow a company bicycle'));
    await event(mention('How do I borrow a company bicycle', { team: 'T0OTHER' }));
    const [own, other] = slack.callsTo('chat.postMessage');
    expect(postedText(own!.args)).toContain('Borrow a company bicycle');
    expect(postedText(other!.args)).not.toContain('Borrow a company bicycle');
    expect(postedText(other!.args)).toContain("I don't know that one yet");
    expect(questions().map((q) => [q.workspace, q.decision])).toEqual([
      [`slack:${TEAM}`, 'answer'],
      ['slack:T0OTHER', 'abstain'],
    ]);
  });
});

describe('what Lore posts in Slack', () => {
  const HOSTILE = '<!channel> <!here> <@U123> <!subteam^S1|@admins> & <script>alert(1)</script> @everyone';
  const harness = useSlackHarness({
    settings: { expertsChannel: 'C0EXPERTS' },
    seed: (lore) => {
      seed(lore, [
        {
          ...BASE[0]!,
          title: `Connect to the VPN ${HOSTILE}`,
          body: `${HOSTILE} Install the GlobalProtect client. ${HOSTILE}`,
          author: '<!everyone>',
          sourceUrl: 'https://wiki.example.com/vpn?a=1&b=<!channel>|x',
        },
        ...BASE.slice(1),
      ]);
    },
  });

  it('never pings and escapes article text and questions, in answers, votes and expert posts', async () => {
    const { event, interact, slack } = harness();
    await event(mention(`Connect to the VPN globalprotect ${HOSTILE}`));
    const answer = slack.callsTo('chat.postMessage')[0]!;
    expect(postedText(answer.args)).toContain('GlobalProtect');
    expect(postedText(answer.args)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(postedText(answer.args)).toContain(' &amp; ');
    const blocks = answer.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>;
    const buttons = blocks.flatMap((b) => b.elements ?? []);
    const down = buttons.find((b) => b.action_id === 'lore_vote_down')!;
    const expert = buttons.find((b) => b.action_id === 'lore_ask_expert')!;
    await interact(buttonClick({ actionId: 'lore_vote_down', value: down.value }, {}));
    await interact(buttonClick({ actionId: 'lore_ask_expert', value: expert.value }, {}));
    expect(slack.callsTo('chat.postEphemeral')).toHaveLength(2);
    const toExperts = slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0EXPERTS')!;
    expect(postedText(toExperts.args)).toContain('Connect to the VPN globalprotect');
    for (const call of slack.calls.filter((c) => c.method.startsWith('chat.post'))) {
      const text = postedText(call.args);
      for (const ping of ['<!', '<@', '<script', '@everyone', '@here', '@channel']) expect(text).not.toContain(ping);
    }
  });
});
