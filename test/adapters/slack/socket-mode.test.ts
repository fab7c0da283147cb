import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { createSlackApp } from '../../../adapters/slack/create-slack-app';
import { silentLogger } from '../../../src/logger';
import { seed } from '../../helpers/articles';
import { useSandbox } from '../../helpers/sandbox';
import { startFakeSlackApi } from './support/fake-slack-api';
import { CHANNEL, fixture } from './support/payloads';
import { request } from './support/signed-request';

/** Resolves with what `register` hands it, or rejects after `timeoutMs`: every wait in this test is bounded. */
function within<T>(what: string, register: (resolve: (value: T) => void) => void, timeoutMs = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('Slack in Socket Mode', () => {
  const sandbox = useSandbox();

  it('connects through apps.connections.open, acknowledges an event envelope and answers in the thread', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await within<void>('WebSocket server listening', (resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as AddressInfo;
    const slack = await startFakeSlackApi();
    slack.on('apps.connections.open', () => ({ url: `ws://127.0.0.1:${port}/` }));
    const connected = within<WebSocket>('Socket Mode connection', (resolve) =>
      wss.once('connection', (socket) => {
        socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'test' }, connection_info: { app_id: 'A111' } }));
        resolve(socket);
      }),
    );
    const lore = sandbox.openLore();
    seed(lore);
    const app = createSlackApp({
      lore,
      logger: silentLogger,
      settings: { botToken: 'xoxb-test-token', appToken: 'xapp-test-token', apiUrl: slack.apiUrl, autoChannels: [] },
    });
    try {
      const address = await app.start({ port: 0, host: '127.0.0.1' });
      const socket = await connected;
      expect(slack.callsTo('apps.connections.open')).toEqual([expect.objectContaining({ token: 'xapp-test-token' })]);

      const body = fixture('app_mention.json');
      const acknowledged = within<Record<string, unknown>>('acknowledgement', (resolve) =>
        socket.on('message', (data: Buffer) => {
          const reply = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
          if (reply.envelope_id === 'e1') resolve(reply);
        }),
      );
      socket.send(JSON.stringify({ type: 'events_api', envelope_id: 'e1', payload: body, accepts_response_payload: false }));
      // Bolt acknowledges with an empty payload, which Slack accepts: nothing to say back.
      const ack = await acknowledged;
      expect(ack).toMatchObject({ envelope_id: 'e1' });
      expect(ack.payload ?? {}).toEqual({});

      const posted = await slack.waitFor((call) => call.method === 'chat.postMessage');
      await app.idle();
      expect(posted.token).toBe('xoxb-test-token');
      expect(posted.args).toMatchObject({ channel: CHANNEL, thread_ts: (body.event as { ts: string }).ts });

      // Slack reaches Lore over the socket; PORT serves only the health check.
      const health = await request(`http://127.0.0.1:${address.port}/healthz`, { method: 'GET' });
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ok: true });
      expect((await request(`http://127.0.0.1:${address.port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await app.stop();
      for (const client of wss.clients) client.terminate();
      await within<void>('WebSocket server closed', (resolve) => wss.close(() => resolve()));
      await slack.close();
    }
  });
});
