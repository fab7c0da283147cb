import type { CaptureRequest, DuplicateChoice } from '../../src/index';
import type { MessageRef } from './action-values';
import { PLATFORM, workspaceOf } from './handler-deps';
import { tsToMs } from './slack-thread';
import { parseTags } from '../common/parse-tags';

/** What a capture from Slack is made of, besides the text. */
export interface SlackCapture {
  team: string;
  /** Who captured (a Slack user id: editors are listed by id). */
  capturedBy: string;
  /** The answer's message. */
  message: MessageRef;
  question: string;
  /** The answer, in Slack mrkdwn. */
  answer: string;
  tags?: string;
  /** The answer's author, by name. */
  author?: string;
  names?: ReadonlyMap<string, string>;
  url?: string;
  choice?: DuplicateChoice;
  mergeInto?: string;
}

/**
 * The capture service's request for an answer in Slack. The dedupe key names the answer's
 * message, so capturing it again, or a submission Slack delivers twice, writes nothing new.
 */
export function captureRequest(capture: SlackCapture): CaptureRequest {
  const { message, names } = capture;
  return {
    workspace: workspaceOf(capture.team),
    platform: PLATFORM,
    question: capture.question,
    answer: capture.answer,
    format: 'slack',
    names: names ? (id) => names.get(id) : undefined,
    botNames: ['lore'],
    answerAuthor: capture.author ?? null,
    capturedBy: capture.capturedBy,
    sourceUrl: capture.url ?? null,
    sourceAt: tsToMs(message.t),
    dedupeKey: dedupeKeyOf(capture.team, message.c, message.t),
    tags: parseTags(capture.tags ?? ''),
    onDuplicate: capture.choice ?? 'ask',
    ...(capture.mergeInto && capture.choice !== 'new' ? { mergeInto: capture.mergeInto } : {}),
  };
}

/** A Slack message's id for the core: a ts is unique only within its channel. */
export function messageIdOf(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** The key that makes a message captured once, by the form or from its thread (as the core's captureFromThread writes it). */
export function dedupeKeyOf(team: string, channel: string, ts: string): string {
  return `${PLATFORM}:${workspaceOf(team)}:${messageIdOf(channel, ts)}`;
}
