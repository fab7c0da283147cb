import { z } from 'zod';

/** Action ids of Lore's buttons; Slack sends them back on a click. */
export const ACTIONS = {
  helpful: 'lore_vote_up',
  notHelpful: 'lore_vote_down',
  askExpert: 'lore_ask_expert',
  share: 'lore_share',
  captureReply: 'lore_capture_reply',
  /** Prefix of the three choices offered when a capture duplicates an article: `_merge`, `_append`, `_new`. */
  captureChoice: 'lore_capture_choice',
  /** "Show the whole article" under an answer, and the page buttons in the article's modal. */
  showArticle: 'lore_show_article',
  articlePage: 'lore_article_page',
} as const;

/** Matches the action ids of the three capture choices. */
export const CAPTURE_CHOICE_ACTION = /^lore_capture_choice_(merge|append|new)$/;

/** Callback ids of the message shortcut and the modals. */
export const CALLBACKS = {
  captureShortcut: 'capture_answer',
  captureModal: 'lore_capture_modal',
  articleModal: 'lore_article_modal',
} as const;

/** Event type of the metadata on Lore's answers, so reactions find what they vote on. */
export const ANSWER_METADATA_TYPE = 'lore_answer';

const articleId = z.string().min(1).max(200);
const slackId = z.string().regex(/^[A-Z0-9]{2,30}$/);
const slackTs = z.string().regex(/^\d{1,12}\.\d{1,8}$/);

/** A vote button: the question, the article voted on, and the other candidates shown. */
export const voteValue = z.object({ q: z.number().int().positive(), a: articleId, o: z.array(articleId).max(2).default([]) });
export type VoteValue = z.infer<typeof voteValue>;

/** A button about a whole answer (Ask an expert, Share in channel). */
export const questionValue = z.object({ q: z.number().int().positive() });
export type QuestionValue = z.infer<typeof questionValue>;

/** "Show the whole article": which article. Who may read it is decided on the click, from the team and channel Slack names. */
export const showArticleValue = z.object({ a: articleId });

/** A page button in the article's modal. */
export const articlePageValue = z.object({ p: z.number().int().min(0).max(1000) });

/** What the article's modal remembers (its private_metadata): the article and the channel it was opened from. */
export const articleModalState = z.object({ a: articleId, c: slackId.optional() });

/** Where a message is: its channel, its ts, and the thread it is in (its own ts when none). */
export const messageRef = z.object({ c: slackId, t: slackTs, th: slackTs });
export type MessageRef = z.infer<typeof messageRef>;

/** The one-click capture offered to someone who answered a question Lore could not. */
export const captureReplyValue = messageRef.extend({ q: z.number().int().positive() });
export type CaptureReplyValue = z.infer<typeof captureReplyValue>;

/** A choice offered when a capture's question is already answered by an article. */
export const captureChoiceValue = messageRef.extend({ a: articleId, d: z.enum(['merge', 'append', 'new']), q: z.string().max(1500).optional() });
export type CaptureChoiceValue = z.infer<typeof captureChoiceValue>;

/** What the capture modal remembers between opening and submission (its private_metadata). */
export const captureModalState = messageRef.extend({
  /** The answer's author, by name. */
  author: z.string().max(200).optional(),
  /** A link to the answer's message. */
  url: z.string().max(1000).optional(),
  /** The article that already answers the question, once the person was offered it. */
  mergeInto: articleId.optional(),
  /** The answer is too long for the form: it is read again from Slack and kept whole. */
  whole: z.literal(true).optional(),
});
export type CaptureModalState = z.infer<typeof captureModalState>;

/** The metadata Lore puts on each answer it posts. */
export const answerMetadata = z.object({ question_id: z.number().int().positive(), article_id: articleId });

/** Encodes a button value (Slack allows 2,000 characters; these stay far below). */
export function encodeValue(value: object): string {
  return JSON.stringify(value);
}

/** Decodes a button value with its schema; `undefined` for anything else. */
export function decodeValue<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  if (!value || value.length > 2000) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
