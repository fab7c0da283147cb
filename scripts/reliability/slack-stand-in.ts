import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call Lore made to the Web API (or a response_url), with when it arrived. */
export interface StandInCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

export interface StandInOptions {
  /** Answer every Nth call with 429 and `Retry-After` (Slack's rate limit); 0 never. */
  throttleEvery?: number;
  /** Seconds in the Retry-After header of a throttled call (default 1). */
  retryAfterSeconds?: number;
  /** Milliseconds each chat.postMessage takes to answer (a slow Slack): each answer holds its place in Lore's queue that long. */
  postDelayMs?: number;
}

/**
 * A stand-in for Slack's Web API on 127.0.0.1, for the reliability scripts: answers the
 * methods Lore calls with plausible data, records each call with its arrival time, and
 * can answer some calls 429 with Retry-After, as Slack does when an app posts too fast.
 */
export interface SlackStandIn {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  readonly apiUrl: string;
  /** A response_url that lands here. */
  responseUrl(name: string): string;
  /** Calls answered (throttled attempts are not calls), in order. */
  readonly calls: StandInCall[];
  /** How many calls were answered 429. */
  readonly throttled: number;
  /** Resolves with the first call matching, now or later (rejects after `timeoutMs`). */
  waitFor(predicate: (call: StandInCall) => boolean, timeoutMs: number): Promise<StandInCall>;
  /** Calls `listener` with every call answered from now on. */
  onCall(listener: (call: StandInCall) => void): void;
  close(): Promise<void>;
}

export const BOT_USER = 'U0LORE';
export const TEAM = 'T0RELIABLE';

export async function startSlackStandIn(options: StandInOptions = {}): Promise<SlackStandIn> {
  const calls: StandInCall[] = [];
  const waiters: Array<{ predicate: (call: StandInCall) => boolean; resolve: (call: StandInCall) => void }> = [];
  const listeners: Array<(call: StandInCall) => void> = [];
  let received = 0;
  let throttled = 0;
  let nextTs = 1_736_931_600_000_100;

  const answers: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({ user_id: BOT_USER, bot_id: 'B0LORE', team_id: TEAM, user: 'lore', team: 'Reliability' }),
    'chat.postMessage': (args) => {
      const ts = (nextTs++ / 1_000_000).toFixed(6);
      return { channel: args.channel, ts, message: { ts, text: args.text } };
    },
    'chat.postEphemeral': () => ({ message_ts: (nextTs++ / 1_000_000).toFixed(6) }),
    'chat.getPermalink': (args) => ({ channel: args.channel, permalink: `https://reliability.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}` }),
    'conversations.replies': () => ({ messages: [], has_more: false }),
    'users.info': (args) => ({ user: { id: args.user, name: String(args.user).toLowerCase(), profile: { display_name: `Person ${String(args.user)}` } } }),
    'reactions.get': () => ({ message: { reactions: [] } }),
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received += 1;
      if (options.throttleEvery && received % options.throttleEvery === 0) {
        throttled += 1;
        response.writeHead(429, { 'retry-after': String(options.retryAfterSeconds ?? 1), 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const isApi = url.pathname.startsWith('/api/');
      const method = isApi ? url.pathname.slice('/api/'.length) : 'response_url';
      const args = parseBody(Buffer.concat(chunks).toString('utf8'), String(request.headers['content-type'] ?? ''));
      if (!isApi) args.url = url.pathname;
      const call: StandInCall = { method, args, at: performance.now() };
      calls.push(call);
      for (const listener of listeners) listener(call);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      const answer = () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true, ...(answers[method]?.(args) ?? {}) }));
      };
      if (method === 'chat.postMessage' && options.postDelayMs) setTimeout(answer, options.postDelayMs);
      else answer();
    });
  });
  // Hundreds of Lore's calls arrive at once under load.
  server.maxConnections = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (name) => `${base}/respond/${encodeURIComponent(name)}`,
    calls,
    get throttled() {
      return throttled;
    },
    waitFor(predicate, timeoutMs) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching Slack API call within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ predicate, resolve: (call) => (clearTimeout(timer), resolve(call)) });
      });
    },
    onCall: (listener) => void listeners.push(listener),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The Web API client sends form fields (objects as JSON); response_url posts are JSON. */
export function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    if (error instanceof SyntaxError) return value;
    throw error;
  }
}
