import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector service. */
export interface ConnectorCall {
  method: string;
  /** The path after the service URL, e.g. `/v3/conversations/abc/activities/123`. */
  path: string;
  conversationId: string;
  /** The activity being replied to or updated, when the path names one. */
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/**
 * A stand-in for the Bot Connector service (an activity's `serviceUrl`) on 127.0.0.1: it
 * records the activities Lore sends, replies and updates, and answers with new ids. A
 * test can make updates fail, as Teams does for a message that can't be edited.
 */
export interface FakeConnector {
  /** The serviceUrl to put in activities, ending in `/`. */
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** The activities sent (POST), in order. */
  sent(): ConnectorCall[];
  /** The updates (PUT), in order. */
  updated(): ConnectorCall[];
  /** Makes every PUT answer this status from now on. */
  failUpdates(status: number): void;
  /** Holds every answer until the returned function is called (a slow connector). */
  hold(): () => void;
  /** Resolves when at least `count` calls have arrived (bounded: rejects after `timeoutMs`). */
  waitForCalls(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `host`: the address to listen on (default 127.0.0.1), e.g. another interface of this machine standing for someone else's server. */
export async function startFakeConnector(options: { host?: string } = {}): Promise<FakeConnector> {
  const host = options.host ?? '127.0.0.1';
  const calls: ConnectorCall[] = [];
  let updateStatus = 200;
  let held: Promise<void> = Promise.resolve();
  let next = 1;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
      let body: Record<string, unknown>;
      try {
        body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        body = { unparsed: true };
      }
      if (!match) {
        response.writeHead(404, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ error: { code: 'NotFound', message: url.pathname } }));
      }
      const call: ConnectorCall = {
        method: request.method ?? 'GET',
        path: url.pathname,
        conversationId: decodeURIComponent(match[1]!),
        ...(match[2] ? { activityId: decodeURIComponent(match[2]) } : {}),
        body,
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      };
      calls.push(call);
      await held;
      const status = call.method === 'PUT' ? updateStatus : 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? { id: `sent-${next++}` } : { error: { code: 'BadRequest', message: 'cannot update' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://${host}:${port}/`,
    calls,
    sent: () => calls.filter((call) => call.method === 'POST'),
    updated: () => calls.filter((call) => call.method === 'PUT'),
    failUpdates: (status) => {
      updateStatus = status;
    },
    hold: () => {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return release;
    },
    waitForCalls: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (calls.length < count) {
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} connector calls; got ${calls.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
