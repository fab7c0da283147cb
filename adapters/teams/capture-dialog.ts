import type { MessagingExtensionAction, MessagingExtensionActionResponse } from 'botbuilder';
import { z } from 'zod';
import { type CaptureResult, isLoreError, type Lore, teamsHtmlToMarkdown } from '../../src/index';
import { parseTags } from '../common/parse-tags';
import { captureInputs, cardAction } from './card-actions';
import { type AdaptiveCard, asAttachment, type CaptureDraftFields, captureDialogCard, cardText, duplicateDialogCard } from './cards';
import { type Actor, PLATFORM, threadOf } from './teams-activity';

/** The message action's command id, as in manifest/teams/manifest.json. */
export const CAPTURE_COMMAND_ID = 'captureAnswer';

/** A message that Teams chose for a message action. */
const messagePayloadShape = z.object({
  id: z.string().min(1),
  createdDateTime: z.string().optional(),
  linkToMessage: z.string().optional(),
  body: z.object({ contentType: z.string().optional(), content: z.string().default('') }).optional(),
  from: z
    .object({
      user: z.object({ id: z.string().optional(), displayName: z.string().optional() }).nullish(),
      application: z.object({ id: z.string().optional(), displayName: z.string().optional() }).nullish(),
    })
    .nullish(),
});

/** The message action's first step: the dialog, prefilled from the chosen message and the question asked in its thread. */
export function openCaptureDialog(lore: Lore, actor: Actor | undefined, action: MessagingExtensionAction): MessagingExtensionActionResponse {
  if (!actor) return taskMessage('I can’t tell which organisation this is, so I can’t capture here.');
  if (action.commandId !== CAPTURE_COMMAND_ID) return taskMessage('Lore does not know that command.');
  const message = messagePayloadShape.safeParse(action.messagePayload);
  if (!message.success) return taskMessage('Choose a message to capture, with ••• › Capture as article on it.');
  // The question the chosen message answered: the last one asked in the chat before it was posted (not a later one),
  // and not the message itself when it was sent to Lore as well.
  const question = lore.questions.latestIn(actor.workspace, actor.activity.conversation.id, { before: timeOf(message.data.createdDateTime), not: plainTextOf(message.data) });
  const draft = draftFrom(message.data, question ?? '');
  const problem = draft.answer ? undefined : 'That message has no text to keep; type the answer here.';
  return dialog(captureDialogCard(draft, problem));
}

/** The dialog's submit: creates, merges or drafts the article, or asks again; answered within Teams' 5 seconds. */
export function submitCaptureDialog(lore: Lore, actor: Actor | undefined, action: MessagingExtensionAction): MessagingExtensionActionResponse {
  if (!actor) return taskMessage('I can’t tell which organisation this is, so nothing was captured.');
  if (action.commandId !== CAPTURE_COMMAND_ID) return taskMessage('Lore does not know that command.');
  const message = messagePayloadShape.safeParse(action.messagePayload);
  const submitted = cardAction.safeParse(action.data);
  const inputs = captureInputs.safeParse(action.data ?? {});
  if (!message.success) return taskMessage('Choose a message to capture, with ••• › Capture as article on it.');
  const author = authorOf(message.data);
  if (!inputs.success) return dialog(captureDialogCard({ ...draftFrom(message.data, ''), author }, inputs.error.issues[0]?.message));
  const draft: CaptureDraftFields = { ...inputs.data, ...(author ? { author } : {}) };
  if (!draft.question || !draft.answer) return dialog(captureDialogCard(draft, 'Fill in both the question and the answer.'));

  const choice = submitted.success && submitted.data.lore === 'capture' ? submitted.data : undefined;
  let result: CaptureResult;
  try {
    result = lore.capturer.capture({
      workspace: actor.workspace,
      platform: PLATFORM,
      question: draft.question,
      answer: draft.answer,
      format: 'markdown',
      botNames: ['lore', ...(actor.activity.recipient?.name ? [actor.activity.recipient.name] : [])],
      answerAuthor: author ?? null,
      capturedBy: actor.person,
      sourceUrl: httpsUrl(message.data.linkToMessage),
      sourceAt: timeOf(message.data.createdDateTime),
      dedupeKey: `${PLATFORM}:${actor.workspace}:${threadOf(actor.activity.conversation.id)}:${message.data.id}`,
      tags: parseTags(draft.tags),
      onDuplicate: choice?.choice ?? 'ask',
      ...(choice?.mergeInto && choice.choice !== 'new' ? { mergeInto: choice.mergeInto } : {}),
    });
  } catch (error) {
    if (!isLoreError(error)) throw error;
    return dialog(captureDialogCard(draft, cardText(error.message, 300)));
  }
  if (result.action === 'duplicate') return dialog(duplicateDialogCard(draft, { id: result.article.id, title: result.article.title, confidence: result.confidence }));
  return taskMessage(captureConfirmation(result));
}

function draftFrom(message: z.infer<typeof messagePayloadShape>, question: string): CaptureDraftFields {
  const content = message.body?.content ?? '';
  const answer = message.body?.contentType === 'text' ? content.trim() : teamsHtmlToMarkdown(content).trim();
  const author = authorOf(message);
  return { question, answer, tags: '', ...(author ? { author } : {}) };
}

/** The message as Teams sends its text to a bot (tags dropped, mentions as names): how it was logged if it was asked. */
function plainTextOf(message: z.infer<typeof messagePayloadShape>): string {
  return (message.body?.content ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function authorOf(message: z.infer<typeof messagePayloadShape>): string | undefined {
  return message.from?.user?.displayName ?? message.from?.application?.displayName ?? undefined;
}

function captureConfirmation(result: Exclude<CaptureResult, { action: 'duplicate' }>): string {
  const title = `“${cardText(result.article.title, 200)}”`;
  if (result.repeated) return `That answer was captured before, as ${title}; nothing new was written.`;
  if (result.action === 'draft') return `📝 Saved ${title} as a draft; an editor will publish it.`;
  if (result.action === 'merged') return `✅ Added to ${title}. Thanks for keeping it up to date!`;
  return `✅ Captured ${title} as an article. Lore will answer with it from now on.`;
}

function dialog(card: AdaptiveCard): MessagingExtensionActionResponse {
  return { task: { type: 'continue', value: { title: 'Capture as article', height: 'large', width: 'medium', card: asAttachment(card) } } };
}

function taskMessage(text: string): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: text } };
}

function httpsUrl(url: string | undefined): string | null {
  return url && /^https:\/\/[^\s]+$/i.test(url) ? url : null;
}

function timeOf(iso: string | undefined): number | null {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : null;
}

