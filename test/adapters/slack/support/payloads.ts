import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../helpers/build';

/** Slack's real payloads (see test/fixtures/platform/README.md). */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'platform', 'slack');

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** The team of the fixtures' events. */
export const TEAM = 'T123ABC456';
export const CHANNEL = 'C123ABC456';

let counter = 0;
/** A fresh message ts and event id for each payload, as Slack gives. */
export function freshTs(): string {
  counter += 1;
  return `1736931600.${String(counter).padStart(6, '0')}`;
}
function freshEventId(): string {
  return `Ev${String(++counter).padStart(8, '0')}`;
}

type Json = Record<string, unknown>;

/** The fixture's `authorizations`, for another team when given: Bolt authorizes an event by its first entry. */
function authorizationsFor(base: Json, team: string | undefined): unknown {
  const authorizations = base.authorizations as Json[] | undefined;
  if (!team || !authorizations) return authorizations;
  return authorizations.map((authorization) => ({ ...authorization, team_id: team }));
}

/** app_mention.json with another text (and optionally place). */
export function mention(text: string, options: { user?: string; channel?: string; ts?: string; threadTs?: string; team?: string; eventId?: string } = {}): Json {
  const base = fixture('app_mention.json');
  const event = base.event as Json;
  const ts = options.ts ?? freshTs();
  return {
    ...base,
    team_id: options.team ?? base.team_id,
    authorizations: authorizationsFor(base, options.team),
    event_id: options.eventId ?? freshEventId(),
    event: {
      ...event,
      text: `<@U0LORE> ${text}`,
      user: options.user ?? event.user,
      channel: options.channel ?? event.channel,
      ts,
      event_ts: ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
  };
}

/** message_im.json with another text, or the same shape for a channel message. */
export function message(
  text: string,
  options: { user?: string; channel?: string; channelType?: string; ts?: string; threadTs?: string; team?: string; eventId?: string; botId?: string; subtype?: string } = {},
): Json {
  const base = fixture('message_im.json');
  const event = base.event as Json;
  const ts = options.ts ?? freshTs();
  return {
    ...base,
    team_id: options.team ?? base.team_id,
    authorizations: authorizationsFor(base, options.team),
    event_id: options.eventId ?? freshEventId(),
    event: {
      ...event,
      text,
      user: options.user ?? event.user,
      channel: options.channel ?? event.channel,
      channel_type: options.channelType ?? event.channel_type,
      ts,
      event_ts: ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      ...(options.botId ? { bot_id: options.botId } : {}),
      ...(options.subtype ? { subtype: options.subtype } : {}),
    },
  };
}

/** reaction_added.json on a message, added or removed. */
export function reaction(name: string, item: { channel: string; ts: string }, options: { user?: string; removed?: boolean; itemUser?: string } = {}): Json {
  const base = fixture('reaction_added.json');
  const event = base.event as Json;
  return {
    ...base,
    event_id: freshEventId(),
    event: {
      ...event,
      type: options.removed ? 'reaction_removed' : 'reaction_added',
      reaction: name,
      user: options.user ?? event.user,
      item_user: options.itemUser ?? 'U0LORE',
      item: { type: 'message', channel: item.channel, ts: item.ts, channel_type: 'channel' },
    },
  };
}

/** slash_command.form.txt as /lore with a question, answering to `responseUrl`. */
export function slashCommand(text: string, responseUrl: string, options: { user?: string; team?: string } = {}): string {
  const form = new URLSearchParams(fixtureText('slash_command.form.txt').trim());
  form.set('command', '/lore');
  form.set('text', text);
  form.set('response_url', responseUrl);
  if (options.user) form.set('user_id', options.user);
  if (options.team) form.set('team_id', options.team);
  return form.toString();
}

/** block_actions.json with one of Lore's buttons clicked on a message. */
export function buttonClick(
  action: { actionId: string; value: string },
  where: { channel?: string; messageTs?: string; threadTs?: string; ephemeral?: boolean; user?: string; team?: string; responseUrl?: string },
): Json {
  const base = fixture('block_actions.json');
  const [original] = base.actions as Json[];
  const team = where.team ?? TEAM;
  const channel = where.channel ?? CHANNEL;
  const messageTs = where.messageTs ?? freshTs();
  return {
    ...base,
    user: { ...(base.user as Json), id: where.user ?? 'U0VOTER', team_id: team },
    team: { ...(base.team as Json), id: team },
    channel: { id: channel, name: 'help' },
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: where.ephemeral ?? false, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
    ...(where.ephemeral ? {} : { message: { type: 'message', ts: messageTs, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) } }),
    response_url: where.responseUrl ?? 'http://127.0.0.1:9/unused',
    actions: [{ ...original, action_id: action.actionId, block_id: 'lore_answer_actions', value: action.value, action_ts: freshTs() }],
  };
}

/** message_action.json: the capture shortcut on a message. */
export function captureShortcut(target: { text: string; user?: string; ts?: string; threadTs?: string; channel?: string; team?: string }): Json {
  const base = fixture('message_action.json');
  const ts = target.ts ?? freshTs();
  const team = target.team ?? TEAM;
  return {
    ...base,
    callback_id: 'capture_answer',
    team: { ...(base.team as Json), id: team },
    user: { ...(base.user as Json), id: 'U0CAPTURER' },
    channel: { id: target.channel ?? CHANNEL, name: 'help' },
    message_ts: ts,
    message: {
      ...(base.message as Json),
      text: target.text,
      user: target.user ?? 'U0EXPERT',
      ts,
      team,
      blocks: [],
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    },
  };
}

/**
 * A modal submission, shaped as Slack documents view_submission (the fixtures have none):
 * the view's callback id, its private metadata and the values of its inputs.
 */
export function viewSubmission(view: { callback_id: string; private_metadata: string; id?: string; values: Record<string, Record<string, unknown>> }, options: { user?: string; team?: string } = {}): Json {
  const team = options.team ?? TEAM;
  return {
    type: 'view_submission',
    team: { id: team, domain: 'acme' },
    user: { id: options.user ?? 'U0CAPTURER', team_id: team },
    api_app_id: 'A111',
    token: 'verification_token',
    trigger_id: '111.222.view',
    view: { id: view.id ?? 'V0MODAL', type: 'modal', team_id: team, callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: view.values }, hash: 'h1' },
  };
}

/** Interactivity arrives form-encoded: `payload=<JSON>`. */
export function asInteractivity(payload: Json): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
