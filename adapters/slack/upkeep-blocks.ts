import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Digest, FailingArticle, Gap, Notice, OwnerQueue, StaleArticle } from '../../src/index';
import { encodeValue } from './action-values';
import { fitMrkdwn, safeText } from './mrkdwn';
import type { SlackMessage } from './render-reply';
import { section } from './render-reply';

type KnownBlock = types.KnownBlock;

/** Action id of the Verify button on stale and failing articles. */
export const VERIFY_ACTION = 'lore_verify';
/** A Verify button's value: the article. */
export const verifyValue = z.object({ a: z.string().min(1).max(200) });

/** How many of each list a message shows (Slack allows 50 blocks in a message). */
export const LISTED = 10;

/** A Slack user id as owners captured in Slack are recorded. */
const SLACK_USER = /^[UW][A-Z0-9]{2,30}$/;

/** True when an owner is a Slack user id (owners from files or the command line are free text). */
export function isSlackUser(owner: string | null | undefined): owner is string {
  return owner !== null && owner !== undefined && SLACK_USER.test(owner);
}

/**
 * An owner as shown: a Slack user as a mention where mentions notify nobody (ephemeral
 * messages, App Home), as the bare id elsewhere; anything else as safe text.
 */
export function ownerLabel(owner: string | null, mentions: boolean): string {
  if (!owner) return '_nobody_';
  if (mentions && isSlackUser(owner)) return `<@${owner}>`;
  return safeText(owner);
}

export interface ReviewViewer {
  /** Whether the viewer may verify an article with this owner (its owner, or an editor). */
  mayVerify(owner: string | null): boolean;
  /** Owners as mentions (only where that notifies nobody). */
  mentions: boolean;
}

/** Stale and failing articles, each with its owner and, for those the viewer may verify, a Verify button. */
export function reviewBlocks(review: { stale: StaleArticle[]; failing: FailingArticle[] }, viewer: ReviewViewer): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const item = (article: { id: string; title: string; owner: string | null }, line: string): KnownBlock => {
    const text = fitMrkdwn(`*${safeText(article.title)}* (\`${safeText(article.id)}\`)\n${line} · owner ${ownerLabel(article.owner, viewer.mentions)}`);
    if (!viewer.mayVerify(article.owner)) return section(text);
    return { type: 'section', text: { type: 'mrkdwn', text }, accessory: verifyButton(article.id) };
  };
  blocks.push(section(`*Due for review* (${review.stale.length})`));
  if (review.stale.length === 0) blocks.push(section('Nothing is overdue.'));
  for (const a of review.stale.slice(0, LISTED)) blocks.push(item(a, `due ${a.due}, ${a.overdueDays} ${a.overdueDays === 1 ? 'day' : 'days'} overdue`));
  blocks.push(section(`*Failing* (${review.failing.length})`));
  if (review.failing.length === 0) blocks.push(section('No article is failing the people it reaches.'));
  for (const a of review.failing.slice(0, LISTED)) blocks.push(item(a, `👍 ${a.up} · 👎 ${a.down}`));
  return blocks;
}

/** The top gaps: topic, how many asked, examples, owner and due date. */
export function gapsBlocks(gaps: Gap[], mentions: boolean): KnownBlock[] {
  if (gaps.length === 0) return [section('No gaps: every question of the last 90 days got an answer that nobody turned down.')];
  return gaps.slice(0, LISTED).map((gap) => {
    const examples = gap.examples.slice(0, 3).map((example) => `“${safeText(example)}”`).join(', ');
    const people = `${gap.count} ${gap.count === 1 ? 'person' : 'people'} asked`;
    return section(fitMrkdwn(`*${safeText(gap.topic)}*: ${people}, last on ${gap.lastAsked} · owner ${ownerLabel(gap.owner, mentions)} · due ${gap.due}\ne.g. ${examples}`));
  });
}

function verifyButton(articleId: string): types.Button {
  return { type: 'button', action_id: VERIFY_ACTION, text: { type: 'plain_text', text: 'Verify' }, value: encodeValue({ a: articleId }) };
}

/** A correction notice: the core's note, made safe (the title in it is user content). */
export function noticeMessage(notice: Notice): SlackMessage {
  const text = `🔁 ${safeText(notice.text)}`;
  return { text, blocks: [section(text)] };
}

/** One owner's part of the weekly digest, sent to them privately (mentions are fine in a DM to themselves). */
export function ownerDigestMessage(queue: OwnerQueue, asOf: string): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Your Lore queue this week (${asOf})` } },
    ...reviewBlocks(queue, { mayVerify: () => true, mentions: false }),
  ];
  if (queue.gaps.length > 0) blocks.push(section(`*Questions to answer* (${queue.gaps.length})`), ...gapsBlocks(queue.gaps, false));
  const text = `Your Lore queue: ${queue.stale.length} due for review, ${queue.failing.length} failing, ${queue.gaps.length} unanswered topics.`;
  return { text, blocks };
}

/** The help-desk channel's part: top gaps and last week's figures. Owners are never mentioned: a channel post would notify them. */
export function helpDeskDigestMessage(digest: Digest): SlackMessage {
  const week = digest.helpDesk.lastWeek;
  const figures = week && week.questions > 0
    ? `Week ${week.week}: ${week.questions} questions, ${Math.round((week.answerRate ?? 0) * 100)}% answered${week.helpfulness === null ? '' : `, ${Math.round(week.helpfulness * 100)}% helpful`}.`
    : 'No questions last week.';
  const rising = digest.helpDesk.rising.map((r) => `• ${safeText(r.topic)}: ${r.recent} questions since Monday${r.factor ? ` (×${r.factor})` : ''}`).join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Lore weekly digest (${digest.asOf})` } },
    section(figures),
    ...(rising ? [section(`*Rising*\n${rising}`)] : []),
    section('*Top gaps*'),
    ...gapsBlocks(digest.helpDesk.gaps, false),
  ];
  return { text: `Lore weekly digest: ${figures}`, blocks };
}
