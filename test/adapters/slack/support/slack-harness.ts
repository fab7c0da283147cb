import { AnswerQueue, type AnswerQueueOptions } from '../../../../adapters/common/answer-queue';
import { createSlackApp, EVENTS_PATH, type SlackApp } from '../../../../adapters/slack/create-slack-app';
import type { SlackSettings } from '../../../../adapters/slack/slack-settings';
import { silentLogger } from '../../../../src/logger';
import type { Lore, LoreOptions } from '../../../../src/lore';
import { seed } from '../../../helpers/articles';
import { type Sandbox, useSandbox } from '../../../helpers/sandbox';
import { type FakeSlackApi, startFakeSlackApi } from './fake-slack-api';
import { asInteractivity } from './payloads';
import { type HttpResult, type SendOptions, sendSigned } from './signed-request';

export const SECRET = 'test-signing-secret';
const FORM = 'application/x-www-form-urlencoded';

/** The real Bolt app over HTTP on 127.0.0.1, a fake Web API, and a sandboxed Lore with the test base. */
export interface SlackHarness {
  lore: Lore;
  slack: FakeSlackApi;
  app: SlackApp;
  sandbox: Sandbox;
  /** http://127.0.0.1:PORT */
  base: string;
  /** The events URL. */
  url: string;
  /** POSTs a signed JSON body and waits until the app has handled it. */
  event(payload: object, options?: Partial<SendOptions>): Promise<HttpResult>;
  /** POSTs signed interactivity (`payload=…`) and waits until handled. */
  interact(payload: Record<string, unknown>, options?: Partial<SendOptions>): Promise<HttpResult>;
  /** POSTs a signed form (a slash command) and waits until handled. */
  form(body: string, options?: Partial<SendOptions>): Promise<HttpResult>;
  /** Sends a raw body signed (or not) as the options say, and waits until handled. */
  raw(body: string, options?: Partial<SendOptions>): Promise<HttpResult>;
}

export interface HarnessOptions {
  settings?: Partial<SlackSettings>;
  lore?: Partial<LoreOptions>;
  /** Fills the base (default: the shared test base). */
  seed?: (lore: Lore) => void;
  modalWaitMs?: number;
  /** A small queue for questions, to see what happens when it is full (default: the production sizes). */
  answerQueue?: AnswerQueueOptions;
}

/** Registers hooks that start a fresh harness before each test and stop it after. */
export function useSlackHarness(options: HarnessOptions = {}): () => SlackHarness {
  const sandbox = useSandbox();
  let current: SlackHarness | undefined;
  let stop: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    const slack = await startFakeSlackApi();
    const lore = sandbox.openLore(options.lore);
    (options.seed ?? ((l: Lore) => seed(l)))(lore);
    const app = createSlackApp({
      lore,
      logger: silentLogger,
      modalWaitMs: options.modalWaitMs,
      answerQueue: new AnswerQueue(options.answerQueue),
      settings: { botToken: 'xoxb-test-token', signingSecret: SECRET, apiUrl: slack.apiUrl, autoChannels: [], ...options.settings },
    });
    const address = await app.start({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${address.port}`;
    const url = `${base}${EVENTS_PATH}`;
    const settle = async (result: Promise<HttpResult>) => {
      const response = await result;
      await app.idle();
      return response;
    };
    current = {
      lore,
      slack,
      app,
      sandbox,
      base,
      url,
      event: (payload, send = {}) => settle(sendSigned(url, JSON.stringify(payload), { secret: SECRET, ...send })),
      interact: (payload, send = {}) => settle(sendSigned(url, asInteractivity(payload), { secret: SECRET, contentType: FORM, ...send })),
      form: (body, send = {}) => settle(sendSigned(url, body, { secret: SECRET, contentType: FORM, ...send })),
      raw: (body, send = {}) => settle(sendSigned(url, body, { secret: SECRET, ...send })),
    };
    stop = async () => {
      await app.stop();
      await slack.close();
    };
  });

  afterEach(async () => {
    await stop?.();
    current = undefined;
    stop = undefined;
  });

  return () => {
    if (!current) throw new Error('The Slack harness exists only while a test runs.');
    return current;
  };
}

/** The text of every block and fallback a call posted, joined: what people would read. */
export function postedText(args: Record<string, unknown>): string {
  return JSON.stringify({ text: args.text, blocks: args.blocks, view: args.view });
}
