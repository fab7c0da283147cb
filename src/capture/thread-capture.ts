import type { CaptureFormat, CaptureRequest } from './capturer';

/** One message of a chat thread, as an adapter reads it from its platform. */
export interface ThreadMessage {
  /** The platform's id for the message (Slack `ts`, Teams activity id). */
  id: string;
  author: string;
  /** When it was written (ms). */
  at: number;
  text: string;
  permalink?: string | null;
  /** Written by a bot (Lore's own replies among them): never the answer to keep. */
  bot?: boolean;
}

/** A thread: its first message (usually the question) and the replies. */
export interface Thread {
  root: ThreadMessage;
  replies: readonly ThreadMessage[];
  format: CaptureFormat;
}

/**
 * What to capture from a thread: the root message is the question, the chosen message
 * the answer, attributed to its author and linked to it. The chosen message must be in
 * the thread; choosing the root itself keeps a question that answers itself.
 */
export function captureFromThread(
  thread: Thread,
  chosenId: string,
  context: { workspace: string; platform: string; capturedBy: string; title?: string; tags?: string[] },
): CaptureRequest {
  const chosen = [thread.root, ...thread.replies].find((message) => message.id === chosenId);
  if (!chosen) throw new RangeError(`message ${chosenId} is not in the thread`);
  return {
    workspace: context.workspace,
    platform: context.platform,
    question: thread.root.text,
    answer: chosen.text,
    format: thread.format,
    title: context.title,
    tags: context.tags,
    answerAuthor: chosen.author,
    capturedBy: context.capturedBy,
    sourceUrl: chosen.permalink ?? null,
    sourceAt: chosen.at,
    dedupeKey: `${context.platform}:${context.workspace}:${chosen.id}`,
  };
}

/**
 * The reply most likely to be the answer, for "@lore capture" typed in a thread: the
 * longest reply by a person other than the asker, skipping bots (Lore's own "I don't
 * know" is often the longest), the capture command itself and thanks; undefined when
 * nobody else replied.
 */
export function bestAnswer(thread: Thread, isCommand: (message: ThreadMessage) => boolean): ThreadMessage | undefined {
  const candidates = thread.replies.filter(
    (message) => !message.bot && message.author !== thread.root.author && !isCommand(message) && !/^\s*(thanks|thank you|thx|ty)\b/i.test(message.text),
  );
  return candidates.reduce<ThreadMessage | undefined>((best, message) => (!best || message.text.length > best.text.length ? message : best), undefined);
}
