import { createHmac } from 'node:crypto';
import http from 'node:http';
import { ACTIONS, CALLBACKS } from '../../adapters/slack/action-values';
import { BOT_USER, TEAM } from './slack-stand-in';

export const CHANNEL = 'C0RELIABLE';
const FORM = 'application/x-www-form-urlencoded';

/** A signed request's outcome: its status and body, and how long the answer took. */
export interface Answered {
  status: number;
  body: string;
  ms: number;
}

/** Keeps connections open between requests, as Slack's senders do; bounded so a burst queues here, not in the kernel. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a body signed with Slack's v0 scheme; rejects on a network error (a killed server). */
export function sendSigned(url: string, secret: string, body: string, contentType = 'application/json'): Promise<Answered> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let sequence = 0;
/** A message ts unique within this run. */
export function freshTs(): string {
  sequence += 1;
  return `1736931600.${String(sequence).padStart(6, '0')}`;
}

/** An Events API app_mention, as Slack sends it. */
export function mentionEvent(text: string, user: string, ts = freshTs()): string {
  return JSON.stringify({
    token: 'unused',
    team_id: TEAM,
    api_app_id: 'A0RELIABLE',
    type: 'event_callback',
    event_id: `Ev${ts.replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    event: { type: 'app_mention', user, text: `<@${BOT_USER}> ${text}`, ts, event_ts: ts, channel: CHANNEL },
  });
}

/** A click on 👍 Helpful / 👎 Not helpful under an answer (block_actions, form-encoded). */
export function voteClick(value: string, voter: string, up: boolean, messageTs: string, responseUrl: string): string {
  const payload = {
    type: 'block_actions',
    user: { id: voter, username: voter.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0RELIABLE',
    token: 'unused',
    container: { type: 'message', message_ts: messageTs, channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: `${messageTs}.trigger`,
    team: { id: TEAM, domain: 'reliability' },
    channel: { id: CHANNEL, name: 'help' },
    message: { type: 'message', ts: messageTs },
    response_url: responseUrl,
    actions: [{ action_id: up ? ACTIONS.helpful : ACTIONS.notHelpful, block_id: 'lore_answer_actions', value, type: 'button', action_ts: freshTs() }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Submitting the capture form for the answer at `answerTs` in a thread (view_submission),
 * with "Save a new article anyway" chosen, so that every submission writes.
 */
export function captureSubmission(question: string, answer: string, capturer: string, answerTs: string, threadTs: string, viewId: string): string {
  const payload = {
    type: 'view_submission',
    team: { id: TEAM, domain: 'reliability' },
    user: { id: capturer, team_id: TEAM },
    api_app_id: 'A0RELIABLE',
    token: 'unused',
    trigger_id: `${answerTs}.view`,
    view: {
      id: viewId,
      type: 'modal',
      team_id: TEAM,
      callback_id: CALLBACKS.captureModal,
      private_metadata: JSON.stringify({ c: CHANNEL, t: answerTs, th: threadTs, author: 'Person U0EXPERT' }),
      state: { values: { question: { value: { type: 'plain_text_input', value: question } }, answer: { value: { type: 'plain_text_input', value: answer } }, tags: { value: { type: 'plain_text_input', value: 'reliability' } }, choice: { value: { type: 'radio_buttons', selected_option: { value: 'new' } } } } },
      hash: `${viewId}-hash`,
    },
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export { FORM };

/** The vote buttons of an answer Lore posted: their values ({q, a, o}), by action id. */
export function voteButtons(args: Record<string, unknown>): { up?: string; down?: string } {
  const blocks = (args.blocks ?? []) as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;
  const elements = blocks.flatMap((block) => block.elements ?? []);
  return {
    up: elements.find((element) => element.action_id === ACTIONS.helpful)?.value,
    down: elements.find((element) => element.action_id === ACTIONS.notHelpful)?.value,
  };
}
