import type { SmallTalk } from './small-talk';

/** The question id of a reply to small talk, which nothing was logged for (database ids start at 1). */
export const NOT_LOGGED = 0;

/** A span of a snippet to emphasise: it holds a word of the question. */
export interface Highlight {
  start: number;
  end: number;
}

/** One article offered as an answer. */
export interface RankedArticle {
  id: string;
  title: string;
  /** How likely this article answers the question, 0 to 1. */
  score: number;
  /** Plain text from the article that shows why it matched. */
  snippet: string;
  highlights: Highlight[];
  /**
   * The part of the article that answers, as Markdown (lists, code and links kept, the
   * question's words in bold): several sentences or steps around the best match, at most
   * about a thousand characters. Empty for an article without a body.
   */
  passage: string;
  sourceUrl: string | null;
  owner: string | null;
  author: string | null;
  verifiedAt: number | null;
  verifiedBy: string | null;
  updatedAt: number;
}

/**
 * What `ask` returns and every adapter renders. `answer`: the best article first, then
 * the next candidates. `abstain`: Lore does not know yet; `results` holds the near
 * misses (possibly none), which adapters may offer as "related".
 */
export interface Reply {
  decision: 'answer' | 'abstain';
  /** Id of the logged question, which votes and captures refer to; NOT_LOGGED for small talk. */
  questionId: number;
  question: string;
  /** Confidence that the first result answers the question, 0 to 1. */
  confidence: number;
  results: RankedArticle[];
  /** Set when the top two are too close to call: "did you mean A or B?". */
  didYouMean?: [RankedArticle, RankedArticle];
  /**
   * Set when the message asked nothing ("thanks!", "hi") and the base has no answer for it:
   * adapters say `smallTalk.reply` alone, and the message is not logged as a question.
   */
  smallTalk?: SmallTalk;
  /**
   * Set when the message was read as a follow-up of an earlier question in the same thread
   * ("still broken"): `question` then holds both, and `previous` is the earlier one.
   */
  followUp?: { previous: string; message: string };
  /** Set while Lore is still reading its articles into the index (a first start on a large base): the answer may miss some. */
  loading?: { read: number; total: number };
}

/** What every platform says under a reply given while the index is still being read. */
export function loadingNotice(loading: NonNullable<Reply['loading']>): string {
  const share = Math.floor((100 * loading.read) / Math.max(1, loading.total));
  return `⏳ I'm still reading the knowledge base (${share}% of ${loading.total.toLocaleString('en-US')} articles), so this reply may miss some. Ask again in a minute for the full picture.`;
}
