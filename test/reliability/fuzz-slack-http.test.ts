import { createHmac } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import { ACTIONS, CALLBACKS } from '../../adapters/slack/action-values';
import { createSlackApp, EVENTS_PATH, type SlackApp } from '../../adapters/slack/create-slack-app';
import type { Lore } from '../../src/lore';
import { seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';
import { type FakeSlackApi, startFakeSlackApi } from '../adapters/slack/support/fake-slack-api';
import { buttonClick, captureShortcut, fixtureText, mention, message, reaction, viewSubmission } from '../adapters/slack/support/payloads';
import { fuzzRuns, watchUnhandledRejections } from './support/fuzz-runs';
import { type LogEntry, recordingLogger } from './support/recording-logger';

const SECRET = 'fuzz-signing-secret';
const BODY_LIMIT = 1024 * 1024;

/** How long a request may go unanswered before the test counts it as hung (status 0). */
const ANSWER_WITHIN_MS = 10_000;

/**
 * True for a body Bolt parses to `null` (JSON `null`, or a form whose payload is `null`):
 * Bolt 4's HTTPReceiver then reads `body.ssl_check` and fails outside any handler, leaving
 * the request unanswered and the rejection unhandled. Kept out of the random cases and
 * tested on its own below, so that bug shows as one named failure until it is fixed.
 */
function parsesToNull(body: Buffer): boolean {
  const text = body.toString('utf8').trim();
  if (text === 'null') return true;
  const payload = new URLSearchParams(text).get('payload');
  return payload !== null && payload.trim() === 'null';
}

/** POSTs bytes signed as Slack signs them (over the raw bytes), on a fresh connection; 0 when unanswered. */
function post(url: string, body: Buffer, contentType: string): Promise<number> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': contentType, 'content-length': body.length, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.setTimeout(ANSWER_WITHIN_MS, () => {
      request.destroy();
      resolve(0);
    });
    // A server refusing a huge body may close before reading it all; that is an answer too.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(413) : reject(error)));
    request.end(body);
  });
}

type Json = Record<string, unknown>;

/** Every leaf path of a payload, to replace one with a hostile value. */
function leafPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]))];
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: Json | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Json) };
  (copy as Record<string | number, unknown>)[head!] = replaceAt((value as Record<string | number, unknown>)[head!], rest, replacement);
  return copy;
}

