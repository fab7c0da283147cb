import type { webApi } from '@slack/bolt';
import { type Logger, type Lore, type Notice, type OwnerQueue, SHARED_WORKSPACE } from '../../src/index';
import type { NoticeOutcome, UpkeepDelivery } from '../common/upkeep-loop';
import { post } from './ask-handlers';
import { PLATFORM, workspaceOf } from './handler-deps';
import type { SlackMessage } from './render-reply';
import { helpDeskDigestMessage, isSlackUser, noticeMessage, ownerDigestMessage } from './upkeep-blocks';

type WebClient = webApi.WebClient;

export interface SlackUpkeepDeps {
  lore: Lore;
  logger: Logger;
  /** LORE_SLACK_DIGEST_CHANNEL: where the help desk's part of the weekly digest goes. */
  digestChannel?: string;
  /**
   * The client holding a team's bot token, for Lore installed in many workspaces (OAuth);
   * undefined when the team has no installation. Default: the given client, for its own team only.
   */
  clientFor?: (team: string) => Promise<WebClient | undefined>;
}

/** Slack's answers that mean the place or person will never take the post, so retrying is pointless. */
const GONE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'account_inactive',
  'token_revoked',
  'team_access_not_granted',
]);

/** `C123:1736931600.000100`: a channel and the thread a question was asked in, as the Slack handlers log it. */
const THREAD_PLACE = /^([CG][A-Z0-9]{2,30}):(\d{1,12}\.\d{1,8})$/;

/**
 * How the upkeep loop speaks in Slack: a correction notice goes into the thread the
 * question was asked in (a private question's, or a thread Lore can no longer post in,
 * to the asker's DM); the weekly digest goes to each owner by DM and to the help desk.
 * Nothing posted can ping anyone: all user content goes through safeText.
 */
export function slackUpkeepDelivery(client: WebClient, deps: SlackUpkeepDeps): UpkeepDelivery {
  const { lore, logger } = deps;
  let homeTeam: Promise<string | undefined> | undefined;
  /** The team of the bot token (one workspace), which also answers for the shared base; rejects when Slack can't say. */
  const teamOfToken = () => {
    homeTeam ??= client.auth.test().then((identity) => identity.team_id);
    homeTeam.catch(() => (homeTeam = undefined));
    return homeTeam;
  };
  // One bot token reaches only its own team; with OAuth, each team's installation has its own.
  const clientOf = deps.clientFor ?? (async (team: string) => (team === (await teamOfToken()) ? client : undefined));

  return {
    platform: PLATFORM,

    async deliverNotice(notice: Notice): Promise<NoticeOutcome> {
      const team = teamOf(notice.workspace);
      const teamClient = team && (await clientOf(team));
      if (!teamClient) return 'undeliverable';
      const message = noticeMessage(notice);
      const thread = THREAD_PLACE.exec(notice.place ?? '');
      if (thread) {
        try {
          await post(teamClient, { channel: thread[1]!, thread_ts: thread[2]!, ...message });
          return 'sent';
        } catch (error) {
          if (!isGone(error)) throw error;
          logger.info({ notice: notice.id, reason: slackError(error) }, 'the thread of a correction notice is gone; sending it to the asker directly');
        }
      }
      // Posting to a user id lands in their DM with Lore: a private /lore question, a DM, or a lost thread.
      try {
        await post(teamClient, { channel: notice.asker, ...message });
        return 'sent';
      } catch (error) {
        if (isGone(error)) return 'undeliverable';
        throw error;
      }
    },

    async sendDigest(asOf: number): Promise<void> {
      const home = await teamOfToken().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not tell which Slack team the bot token is for; the help desk digest is skipped');
        return undefined;
      });
      let sent = 0;
      const failures: unknown[] = [];
      const send = async (teamClient: WebClient, channel: string, message: SlackMessage) => {
        try {
          await post(teamClient, { ...message, channel });
          sent++;
        } catch (error) {
          failures.push(error);
          logger.warn({ err: error, channel, reason: slackError(error) }, 'could not send part of the weekly digest');
        }
      };

      const digest = lore.upkeep.digest({ asOf });
      const skipped: string[] = [];
      for (const queue of digest.owners) {
        for (const [team, part] of slackParts(queue, home)) {
          if (!isSlackUser(queue.owner)) {
            skipped.push(queue.owner);
            break;
          }
          const teamClient = await clientOf(team);
          if (teamClient) await send(teamClient, queue.owner, ownerDigestMessage(part, digest.asOf));
        }
      }
      if (skipped.length > 0) logger.info({ owners: skipped }, 'the weekly digest skipped owners who are not Slack users (owners from files or the command line)');

      if (deps.digestChannel) {
        if (home) await send(client, deps.digestChannel, helpDeskDigestMessage(lore.upkeep.digest({ asOf, workspace: workspaceOf(home) })));
        else failures.push(new Error('the help desk digest needs the bot token of the workspace its channel is in'));
      }
      if (sent === 0 && failures.length > 0) {
        throw new Error('none of the weekly digest could be sent; the next tick tries again', { cause: failures[0] });
      }
    },
  };
}

function teamOf(workspace: string): string | undefined {
  return workspace.startsWith('slack:') ? workspace.slice('slack:'.length) : undefined;
}

/** An owner's queue split by Slack team (the shared base counts as the token's team); other platforms' items left out. */
function slackParts(queue: OwnerQueue, home: string | undefined): Map<string, OwnerQueue> {
  const parts = new Map<string, OwnerQueue>();
  const partOf = (workspace: string) => {
    const team = workspace === SHARED_WORKSPACE ? home : teamOf(workspace);
    if (!team) return undefined;
    let part = parts.get(team);
    if (!part) parts.set(team, (part = { owner: queue.owner, stale: [], failing: [], gaps: [] }));
    return part;
  };
  for (const article of queue.stale) partOf(article.workspace)?.stale.push(article);
  for (const article of queue.failing) partOf(article.workspace)?.failing.push(article);
  for (const gap of queue.gaps) partOf(gap.workspace)?.gaps.push(gap);
  return parts;
}

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

function isGone(error: unknown): boolean {
  return GONE.has(slackError(error) ?? '');
}
