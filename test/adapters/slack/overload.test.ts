import { TOO_BUSY } from '../../../adapters/common/answer-queue';
import { mention, slashCommand } from './support/payloads';
import { SECRET, useSlackHarness } from './support/slack-harness';
import { request, sendSigned } from './support/signed-request';

/**
 * The real Bolt app with a queue that runs one answer and lets one more wait, and a Web
 * API stand-in that holds its answers: the first question is being answered (its post
 * held), the second waits, and the third finds the queue full. Nothing here depends on
 * how fast the machine is.
 */
describe('Slack under more questions than Lore can answer', () => {
  const harness = useSlackHarness({ answerQueue: { concurrency: 1, limit: 1 } });

  it('acknowledges every question at once, answers those the queue holds, and tells the rest it is too busy', async () => {
    const h = harness();
    const release = h.slack.hold('chat.postMessage');
    const questions = ['how do I connect to the VPN from home?', 'I forgot my password', 'how do I add an office printer?'].map((text) => mention(text));
    const acks: number[] = [];
    for (const question of questions) acks.push((await sendSigned(h.url, JSON.stringify(question), { secret: SECRET })).status);
    // The first answer and the third question's apology are posted (and held); the second waits its turn.
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length === 2);
    const health = await request(`${h.base}/healthz`, { method: 'GET' });
    release();
    await h.app.idle();

    expect(acks).toEqual([200, 200, 200]);
    expect(health.status).toBe(200);
    const threadOf = (question: Record<string, unknown>) => (question.event as { ts: string }).ts;
    const posts = h.slack.callsTo('chat.postMessage').map((call) => ({ thread: call.args.thread_ts, busy: call.args.text === TOO_BUSY }));
    expect(posts).toEqual([
      { thread: threadOf(questions[0]!), busy: false },
      { thread: threadOf(questions[2]!), busy: true },
      { thread: threadOf(questions[1]!), busy: false },
    ]);
    // The question turned away was never asked, so it is neither logged nor a gap.
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(2);
  });

  it('answers a /lore question privately that it is too busy when the queue is full', async () => {
    const h = harness();
    const release = h.slack.hold('chat.postMessage');
    await sendSigned(h.url, JSON.stringify(mention('how do I connect to the VPN from home?')), { secret: SECRET });
    await sendSigned(h.url, JSON.stringify(mention('I forgot my password')), { secret: SECRET });
    const command = await sendSigned(h.url, slashCommand('how do I add an office printer?', h.slack.responseUrl('busy')), { secret: SECRET, contentType: 'application/x-www-form-urlencoded' });
    await h.slack.waitFor((call) => call.method === 'response_url');
    release();
    await h.app.idle();

    expect(command.status).toBe(200);
    expect(h.slack.callsTo('response_url').map((call) => ({ text: call.args.text, type: call.args.response_type }))).toEqual([{ text: TOO_BUSY, type: 'ephemeral' }]);
  });
});