/** Values a field should never hold: wrong types, control characters, huge or deeply nested values. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', '\u0000', '\u202e\u200b', '\ud800', '<!channel> @here', 'x'.repeat(200_000), '1736931600.000001', 'U0LORE', 'C123ABC456', 'null', '{"a":', '[]', '-1', 'NaN'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 1000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
);

describe('fuzzing the Slack HTTP entry point', () => {
  const sandbox = useSandbox();
  const unhandled = watchUnhandledRejections();
  let lore: Lore;
  let api: FakeSlackApi;
  let app: SlackApp;
  let url: string;
  let base: string;
  let logs: LogEntry[];

  beforeEach(async () => {
    api = await startFakeSlackApi();
    lore = sandbox.openLore();
    seed(lore);
    const logger = recordingLogger();
    logs = logger.entries;
    app = createSlackApp({ lore, logger, modalWaitMs: 50, settings: { botToken: 'xoxb-fuzz', signingSecret: SECRET, apiUrl: api.apiUrl, autoChannels: ['C123ABC456'], expertsChannel: 'C0EXPERTS' } });
    const address = await app.start({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${address.port}`;
    url = `${base}${EVENTS_PATH}`;
  });

  afterEach(async () => {
    await app.stop();
    await api.close();
  });

  /** Sends one body; it must be answered 2xx or 4xx, and whatever it started must finish. */
  async function expectClean(body: Buffer, contentType: string): Promise<void> {
    if (parsesToNull(body)) return;
    const before = logs.length;
    const status = await post(url, body, contentType);
    await app.idle();
    // On a failure, show what was sent and what the app logged about it.
    const failure = status >= 200 && status < 500 ? undefined : { status, body: body.toString('utf8').slice(0, 500), logged: logs.slice(before).map((entry) => `${entry.msg} ${String((entry.obj.err as Error | undefined)?.stack ?? '')}`) };
    expect(failure).toBeUndefined();
  }

  /** After the run: the server answers, nothing was left unhandled, and no handler failed on a programming error. */
  async function expectHealthy(): Promise<void> {
    const health = await new Promise<number>((resolve, reject) => http.get(`${base}/healthz`, (r) => (r.resume(), resolve(r.statusCode ?? 0))).on('error', reject));
    expect(health).toBe(200);
    expect(unhandled()).toEqual([]);
    // A hostile response_url fails at the network edge (fetch's TypeError); anything else of these kinds is a bug.
    const bugs = logs.filter((entry) => {
      const error = entry.obj.err as Error | undefined;
      return entry.level === 'error' && /TypeError|RangeError|ReferenceError|SyntaxError/.test(String(error?.name ?? entry.msg)) && !/^fetch failed$|^Failed to parse URL/.test(error?.message ?? '');
    });
    expect(bugs.map((entry) => `${entry.msg}: ${String((entry.obj.err as Error | undefined)?.stack ?? '')}`)).toEqual([]);
  }

  it('answers malformed JSON, forms and bytes with 2xx or 4xx', async () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)));
    const bytes = fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array));
    const form = fc.dictionary(fc.constantFrom('payload', 'command', 'text', 'team_id', 'user_id', 'type', 'ssl_check', fc.sample(fc.string(), 1)[0] ?? 'x'), fc.oneof(fc.string({ maxLength: 50 }), text), { maxKeys: 4 }).map((fields) => new URLSearchParams(fields).toString());
    const brokenPayload = fc.oneof(fc.string({ maxLength: 100 }), fc.jsonValue().map((v) => JSON.stringify(v))).map((payload) => `payload=${encodeURIComponent(payload)}`);
    const rawPayload = fc.string({ maxLength: 100 }).map((payload) => `payload=${payload}`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          text.map((body) => [Buffer.from(body), 'application/json'] as const),
          bytes.map((body) => [body, fc.sample(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', ''), 1)[0]!] as const),
          form.map((body) => [Buffer.from(body), 'application/x-www-form-urlencoded'] as const),
          brokenPayload.map((body) => [Buffer.from(body), 'application/x-www-form-urlencoded'] as const),
          rawPayload.map((body) => [Buffer.from(body), 'application/x-www-form-urlencoded'] as const),
        ),
        async ([body, contentType]) => expectClean(body, contentType),
      ),
      { numRuns: fuzzRuns(150) },
    );
    await expectHealthy();
  });

  it('handles real payloads with any field replaced by a hostile value', async () => {
    const asForm = (payload: Json) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const slash = Object.fromEntries(new URLSearchParams(fixtureText('slash_command.form.txt').trim()));
    const templates: Array<{ payload: Json; encode: (p: Json) => string; type: string }> = [
      { payload: mention('how do I connect to the VPN from home?'), encode: JSON.stringify, type: 'application/json' },
      { payload: message('I forgot my password', { channel: 'D0123ABCD', channelType: 'im' }), encode: JSON.stringify, type: 'application/json' },
      { payload: message('printer is jammed', { channel: 'C123ABC456', channelType: 'channel' }), encode: JSON.stringify, type: 'application/json' },
      { payload: reaction('+1', { channel: 'C123ABC456', ts: '1736931600.000001' }), encode: JSON.stringify, type: 'application/json' },
      { payload: buttonClick({ actionId: ACTIONS.helpful, value: JSON.stringify({ q: 1, a: 'vpn-home', o: [] }) }, {}), encode: asForm, type: 'application/x-www-form-urlencoded' },
      { payload: captureShortcut({ text: 'Install GlobalProtect', threadTs: '1736931600.000001' }), encode: asForm, type: 'application/x-www-form-urlencoded' },
      {
        payload: viewSubmission({ callback_id: CALLBACKS.captureModal, private_metadata: JSON.stringify({ c: 'C123ABC456', t: '1736931600.000002', th: '1736931600.000001' }), values: { question: { value: { value: 'How do I print?' } }, answer: { value: { value: 'Use FollowMe' } } } }),
        encode: asForm,
        type: 'application/x-www-form-urlencoded',
      },
      { payload: { ...slash, command: '/lore', text: 'vpn', response_url: api.responseUrl() }, encode: (p) => new URLSearchParams(Object.entries(p).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString(), type: 'application/x-www-form-urlencoded' },
    ];
    const mutation = fc.record({ template: fc.nat(templates.length - 1), edits: fc.array(fc.record({ path: fc.nat(), value: hostileValue }), { minLength: 1, maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ template, edits }) => {
        const { payload, encode, type } = templates[template]!;
        let mutated: unknown = payload;
        for (const edit of edits) {
          // An earlier edit may have replaced a whole branch: choose among the paths that exist now.
          const paths = leafPaths(mutated).filter((path) => path.length > 0);
          if (paths.length > 0) mutated = replaceAt(mutated, paths[edit.path % paths.length]!, edit.value);
        }
        await expectClean(Buffer.from(encode(mutated as Json)), type);
      }),
      { numRuns: fuzzRuns(200) },
    );
    await expectHealthy();
  });

  it('refuses bodies over the size limit (413) and survives huge, deep and invalid UTF-8 bodies under it', async () => {
    const huge = Buffer.from(JSON.stringify({ ...mention('vpn'), filler: 'x'.repeat(BODY_LIMIT - 2000) }));
    expect(huge.length).toBeLessThan(BODY_LIMIT);
    await expectClean(huge, 'application/json');
    expect(await post(url, Buffer.alloc(BODY_LIMIT + 10, 'a'), 'application/json')).toBe(413);
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const { event: _event, ...envelope } = mention('vpn');
    const deepEvent = `${JSON.stringify(envelope).slice(0, -1)},"event":${'{"event":'.repeat(5000)}{}${'}'.repeat(5000)}}`;
    for (const body of [deepArray, deepObject, deepEvent]) await expectClean(Buffer.from(body), 'application/json');
    const invalidUtf8 = Buffer.concat([Buffer.from(JSON.stringify(mention('vpn')).slice(0, -3)), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}}')]);
    await expectClean(invalidUtf8, 'application/json');
    await expectClean(Buffer.from(`payload=${Buffer.from([0xff, 0xc0, 0xaf]).toString('latin1')}`, 'latin1'), 'application/x-www-form-urlencoded');
    const control = JSON.stringify(mention(`vpn ${Array.from({ length: 32 }, (_v, i) => String.fromCharCode(i)).join('')}\u007f\u2028\u2029`));
    await expectClean(Buffer.from(control), 'application/json');
    await expectHealthy();
  });

  it('answers a signed body that parses to null (JSON null, payload=null) with 4xx, without an unhandled rejection', async () => {
    for (const [body, type] of [
      ['null', 'application/json'],
      [' null ', 'application/json'],
      ['payload=null', 'application/x-www-form-urlencoded'],
    ] as const) {
      const status = await post(url, Buffer.from(body), type);
      expect({ body, status: status >= 400 && status < 500 ? '4xx' : status }).toEqual({ body, status: '4xx' });
    }
    await expectHealthy();
  });
});
