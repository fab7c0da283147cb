import fs from 'node:fs';
import path from 'node:path';
import { AnswerQueue, type AnswerQueueOptions } from '../../../../adapters/common/answer-queue';
import { createLoreHttpServer, type LoreHttpServer } from '../../../../adapters/http/lore-http-server';
import { createTeamsAdapter, MESSAGES_PATH, type TeamsAdapter, type TeamsAdapterOptions } from '../../../../adapters/teams/create-teams-adapter';
import type { TeamsSettings } from '../../../../adapters/teams/teams-settings';
import { type Logger, silentLogger } from '../../../../src/logger';
import type { Lore, LoreOptions } from '../../../../src/lore';
import { seed } from '../../../helpers/articles';
import { ROOT } from '../../../helpers/build';
import { type Sandbox, useSandbox } from '../../../helpers/sandbox';
import { type FakeConnector, startFakeConnector } from './fake-connector';

/** Real activities the Agents Playground posted (see test/fixtures/platform/README.md). */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'platform', 'teams');
/** The tenant of the fixtures. */
export const TENANT = '00000000-0000-0000-0000-0000000000001';
export const BOT_ID = '00000000-0000-0000-0000-00000000000011';

export type Activity = Record<string, unknown>;

/** A fixture, with `changes` deep-merged over it (objects merge; anything else replaces). */
export function fixture(name: string, changes: Activity = {}): Activity {
  const base = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Activity;
  return merge(base, changes);
}

function merge(base: Activity, changes: Activity): Activity {
  const out: Activity = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? merge(current as Activity, value as Activity)
        : value;
  }
  return out;
}

export interface PostResult {
  status: number;
  body: unknown;
}

/** The real CloudAdapter on the shared HTTP server on 127.0.0.1, a stand-in connector, and a sandboxed Lore. */
export interface TeamsHarness {
  lore: Lore;
  connector: FakeConnector;
  teams: TeamsAdapter;
  sandbox: Sandbox;
  /** http://127.0.0.1:PORT/api/messages */
  url: string;
  /** POSTs an activity (its serviceUrl pointed at the stand-in) and waits until the bot has handled it. */
  post(activity: Activity, headers?: Record<string, string>): Promise<PostResult>;
  /** POSTs a raw body as it is. */
  raw(body: string, headers?: Record<string, string>): Promise<PostResult>;
}

export interface TeamsHarnessOptions {
  /** Or a function of the connector stand-in, e.g. to trust its URL (LORE_TEAMS_SERVICE_URLS). */
  settings?: Partial<TeamsSettings> | ((connector: FakeConnector) => Partial<TeamsSettings>);
  lore?: Partial<LoreOptions>;
  seed?: (lore: Lore) => void;
  authentication?: TeamsAdapterOptions['authentication'];
  tokenClock?: TeamsAdapterOptions['tokenClock'];
  /** A small queue for questions, to see what happens when it is full (default: the production sizes). */
  answerQueue?: AnswerQueueOptions;
  logger?: () => Logger;
}

/** Registers hooks that start a fresh harness before each test and stop it after. */
export function useTeamsHarness(options: TeamsHarnessOptions = {}): () => TeamsHarness {
  const sandbox = useSandbox();
  let current: TeamsHarness | undefined;
  let server: LoreHttpServer | undefined;
  let connector: FakeConnector | undefined;

  beforeEach(async () => {
    connector = await startFakeConnector();
    const lore = sandbox.openLore(options.lore);
    (options.seed ?? ((l: Lore) => seed(l)))(lore);
    const logger = options.logger?.() ?? silentLogger;
    const settings = typeof options.settings === 'function' ? options.settings(connector) : options.settings;
    const teams = createTeamsAdapter({ lore, logger, settings: { appType: 'MultiTenant', ...settings }, authentication: options.authentication, tokenClock: options.tokenClock, answerQueue: new AnswerQueue(options.answerQueue) });
    server = createLoreHttpServer({ routes: [teams.route], health: () => ({}), logger });
    const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${port}${MESSAGES_PATH}`;
    const send = async (body: string, headers: Record<string, string> = {}): Promise<PostResult> => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const text = await response.text();
      await teams.idle();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Left as text.
      }
      return { status: response.status, body: parsed };
    };
    const serviceUrl = connector.serviceUrl;
    current = {
      lore,
      connector,
      teams,
      sandbox,
      url,
      post: (activity, headers) => send(JSON.stringify({ ...activity, serviceUrl }), headers),
      raw: send,
    };
  });

  afterEach(async () => {
    await server?.close();
    await current?.teams.idle();
    await connector?.close();
    current = undefined;
  });

  return () => {
    if (!current) throw new Error('the Teams harness is used outside a test');
    return current;
  };
}

/** The Adaptive Card a connector call carried, if any. */
export function cardOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const attachments = body.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every text a card shows (TextBlocks and TextRuns), joined: what a person reads. */
export function cardTextOf(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if ((element.type === 'TextBlock' || element.type === 'TextRun') && typeof element.text === 'string') texts.push(element.text);
    for (const [key, value] of Object.entries(element)) if (key !== 'data' && key !== 'fallback') walk(value);
  };
  walk(card);
  return texts.join(' ').replace(/\\([\\`*_[\]()#+\-!>~|])/g, '$1');
}

/** The card's actions with their data. */
export function actionsOf(card: unknown): Array<{ type: string; title: string; verb?: string; data?: Record<string, unknown>; fallback?: Record<string, unknown> }> {
  return ((card as { actions?: unknown[] }).actions ?? []) as ReturnType<typeof actionsOf>;
}
