import type { RecordedCall } from './support/fake-slack-api';
import { buttonClick, CHANNEL, mention, reaction, slashCommand, TEAM } from './support/payloads';
import { postedText, SECRET, type SlackHarness, useSlackHarness } from './support/slack-harness';
import { sendSigned } from './support/signed-request';

interface Button {
  action_id: string;
  value: string;
}

function buttonsOf(call: RecordedCall): Button[] {
  return (call.args.blocks as Array<{ elements?: Button[] }>).flatMap((block) => block.elements ?? []);
}

function button(call: RecordedCall, actionId: string): Button {
  return buttonsOf(call).find((b) => b.action_id === actionId)!;
}

/** Asks by mention; returns the answer as posted, its ts and its thread. */
async function askByMention(h: SlackHarness, question: string): Promise<{ call: RecordedCall; ts: string; threadTs: string }> {
  const payload = mention(question);
  await h.event(payload);
  const call = h.slack.callsTo('chat.postMessage').at(-1)!;
  return { call, ts: call.response!.ts as string, threadTs: (payload.event as { ts: string }).ts };
}

describe('votes in Slack', () => {
  const harness = useSlackHarness();
  const votes = () => harness().lore.db.prepare('SELECT article_id, voter, value FROM votes ORDER BY id').all();

  it('counts a 👍 click once per person, says so privately in the thread, and lets the person change it', async () => {
    const h = harness();
    const { call, ts, threadTs } = await askByMention(h, 'Reset a forgotten password');
    const where = { messageTs: ts, threadTs, user: 'U0ADA' };
    await h.interact(buttonClick({ actionId: 'lore_vote_up', value: button(call, 'lore_vote_up').value }, where));
    await h.interact(buttonClick({ actionId: 'lore_vote_up', value: button(call, 'lore_vote_up').value }, where));
    expect(votes()).toEqual([{ article_id: 'password-reset', voter: 'U0ADA', value: 1 }]);

    const [thanks, again] = h.slack.callsTo('chat.postEphemeral');
    expect(thanks?.args).toMatchObject({ channel: CHANNEL, user: 'U0ADA', thread_ts: threadTs });
    expect(postedText(thanks!.args)).toContain('Thanks!');
    expect(postedText(again!.args)).toContain('already marked');

    await h.interact(buttonClick({ actionId: 'lore_vote_down', value: button(call, 'lore_vote_down').value }, where));
    expect(votes()).toEqual([{ article_id: 'password-reset', voter: 'U0ADA', value: -1 }]);
    const alternatives = h.slack.callsTo('chat.postEphemeral')[2]!;
    expect(postedText(alternatives.args)).toContain('Maybe one of these');
    expect(buttonsOf(alternatives).map((b) => b.action_id)).toEqual(['lore_ask_expert']);

    // Another person's vote is their own.
    await h.interact(buttonClick({ actionId: 'lore_vote_up', value: button(call, 'lore_vote_up').value }, { ...where, user: 'U0BOB' }));
    expect(votes()).toHaveLength(2);
  });

  it('answers a vote on a private /lore answer through its response_url', async () => {
    const h = harness();
    await h.form(slashCommand('Book a parking space', h.slack.responseUrl('command'), { team: TEAM }));
    const answer = h.slack.callsTo('response_url')[0]!;
    await h.interact(
      buttonClick({ actionId: 'lore_vote_up', value: button(answer, 'lore_vote_up').value }, { ephemeral: true, responseUrl: h.slack.responseUrl('vote'), user: 'U0ADA' }),
    );
    expect(votes()).toEqual([{ article_id: 'parking-space', voter: 'U0ADA', value: 1 }]);
    const [thanks] = h.slack.callsTo('response_url').filter((c) => c.args.url === '/respond/vote');
    expect(thanks?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(h.slack.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it("refuses votes on another workspace's answers and on articles that were not shown", async () => {
    const h = harness();
    const { call } = await askByMention(h, 'Reset a forgotten password');
    await h.interact(buttonClick({ actionId: 'lore_vote_up', value: button(call, 'lore_vote_up').value }, { team: 'T0OTHER' }));
    const forged = JSON.stringify({ ...JSON.parse(button(call, 'lore_vote_up').value), a: 'expense-claim' });
    await h.interact(buttonClick({ actionId: 'lore_vote_up', value: forged }, {}));
    await h.interact(buttonClick({ actionId: 'lore_vote_up', value: 'not json' }, {}));
    expect(votes()).toEqual([]);
    const [other, notShown] = h.slack.callsTo('chat.postEphemeral');
    expect(postedText(other!.args)).toContain('not from this workspace');
    expect(postedText(notShown!.args)).toContain('was not shown');
  });

  it('counts 👍 / 👎 reactions on its answers once per person, and ignores other reactions and messages', async () => {
    const h = harness();
    const { ts, threadTs } = await askByMention(h, 'Reset a forgotten password');
    const item = { channel: CHANNEL, ts };
    const up = reaction('+1::skin-tone-3', item, { user: 'U0ADA' });
    await h.event(up);
    await h.event(up, { headers: { 'x-slack-retry-num': '1' } });
    await h.event(reaction('thumbsup', item, { user: 'U0ADA' }));
    await h.event(reaction('tada', item, { user: 'U0ADA' }));
    await h.event(reaction('-1', { channel: CHANNEL, ts: '1736931111.000001' }, { user: 'U0ADA', itemUser: 'U0SOMEONE' }));
    expect(votes()).toEqual([{ article_id: 'password-reset', voter: 'U0ADA', value: 1 }]);
    const [thanks] = h.slack.callsTo('chat.postEphemeral');
    expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(thanks?.args).toMatchObject({ channel: CHANNEL, user: 'U0ADA', thread_ts: threadTs });

    await h.event(reaction('-1', item, { user: 'U0ADA' }));
    expect(votes()).toEqual([{ article_id: 'password-reset', voter: 'U0ADA', value: -1 }]);
    // Taking the 👎 back while the 👍 is still there makes the 👍 the vote again.
    h.slack.on('reactions.get', () => ({ message: { reactions: [{ name: '+1', users: ['U0ADA'], count: 1 }] } }));
    await h.event(reaction('-1', item, { user: 'U0ADA', removed: true }));
    expect(votes()).toEqual([{ article_id: 'password-reset', voter: 'U0ADA', value: 1 }]);
    // Taking back the last one withdraws the vote.
    h.slack.on('reactions.get', () => ({ message: { reactions: [] } }));
    await h.event(reaction('+1', item, { user: 'U0ADA', removed: true }));
    expect(votes()).toEqual([]);
  });

  it('acknowledges a reaction vote only once the vote is written, so an acknowledged vote survives a crash', async () => {
    const h = harness();
    const reply = h.lore.answerer.ask('Submit an expense claim', { workspace: `slack:${TEAM}`, platform: 'slack', place: 'C0OLD:1736900000.000001' });
    h.slack.on('conversations.replies', (args) => ({
      messages: [{ ts: args.ts, thread_ts: '1736900000.000001', metadata: { event_type: 'lore_answer', event_payload: { question_id: reply.questionId, article_id: 'expense-claim' } } }],
    }));
    // Slack is slow to say which answer the reacted message is: the vote can't be written yet.
    const release = h.slack.hold('conversations.replies');
    let answered = false;
    const response = sendSigned(h.url, JSON.stringify(reaction('+1', { channel: 'C0OLD', ts: '1736900001.000001' }, { user: 'U0ADA' })), { secret: SECRET }).then((result) => {
      answered = true;
      return { result, votes: votes() };
    });
    let answeredWhileHeld: boolean;
    try {
      await h.slack.waitFor((call) => call.method === 'conversations.replies');
      await new Promise((resolve) => setTimeout(resolve, 300));
      answeredWhileHeld = answered;
    } finally {
      release();
    }
    expect(answeredWhileHeld).toBe(false);
    const { result, votes: atAcknowledgement } = await response;
    expect(result.status).toBe(200);
    expect(atAcknowledgement).toEqual([{ article_id: 'expense-claim', voter: 'U0ADA', value: 1 }]);
    await h.app.idle();
  });

  it("reads an older answer's question from its message metadata", async () => {
    const h = harness();
    const reply = h.lore.answerer.ask('Submit an expense claim', { workspace: `slack:${TEAM}`, platform: 'slack', place: 'C0OLD:1736900000.000001' });
    h.slack.on('conversations.replies', (args) => ({
      messages: [
        { ts: '1736900000.000001', text: 'Submit an expense claim' },
        { ts: args.ts, thread_ts: '1736900000.000001', metadata: { event_type: 'lore_answer', event_payload: { question_id: reply.questionId, article_id: 'expense-claim' } } },
      ],
    }));
    await h.event(reaction('+1', { channel: 'C0OLD', ts: '1736900001.000001' }, { user: 'U0ADA' }));
    expect(votes()).toEqual([{ article_id: 'expense-claim', voter: 'U0ADA', value: 1 }]);
    expect(h.slack.callsTo('conversations.replies')[0]?.args).toMatchObject({ channel: 'C0OLD', ts: '1736900001.000001', include_all_metadata: 'true' });
    expect(h.slack.callsTo('chat.postEphemeral')[0]?.args.thread_ts).toBe('1736900000.000001');

    // A message without Lore's metadata is not an answer.
    h.slack.on('conversations.replies', (args) => ({ messages: [{ ts: args.ts, text: 'hi' }] }));
    await h.event(reaction('-1', { channel: 'C0OLD', ts: '1736900002.000001' }, { user: 'U0ADA' }));
    expect(votes()).toHaveLength(1);
  });
});
