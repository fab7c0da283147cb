import { z } from 'zod';
import { type Digest, type Editors, type FailingArticle, type Gap, type Lore, type Notice, type OwnerQueue, SHARED_WORKSPACE, type StaleArticle } from '../../src/index';
import { type AdaptiveCard, card, cardText, type Element, execute, richText, run, textBlock } from './cards';
import { PLATFORM } from './teams-activity';
/** The verb of the Verify button, a universal action. */
export const VERIFY_VERB = 'verify';
/** What a Verify click carries (Action.Execute `data`, or an Action.Submit message's `value`). */
export const verifyAction = z.object({ lore: z.literal('verify'), article: z.string().min(1).max(200) });

/** The text commands that show the upkeep queues. */
export const UPKEEP_COMMANDS = ['review', 'gaps'] as const;
export type UpkeepCommand = (typeof UPKEEP_COMMANDS)[number];

/** True for `review` and `gaps`, as typed to Lore. */
export function isUpkeepCommand(text: string): text is UpkeepCommand {
  return (UPKEEP_COMMANDS as readonly string[]).includes(text);
}

/** Who is looking, in which tenant's workspace. */
export interface TeamsViewer {
  workspace: string;
  /** As the bot records people: the Entra object id when Teams sends it. */
  person: string;
  isEditor: boolean;
}

/** How many of each list a card shows. */
const LISTED = 10;

/** `review` or `gaps`: the viewer's workspace's queue as a card. */
export function upkeepCommandCard(command: UpkeepCommand, lore: Lore, viewer: TeamsViewer): AdaptiveCard {
  if (command === 'gaps') return gapsCard(lore.upkeep.gaps.list({ workspace: viewer.workspace, limit: LISTED }));
  const review = { stale: lore.upkeep.reviews.stale({ workspace: viewer.workspace }), failing: lore.upkeep.reviews.failing({ workspace: viewer.workspace }) };
  return reviewCard(review, (owner) => viewer.isEditor || owner === viewer.person, 'Articles to review');
}

/** Stale and failing articles with their owners; Verify on those the viewer may verify. */
export function reviewCard(review: { stale: StaleArticle[]; failing: FailingArticle[] }, mayVerify: (owner: string | null) => boolean, heading: string): AdaptiveCard {
  const body: Element[] = [textBlock(heading, { weight: 'Bolder', size: 'Medium' }), ...reviewElements(review, mayVerify)];
  return card(body, `${heading}: ${review.stale.length} due for review, ${review.failing.length} failing`);
}

function reviewElements(review: { stale: StaleArticle[]; failing: FailingArticle[] }, mayVerify: (owner: string | null) => boolean): Element[] {
  const item = (article: { id: string; title: string; owner: string | null }, line: string): Element => ({
    type: 'Container',
    separator: true,
    items: [richText([run(cardText(article.title, 300), { weight: 'Bolder' })]), richText([run(`${line} · owner ${cardText(article.owner ?? 'nobody', 100)}`, { isSubtle: true })])],
  });
  const withVerify = (article: { id: string; title: string; owner: string | null }, line: string): Element[] => {
    const element = item(article, line);
    if (!mayVerify(article.owner)) return [element];
    return [element, { type: 'ActionSet', actions: [execute('Verify', VERIFY_VERB, { lore: 'verify', article: article.id })] }];
  };
  return [
    textBlock(`Due for review (${review.stale.length})`, { weight: 'Bolder', spacing: 'Medium' }),
    ...(review.stale.length === 0 ? [textBlock('Nothing is overdue.')] : []),
    ...review.stale.slice(0, LISTED).flatMap((a) => withVerify(a, `due ${a.due}, ${a.overdueDays} days overdue`)),
    textBlock(`Failing (${review.failing.length})`, { weight: 'Bolder', spacing: 'Medium' }),
    ...(review.failing.length === 0 ? [textBlock('No article is failing the people it reaches.')] : []),
    ...review.failing.slice(0, LISTED).flatMap((a) => withVerify(a, `👍 ${a.up} · 👎 ${a.down}`)),
  ];
}

/** The top gaps: topic, how many asked, examples, owner and due date. */
export function gapsCard(gaps: Gap[]): AdaptiveCard {
  const body: Element[] = [textBlock('What people ask that Lore cannot answer yet', { weight: 'Bolder', size: 'Medium' }), ...gapElements(gaps)];
  return card(body, `${gaps.length} unanswered topics`);
}

