import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody } from '../../../../scripts/reliability/slack-stand-in';

/** One call the app made: a Web API method, or a POST to a response_url (`method: 'response_url'`). */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** The bearer token the call carried. */
  token?: string;
  /** What the stand-in answered. */
  response?: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

/**
 * A stand-in for Slack's Web API on 127.0.0.1: records every call and answers `ok` with
 * plausible data (tests replace the answer of any method). Also takes response_url posts.
 */
export interface FakeSlackApi {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  readonly apiUrl: string;
  /** A response_url that lands here. */
  responseUrl(name?: string): string;
  readonly calls: RecordedCall[];
  /** Calls of one method, in order. */
  callsTo(method: string): RecordedCall[];
  /** Replaces how a method answers. */
  on(method: string, handler: Handler): void;
  /** Holds the answers of a method until the returned function is called. */
  hold(method: string): () => void;
  /** Resolves when a call matching `predicate` has been recorded (bounded: rejects after `timeoutMs`). */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

export const BOT_USER = 'U0LORE';
export const BOT_ID = 'B0LORE';

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: RecordedCall[] = [];
  const handlers = new Map<string, Handler>();
  const held = new Map<string, Promise<void>>();
  const waiters: Array<{ predicate: (call: RecordedCall) => boolean; resolve: (call: RecordedCall) => void }> = [];
  let nextTs = 1736931600_000100;

  const defaults: Record<string, Handler> = {
    'auth.test': () => ({ user_id: BOT_USER, bot_id: BOT_ID, team_id: 'T123ABC456', user: 'lore', team: 'Test' }),
    'chat.postMessage': (args) => {
      const ts = (nextTs++ / 1_000_000).toFixed(6);
      return { channel: args.channel, ts, message: { ts, text: args.text, metadata: args.metadata } };
    },
    'chat.postEphemeral': () => ({ message_ts: (nextTs++ / 1_000_000).toFixed(6) }),
    'chat.getPermalink': (args) => ({ channel: args.channel, permalink: `https://acme.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}` }),
    'conversations.replies': () => ({ messages: [], has_more: false }),
    'views.open': (args) => ({ view: { ...(args.view as object), id: 'V0MODAL', hash: 'h1' } }),
    'views.update': (args) => ({ view: { ...(args.view as object), id: args.view_id ?? 'V0MODAL', hash: 'h2' } }),
    'users.info': (args) => ({ user: { id: args.user, name: `user-${String(args.user).toLowerCase()}`, profile: { display_name: `Person ${String(args.user)}` } } }),
    'reactions.get': () => ({ message: { reactions: [] } }),
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const isApi = url.pathname.startsWith('/api/');
      const method = isApi ? url.pathname.slice('/api/'.length) : 'response_url';
      const args = parseBody(raw, String(request.headers['content-type'] ?? ''));
      if (!isApi) args.url = url.pathname;
      const authorization = request.headers.authorization;
      const call: RecordedCall = { method, args, token: authorization?.replace(/^Bearer /, '') };
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      const answer = () => {
        const handler = handlers.get(method) ?? defaults[method] ?? (() => ({}));
        call.response = { ok: true, ...handler(args) };
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(call.response));
      };
      const gate = held.get(method);
      if (gate) void gate.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (name = 'hook') => `${base}/respond/${name}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    on: (method, handler) => void handlers.set(method, handler),
    hold(method) {
      let release!: () => void;
      held.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(method);
        release();
      };
    },
    waitFor(predicate, timeoutMs = 5000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<RecordedCall>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching Slack API call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`)), timeoutMs);
        waiters.push({ predicate, resolve: (call) => (clearTimeout(timer), resolve(call)) });
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
