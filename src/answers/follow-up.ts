import { wordVectors } from '../ranking/word-vectors';
import { analyzeQuery } from '../search/analyzer';

/**
 * Openings that carry on from what was said before: "and on a Mac?", "what about…",
 * "still…". "it…" and "that…" are left out: "that worked!" is no question.
 */
const CARRIES_ON = /^(?:and|but|also|or|so|ok(?:ay)?,? and|what about|how about|what if|same|still|again|tried|nope|no luck)\b/i;
/** "that worked!", "fixed it": the thread's question is answered, nothing more is asked. */
const RESOLVED = /\b(?:worked|works(?: now)?|working now|fixed|solved|sorted|resolved)\b/i;
const NEGATED = /\b(?:not|no|never|still|nope)\b|n['’]?t\b/i;
/** A message of at most this many search terms may say too little to stand alone. */
const FEW_TERMS = 2;
/**
 * A term at least this rare in English names a topic of its own ("desk" 0.79, "printer"
 * 0.96); the words of "still broken" (0.31, 0.65) or "same problem" (0.49) do not.
 */
const TELLING_RARITY = 0.7;

/** What the decision looks at: the message and how confidently it is answered alone and read with the thread's question. */
export interface FollowUpEvidence {
  message: string;
  /** Confidence of the best answer to the message alone, 0 to 1. */
  alone: number;
  /** Confidence of the best answer to the thread's question and the message together. */
  withContext: number;
  /** The confidence from which Lore answers. */
  minConfidence: number;
  /** Whether the best answer read with the thread's question holds the message's most telling word. */
  answerHoldsMessageWords: boolean;
}

/**
 * Whether a message in a thread where Lore answered goes on from the thread's question
 * ("still broken", "what about on a Mac?") rather than asking something new: it opens
 * with words that carry on, it has no telling word of its own, or its words find a
 * confident answer only with the thread's question (an answer that holds its most telling
 * word). Saying it worked is no follow-up. A question that stands on its own
 * ("how do I book a desk?") is read alone.
 */
export function readsAsFollowUp(evidence: FollowUpEvidence): boolean {
  const message = evidence.message.trim();
  if (RESOLVED.test(message) && !NEGATED.test(message)) return false;
  if (CARRIES_ON.test(message)) return true;
  if (saysLittle(message)) return true;
  // The earlier question alone would find that answer: it must owe something to the message.
  return evidence.alone < evidence.minConfidence && evidence.withContext >= evidence.minConfidence && evidence.answerHoldsMessageWords;
}

/** Few words, none of them naming a topic. */
function saysLittle(message: string): boolean {
  const terms = analyzeQuery(message);
  if (terms.length === 0 || terms.length > FEW_TERMS) return false;
  const vectors = wordVectors();
  // Without the word list nothing can be judged everyday; such a message is read alone.
  if (!vectors) return false;
  return terms.every((term) => {
    const id = vectors.idOf(term);
    return id >= 0 && vectors.rarityOf(id) < TELLING_RARITY;
  });
}

/** The text searched for a follow-up: the thread's question, then the message. */
export function withContext(previous: string, message: string, maxLength: number): string {
  const tail = ` — ${message}`;
  const room = Math.max(0, maxLength - tail.length);
  // The earlier question's end is kept: in a chain of follow-ups it holds the latest ones.
  const head = previous.length <= room ? previous : previous.slice(previous.length - room);
  return `${head}${tail}`.slice(0, maxLength);
}
