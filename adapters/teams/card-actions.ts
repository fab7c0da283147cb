import { z } from 'zod';

/** The verbs of Lore's universal actions (Action.Execute). */
export const VERBS = { vote: 'vote', expert: 'expert' } as const;

const questionId = z.number().int().positive();
const articleId = z.string().min(1).max(200);

/**
 * What a click on one of Lore's cards carries, with Action.Execute (as `data`) and with
 * Action.Submit (as the message's `value`) alike. A vote names its answer and article
 * itself, so it never depends on which message the card was, or on updating that message.
 */
export const cardAction = z.discriminatedUnion('lore', [
  z.object({ lore: z.literal('vote'), q: questionId, a: articleId, v: z.enum(['up', 'down']), o: z.array(articleId).max(10).default([]) }),
  z.object({ lore: z.literal('expert'), q: questionId }),
  /** "Show the whole article" (a dialog, through task/fetch) and its page buttons (task/submit). Who may read it is decided on the click. */
  z.object({ lore: z.literal('article'), a: articleId, p: z.number().int().min(0).max(1000).default(0) }),
  z.object({
    lore: z.literal('capture'),
    choice: z.enum(['append', 'merge', 'new']).optional(),
    mergeInto: articleId.optional(),
  }),
]);
export type CardAction = z.input<typeof cardAction>;
export type ParsedCardAction = z.output<typeof cardAction>;

/** What the capture dialog submits: its inputs, next to the action's own data. */
export const captureInputs = z.object({
  question: z.string().trim().max(300, 'Keep the question under 300 characters').default(''),
  answer: z.string().trim().max(20_000, 'Keep the answer under 20,000 characters').default(''),
  tags: z.string().max(300).default(''),
});
