import type { App, BlockButtonAction, webApi } from '@slack/bolt';
import { isLoreError, type VoteOutcome, type VoteValue } from '../../src/index';
import { ACTIONS, decodeValue, voteValue } from './action-values';
import { type HandlerDeps, workspaceOf } from './handler-deps';
import { safeText } from './mrkdwn';
import { plain } from './ask-handlers';
import { renderAlternatives } from './render-reply';
import { actionEnvelope, eventEnvelope, reactionEvent, teamOfAction } from './slack-events';
import { tellPrivately } from './tell-privately';

/** Reactions that vote, skin tones aside. */
const REACTION_VOTES = new Map<string, VoteValue>([
  ['+1', 1],
  ['thumbsup', 1],
  ['-1', -1],
  ['thumbsdown', -1],
]);

function reactionVote(name: string): VoteValue | undefined {
  return REACTION_VOTES.get(name.split('::')[0] ?? name);
}

interface Ballot {
  team: string;
  voter: string;
  questionId: number;
  articleId: string;
  value: VoteValue;
}

type Counted = { ok: true; outcome: VoteOutcome; title: string } | { ok: false; message: string };

/**
 * Votes: the 👍 Helpful / 👎 Not helpful buttons on an answer, and 👍 / 👎 reactions on
 * Lore's answer message. One vote per person per answer: the same vote again changes
 * nothing (and a retried click or reaction counts once), the other one changes it.
 */
export function registerVoting(app: App, deps: HandlerDeps): void {
  const { lore } = deps;

  for (const [actionId, value] of [
    [ACTIONS.helpful, 1],
    [ACTIONS.notHelpful, -1],
  ] as const) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client, respond }) => {
      const envelope = actionEnvelope.safeParse(body);
      const ballot = decodeValue(voteValue, action.value);
      const team = envelope.success ? teamOfAction(envelope.data) : undefined;
      if (!envelope.success || !ballot || !team) {
        await ack();
        return deps.logger.warn({ actionId }, 'ignored a malformed vote');
      }
      // Acknowledged only once the vote is committed: a click Slack saw acknowledged survives a crash,
      // and a vote that failed to be written is left for Slack to retry. Writing it takes milliseconds.
      const counted = cast({ team, voter: envelope.data.user.id, questionId: ballot.q, articleId: ballot.a, value });
      await ack();
      const message = !counted.ok
        ? plain(counted.message)
        : value < 0 && counted.outcome !== 'unchanged'
          ? renderAlternatives(ballot.q, alternatives(team, ballot.o))
          : plain(confirmation(counted.outcome, value, counted.title));
      await tellPrivately(client, respond, envelope.data, message);
    });
  }

  for (const type of ['reaction_added', 'reaction_removed'] as const) {
    app.event(type, async ({ event, body, client, context }) => {
      // Slack's request is answered once the vote is written (see TrackedReceiver), or at the end.
      const acknowledge = typeof context.acknowledge === 'function' ? (context.acknowledge as () => Promise<void>) : async () => undefined;
      const envelope = eventEnvelope.safeParse(body);
      const parsed = reactionEvent.safeParse(event);
      if (!envelope.success || !parsed.success) return;
      const { user, reaction, item, item_user: author } = parsed.data;
      // Only reactions on Lore's own messages can be votes; the rest cost nothing to ignore.
      if (author && context.botUserId && author !== context.botUserId) return;
      let value = reactionVote(reaction);
      if (value === undefined) return;
      const team = envelope.data.team_id;
      const answer = await deps.answers.find(client, team, item.channel, item.ts);
      if (!answer) return;
      if (type === 'reaction_removed') {
        // Lore keeps a person's latest vote; taking one reaction back leaves the other, if any, as the vote,
        // and taking back the only one withdraws the vote.
        const removed = value;
        value = await remainingVote(client, item, user);
        if (value === undefined) {
          const asked = lore.votes.question(answer.questionId);
          if (asked?.workspace === workspaceOf(team)) {
            lore.feedback.withdraw({ questionId: answer.questionId, articleId: answer.articleId, voter: user, value: removed });
          }
          return void (await acknowledge());
        }
      }
      const counted = cast({ team, voter: user, questionId: answer.questionId, articleId: answer.articleId, value });
      await acknowledge();
      if (!counted.ok || counted.outcome === 'unchanged') return;
      const thanks = `${value > 0 ? '👍' : '👎'} Thanks, your vote on “${safeText(counted.title)}” is counted.`;
      await client.chat.postEphemeral({ channel: item.channel, user, ...(answer.threadTs ? { thread_ts: answer.threadTs } : {}), ...plain(thanks) });
    });
  }

  function cast(ballot: Ballot): Counted {
    const asked = lore.votes.question(ballot.questionId);
    if (!asked || asked.workspace !== workspaceOf(ballot.team)) return { ok: false, message: 'That answer is not from this workspace, so the vote was not counted.' };
    try {
      const { outcome } = lore.feedback.vote({ questionId: ballot.questionId, articleId: ballot.articleId, voter: ballot.voter, value: ballot.value });
      return { ok: true, outcome, title: lore.knowledge.get(ballot.articleId)?.title ?? ballot.articleId };
    } catch (error) {
      if (!isLoreError(error)) throw error;
      return { ok: false, message: `The vote was not counted: ${safeText(error.message)}` };
    }
  }

  /** The other candidates an answer listed, as far as this workspace may see them. */
  function alternatives(team: string, ids: readonly string[]): Array<{ title: string; sourceUrl: string | null }> {
    return ids
      .map((id) => lore.knowledge.get(id))
      .filter((article) => article !== undefined && article.status === 'published' && (article.workspace === '' || article.workspace === workspaceOf(team)))
      .map((article) => ({ title: article!.title, sourceUrl: article!.sourceUrl }));
  }
}

/** The vote a person's reactions still express after one was removed, if exactly one kind is left. */
async function remainingVote(client: webApi.WebClient, item: { channel: string; ts: string }, user: string): Promise<VoteValue | undefined> {
  const found = await client.reactions.get({ channel: item.channel, timestamp: item.ts, full: true });
  const values = new Set<VoteValue>();
  for (const reaction of found.message?.reactions ?? []) {
    const value = reactionVote(reaction.name ?? '');
    if (value !== undefined && reaction.users?.includes(user)) values.add(value);
  }
  return values.size === 1 ? [...values][0] : undefined;
}

function confirmation(outcome: VoteOutcome, value: VoteValue, title: string): string {
  const name = `“${safeText(title)}”`;
  if (outcome === 'unchanged') return `You had already marked ${name} ${value > 0 ? 'helpful' : 'not helpful'}; your vote stands.`;
  return value > 0 ? `👍 Thanks! ${name} will come first for questions like yours.` : `👎 Thanks, noted for ${name}.`;
}