function gapElements(gaps: Gap[]): Element[] {
  if (gaps.length === 0) return [textBlock('No gaps: every question of the last 90 days got an answer that nobody turned down.')];
  return gaps.slice(0, LISTED).map((gap) => ({
    type: 'Container',
    separator: true,
    items: [
      richText([run(cardText(gap.topic, 200), { weight: 'Bolder' }), run(`: ${gap.count} ${gap.count === 1 ? 'person' : 'people'} asked, last on ${gap.lastAsked}`)]),
      richText([run(`owner ${cardText(gap.owner ?? 'nobody', 100)} · due ${gap.due}`, { isSubtle: true })]),
      richText([run(`e.g. ${gap.examples.slice(0, 3).map((example) => `“${cardText(example, 200)}”`).join(', ')}`, { isSubtle: true })]),
    ],
  }));
}

/** A Verify click: recorded when the person owns the article or is an editor; the card says what happened. */
export function verifyCard(lore: Lore, editors: Editors, viewer: Omit<TeamsViewer, 'isEditor'>, data: z.infer<typeof verifyAction>): AdaptiveCard {
  const article = lore.knowledge.get(data.article);
  if (!article || article.status !== 'published' || (article.workspace !== viewer.workspace && article.workspace !== SHARED_WORKSPACE)) {
    return notice('That article is not in this organisation’s base any more, so nothing was recorded.');
  }
  const owner = lore.upkeep.owners.ownerOf(article);
  if (owner !== viewer.person && !editors.includes(viewer.person, PLATFORM)) {
    return card([richText([run('Only the owner of '), run(cardText(article.title, 200), { weight: 'Bolder' }), run(' or an editor can verify it.')])], 'Only the owner or an editor can verify it.');
  }
  lore.upkeep.reviews.verify(article.id, viewer.person);
  return card([richText([run('✅ Verified '), run(cardText(article.title, 200), { weight: 'Bolder' }), run(': thanks! Its review clock starts again today.')])], 'Verified');
}

/** A correction notice; the title in it is user content, so it goes in a TextRun. */
export function noticeCard(item: Notice): AdaptiveCard {
  return card([richText([run(`🔁 ${cardText(item.text, 600)}`)])], cardText(item.text, 600));
}

/** One owner's part of the weekly digest, for their personal chat. */
export function ownerDigestCard(queue: OwnerQueue, asOf: string): AdaptiveCard {
  const body: Element[] = [textBlock(`Your Lore queue this week (${asOf})`, { weight: 'Bolder', size: 'Medium' }), ...reviewElements(queue, () => true)];
  if (queue.gaps.length > 0) body.push(textBlock(`Questions to answer (${queue.gaps.length})`, { weight: 'Bolder', spacing: 'Medium' }), ...gapElements(queue.gaps));
  return card(body, `Your Lore queue: ${queue.stale.length} due for review, ${queue.failing.length} failing, ${queue.gaps.length} unanswered topics`);
}

/** The help desk's part: last week's figures, rising topics and the top gaps. */
export function helpDeskDigestCard(digest: Digest): AdaptiveCard {
  const week = digest.helpDesk.lastWeek;
  const figures =
    week && week.questions > 0
      ? `Week ${week.week}: ${week.questions} questions, ${Math.round((week.answerRate ?? 0) * 100)}% answered${week.helpfulness === null ? '' : `, ${Math.round(week.helpfulness * 100)}% helpful`}.`
      : 'No questions last week.';
  const body: Element[] = [
    textBlock(`Lore weekly digest (${digest.asOf})`, { weight: 'Bolder', size: 'Medium' }),
    textBlock(figures),
    ...digest.helpDesk.rising.map((r) => richText([run(`Rising: ${cardText(r.topic, 100)}, ${r.recent} questions since Monday${r.factor ? ` (×${r.factor})` : ''}`)])),
    textBlock('Top gaps', { weight: 'Bolder', spacing: 'Medium' }),
    ...gapElements(digest.helpDesk.gaps),
  ];
  return card(body, `Lore weekly digest: ${figures}`);
}

function notice(text: string): AdaptiveCard {
  return card([textBlock(text)], text);
}
