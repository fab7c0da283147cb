import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answered } from './slack-requests';

/** One reply Lore sent to a Teams conversation, with when it arrived. */
export interface ConnectorReply {
  conversationId: string;
  /** The activity replied to: the id of the question's activity. */
  replyToId: string;
  activity: Record<string, unknown>;
  at: number;
}

/**
 * A stand-in for Teams' Bot Connector service on 127.0.0.1, for the reliability scripts.
 * The Bot Connector is both ends of a Teams conversation: it posts people's activities to
 * the bot's /api/messages with its own address as `serviceUrl`, and receives the bot's
 * replies there (POST /v3/conversations/:id/activities/:replyToId), which it records with
 * their arrival time and answers with a new id.
 */
export interface TeamsConnectorStandIn {
  /** The serviceUrl activities carry, ending in `/`. */
  readonly serviceUrl: string;
  /** Replies received, in order. */
  readonly replies: ConnectorReply[];
  /** Calls `listener` with every reply received from now on. */
  onReply(listener: (reply: ConnectorReply) => void): void;
  /**
   * POSTs a personal-chat message to `messagesUrl` and resolves with the bot's HTTP answer
   * (botbuilder answers after the turn, so after the reply was sent). `person` is a small
   * number: each is one simulated person, with their own chat.
   */
  sendMessage(messagesUrl: string, message: { id: string; text: string; person: number }): Promise<Answered>;
  close(): Promise<void>;
}

/** The one tenant every simulated person belongs to. */
export const TENANT = '0000000a-10ad-4000-8000-000000000001';
const BOT = { id: '28:00000000-0000-0000-0000-0000000000bot', name: 'Lore' };

/** Keeps connections open between activities, as the Bot Connector does; bounded like Slack's sender. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** `replyDelayMs`: how long each reply takes to be answered (a slow connector), holding its turn's place in Lore's queue. */
export async function startTeamsConnectorStandIn(options: { replyDelayMs?: number } = {}): Promise<TeamsConnectorStandIn> {
  const replies: ConnectorReply[] = [];
  const listeners: Array<(reply: ConnectorReply) => void> = [];
  let next = 1;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const match = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(url.pathname);
      if (request.method !== 'POST' || !match) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'NotFound', message: `${request.method} ${url.pathname}` } }));
        return;
      }
      const reply: ConnectorReply = {
        conversationId: decodeURIComponent(match[1]!),
        replyToId: decodeURIComponent(match[2]!),
        activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
        at: performance.now(),
      };
      replies.push(reply);
      for (const listener of listeners) listener(reply);
      const answer = () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `reply-${next++}` }));
      };
      if (options.replyDelayMs) setTimeout(answer, options.replyDelayMs);
      else answer();
    });
  });
  // Hundreds of Lore's replies arrive at once under load.
  server.maxConnections = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const serviceUrl = `http://127.0.0.1:${port}/`;

  return {
    serviceUrl,
    replies,
    onReply: (listener) => void listeners.push(listener),
    sendMessage: (messagesUrl, message) => postJson(messagesUrl, JSON.stringify(personalMessage(serviceUrl, message.id, message.text, message.person))),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A message in a person's 1:1 chat with the bot, shaped like what Teams (and the Agents Playground) send. */
function personalMessage(serviceUrl: string, id: string, text: string, person: number): Record<string, unknown> {
  const number = String(person).padStart(5, '0');
  const now = new Date().toISOString();
  return {
    type: 'message',
    text,
    id,
    from: { id: `29:load-person-${number}`, name: `Person ${number}`, aadObjectId: `00000000-0000-0000-0000-0000000${number}` },
    timestamp: now,
    localTimestamp: now.replace('Z', '+00:00'),
    localTimezone: 'UTC',
    serviceUrl,
    conversation: { conversationType: 'personal', tenantId: TENANT, id: `a:load-chat-${number}` },
    recipient: BOT,
    textFormat: 'plain',
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'UTC' }],
    channelData: { tenant: { id: TENANT } },
    channelId: 'msteams',
  };
}

/** POSTs JSON without a token (Lore runs Teams anonymously here, as in local development); rejects on a network error. */
function postJson(url: string, body: string): Promise<Answered> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
