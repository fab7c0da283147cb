/**
 * Chat that asks nothing: "thanks!", "hi", "ok great", "bye". People say it to a bot in a
 * direct message as they would to a colleague; searched as a question, "thanks" found the
 * vacation article's "thanksgiving", and "hi", answered with "I don't know that one yet",
 * was logged as a gap for someone to write an article about.
 */
export type SmallTalkKind = 'thanks' | 'farewell' | 'greeting' | 'acknowledgement';

export interface SmallTalk {
  kind: SmallTalkKind;
  /** What Lore says back, the same on every platform. */
  reply: string;
}

/** The words that make a message small talk of each kind; the first kind found wins ("ok thanks, bye" is thanks). Slack writes emoji as names (`:pray:`). */
const CUES: ReadonlyArray<[SmallTalkKind, readonly string[]]> = [
  ['thanks', ['thanks', 'thank', 'thx', 'thnx', 'tnx', 'ty', 'tyvm', 'cheers', 'appreciated', 'appreciate', 'merci', 'danke', 'gracias', '🙏', 'pray']],
  ['farewell', ['bye', 'goodbye', 'byebye', 'cya', 'ciao', 'goodnight', 'later', '👋', 'wave']],
  ['greeting', ['hi', 'hello', 'hey', 'hiya', 'heya', 'howdy', 'yo', 'greetings', 'morning', 'afternoon', 'evening', 'hallo', 'hola']],
  [
    'acknowledgement',
    [
      'ok', 'okay', 'k', 'kk', 'okie', 'cool', 'great', 'perfect', 'nice', 'awesome', 'excellent', 'brilliant', 'super', 'sure', 'alright',
      'understood', 'noted', 'gotcha', 'sweet', 'lovely', 'wonderful', 'fantastic', '👍', '👌', '🙂', '😊', 'thumbsup', 'ok_hand',
      'slightly_smiling_face', 'smile', 'blush', 'raised_hands', 'tada',
    ],
  ],
];
const KIND_OF_CUE = new Map(CUES.flatMap(([kind, words]) => words.map((word) => [word, kind] as const)));
const PRECEDENCE = new Map(CUES.map(([kind], i) => [kind, i]));

/** Words that may go with a cue without making the message a question: "thank you so much for the help". */
const FILLER = new Set([
  'a', 'again', 'ah', 'all', 'and', 'are', 'bot', 'buddy', 'bunch', 'day', 'dear', 'everyone', 'folks', 'for', 'friend', 'good',
  'got', 'guys', 'have', 'heaps', 'help', 'helped', 'helpful', 'helps', 'i', "i'll", 'in', 'indeed', 'is', 'it', "it's", 'its',
  'just', 'lore', 'lot', 'lots', 'man', 'many', 'mate', 'me', 'much', 'my', 'now', 'oh', 'one', 'really', 'see', 'so', 'team',
  'that', "that's", 'thats', 'the', 'then', 'there', 'this', 'to', 'tons', 'too', 'u', 'very', 'was', 'will', 'work', 'worked',
  'works', 'wow', 'ya', 'yeah', 'yep', 'yes', 'you', 'your',
]);

/** Longest message taken for small talk: a longer one says something. */
const MAX_WORDS = 8;

const REPLIES: Record<SmallTalkKind, string> = {
  thanks: "You're welcome! Ask me anything else any time.",
  farewell: "Bye! I'm here whenever you have a question.",
  greeting: "Hi! Ask me a question and I'll find the answer in the knowledge base.",
  acknowledgement: '👍 Ask me anything else any time.',
};

/** The kind of small talk a message is, or undefined when it says or asks anything else. */
export function smallTalkOf(message: string): SmallTalk | undefined {
  const words = message
    .toLowerCase()
    .replace(/:skin-tone-\d:/g, ' ')
    .replace(/:(?:\+1|thumbsup):|\+1\b/g, ' thumbsup ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘]/g, "'")
    .match(/[\p{L}\p{N}'_]+|\p{Extended_Pictographic}/gu);
  if (!words || words.length > MAX_WORDS) return undefined;
  let kind: SmallTalkKind | undefined;
  for (const word of words) {
    const cue = KIND_OF_CUE.get(word);
    if (!cue) {
      if (!FILLER.has(word)) return undefined;
    } else if (!kind || PRECEDENCE.get(cue)! < PRECEDENCE.get(kind)!) kind = cue;
  }
  return kind ? { kind, reply: REPLIES[kind] } : undefined;
}
