import type Database from 'better-sqlite3';
import { createSlackApp } from '../../../adapters/slack/create-slack-app';
import { silentLogger } from '../../../src/logger';
import type { RecordedCall } from './support/fake-slack-api';
import { buttonClick, CHANNEL, mention, reaction, slashCommand, TEAM, viewSubmission } from './support/payloads';
import { sendSigned } from './support/signed-request';
import { SECRET, type SlackHarness, useSlackHarness } from './support/slack-harness';

/** The answer's 👍 button as posted. */
function upButton(call: RecordedCall): { action_id: string; value: string } {
  const buttons = (call.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>).flatMap((block) => block.elements ?? []);
  return buttons.find((b) => b.action_id === 'lore_vote_up')!;
}

/** Another process holding the database's write lock (BEGIN IMMEDIATE) until `release`. */
function lockDatabase(h: SlackHarness): { release(): void } {
  const other: Database.Database = h.sandbox.connect();
  other.exec('BEGIN IMMEDIATE');
  return {
    release() {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

const isAcknowledged = (status: number) => status >= 200 && status < 300;

describe('Slack gets an acknowledgement only for what is done', () => {
  // A write waits this long for another process's lock, then fails.
  const harness = useSlackHarness({ lore: { busyTimeoutMs: 50 } });
  const votes = () => harness().lore.db.prepare('SELECT article_id, voter, value FROM votes').all();

  it('leaves a 👍 click unacknowledged while the database is locked, and counts it when Slack retries', async () => {
    const h = harness();
    await h.event(mention('Reset a forgotten password'));
    const answer = h.slack.callsTo('chat.postMessage').at(-1)!;
    const click = buttonClick({ actionId: 'lore_vote_up', value: upButton(answer).value }, { messageTs: answer.response!.ts as string, user: 'U0ADA' });

    const lock = lockDatabase(h);
    let refused;
    try {
      refused = await h.interact(click);
    } finally {
      lock.release();
    }
    expect(isAcknowledged(refused.status)).toBe(false);
    expect(votes()).toEqual([]);

    const retried = await h.interact(click, { headers: { 'x-slack-retry-num': '1' } });
    expect(retried.status).toBe(200);
    expect(votes()).toEqual([{ article_id: 'password-reset', voter: 'U0ADA', value: 1 }]);
  });

  it('keeps the capture form open with the error while the database is locked, and saves it when submitted again', async () => {
    const h = harness();
    const submission = viewSubmission({
      callback_id: 'lore_capture_modal',
      private_metadata: JSON.stringify({ c: CHANNEL, t: '1736930100.000001', th: '1736930000.000001' }),
      values: {
        question: { value: { type: 'plain_text_input', value: 'How do I borrow a company bicycle?' } },
        answer: { value: { type: 'plain_text_input', value: 'Ask reception for a bike key.' } },
        tags: { value: { type: 'plain_text_input', value: null } },
      },
    });
    const articles = () => h.lore.db.prepare("SELECT title FROM articles WHERE title LIKE '%bicycle%'").all();

    const lock = lockDatabase(h);
    let refused;
    try {
      refused = await h.interact(submission);
    } finally {
      lock.release();
    }
    expect(refused.status).toBe(200);
    expect(JSON.parse(refused.body)).toEqual({ response_action: 'errors', errors: { question: expect.stringContaining('Nothing was saved') } });
    expect(articles()).toEqual([]);

    const saved = await h.interact(submission);
    expect(saved.status).toBe(200);
    expect(saved.body).toBe('');
    expect(articles()).toEqual([{ title: 'How do I borrow a company bicycle?' }]);
  });

  it('leaves a question unacknowledged while the database is locked, and answers its retry once', async () => {
    const h = harness();
    const asked = mention('Reset a forgotten password');
    const lock = lockDatabase(h);
    let refused;
    try {
      refused = await h.event(asked);
    } finally {
      lock.release();
    }
    expect(isAcknowledged(refused.status)).toBe(false);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);

    expect((await h.event(asked, { headers: { 'x-slack-retry-num': '1' } })).status).toBe(200);
    expect((await h.event(asked, { headers: { 'x-slack-retry-num': '2' } })).status).toBe(200);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('tells the asker of a /lore question it could not take while the database is locked (Slack never retries a command)', async () => {
    const h = harness();
    const lock = lockDatabase(h);
    try {
      await h.form(slashCommand('Reset a forgotten password', h.slack.responseUrl('command'), { team: TEAM }));
    } finally {
      lock.release();
    }
    const [told] = h.slack.callsTo('response_url');
    expect(told?.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('ask again') });
    expect(h.lore.db.prepare('SELECT count(*) FROM questions').pluck().get()).toBe(0);
  });

  it('counts a reaction vote whose first delivery met a Slack Web API error, when Slack retries it', async () => {
    const h = harness();
    const reply = h.lore.answerer.ask('Submit an expense claim', { workspace: `slack:${TEAM}`, platform: 'slack', place: 'C0OLD:1736900000.000001' });
    let failures = 1;
    h.slack.on('conversations.replies', (args) => {
      if (failures-- > 0) return { ok: false, error: 'internal_error' };
      return { messages: [{ ts: args.ts, thread_ts: '1736900000.000001', metadata: { event_type: 'lore_answer', event_payload: { question_id: reply.questionId, article_id: 'expense-claim' } } }] };
    });
    const vote = reaction('+1', { channel: 'C0OLD', ts: '1736900001.000001' }, { user: 'U0ADA' });

    const first = await h.event(vote);
    expect(isAcknowledged(first.status)).toBe(false);
    expect(votes()).toEqual([]);

    const retried = await h.event(vote, { headers: { 'x-slack-retry-num': '1' } });
    expect(retried.status).toBe(200);
    expect(votes()).toEqual([{ article_id: 'expense-claim', voter: 'U0ADA', value: 1 }]);
  });
});

describe('Slack deliveries seen by another Lore on the same database', () => {
  const harness = useSlackHarness();

  it('answers an event once when its retry reaches a restarted (or second) process', async () => {
    const h = harness();
    const asked = mention('Reset a forgotten password');
    expect((await h.event(asked)).status).toBe(200);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);

    // Another process on the same file, as after a restart: Slack's retry goes to it.
    const other = createSlackApp({
      lore: h.sandbox.openLore(),
      logger: silentLogger,
      settings: { botToken: 'xoxb-test-token', signingSecret: SECRET, apiUrl: h.slack.apiUrl, autoChannels: [] },
    });
    const address = await other.start({ port: 0, host: '127.0.0.1' });
    try {
      const retried = await sendSigned(`http://127.0.0.1:${address.port}/slack/events`, JSON.stringify(asked), { secret: SECRET, headers: { 'x-slack-retry-num': '1' } });
      await other.idle();
      expect(retried.status).toBe(200);
      expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });
});
