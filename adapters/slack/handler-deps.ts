import type { Logger, Lore } from '../../src/index';
import type { AnswerQueue } from '../common/answer-queue';
import type { AnswerMessages } from './answer-messages';
import type { ExpertThreads } from './expert-threads';
import type { RecentKeys } from '../common/recent-keys';
import type { RecentReplies } from './recent-replies';
import type { SlackSettings } from './slack-settings';

/** What every Slack handler works with; built once by createSlackApp. */
export interface HandlerDeps {
  lore: Lore;
  settings: SlackSettings;
  logger: Logger;
  /** Deliveries already handled: events, messages, submissions. */
  recent: RecentKeys;
  /** Which answer a message is, for reactions. */
  answers: AnswerMessages;
  /** Threads where experts were asked, for capture offers. */
  experts: ExpertThreads;
  /** Private answers that can still be shared in their channel. */
  replies: RecentReplies;
  /** How long the capture modal waits for the thread before opening with a placeholder. */
  modalWaitMs: number;
  /** Where questions wait for an answer; full, they are told Lore is too busy. */
  answerQueue: AnswerQueue;
}

/** The workspace of a Slack team: each team sees its own articles plus the shared base. */
export function workspaceOf(teamId: string): string {
  return `slack:${teamId}`;
}

/** The platform name Lore records for Slack. */
export const PLATFORM = 'slack';
