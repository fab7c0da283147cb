import { TOO_BUSY } from '../../../adapters/common/answer-queue';
import { fixture, useTeamsHarness } from './support/teams-harness';

/**
 * The real CloudAdapter with a queue that runs one answer and lets none wait, and a Bot
 * Connector stand-in that holds its answers: while the first question's card is being
 * sent, the second finds the queue full and is told so.
 */
describe('Teams under more questions than Lore can answer', () => {
  const harness = useTeamsHarness({ answerQueue: { concurrency: 1, limit: 0 } });

  it('tells the asker Lore is too busy when the queue is full, and answers the rest', async () => {
    const h = harness();
    const release = h.connector.hold();
    const send = (id: string, text: string) =>
      fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...fixture('playground-message-personal', { id, text }), serviceUrl: h.connector.serviceUrl }) });
    const first = send('q-1', 'how do I connect to the VPN from home?');
    await h.connector.waitForCalls(1);
    const second = send('q-2', 'I forgot my password');
    await h.connector.waitForCalls(2);
    const health = await fetch(h.url.replace('/api/messages', '/healthz'));
    release();
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    await h.teams.idle();

    expect(health.status).toBe(200);
    const [answer, busy] = h.connector.sent();
    expect(answer!.activityId).toBe('q-1');
    expect(answer!.body.attachments).toHaveLength(1);
    expect({ replyTo: busy!.activityId, text: busy!.body.text }).toEqual({ replyTo: 'q-2', text: TOO_BUSY });
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(1);
  });
});
