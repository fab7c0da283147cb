import { removePings } from './pings';

const MAX_TITLE = 200;
const SEPARATORS = String.raw`[\s,.;:!\-–—…]`;
const EMOJI = String.raw`(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3)`;
const AUDIENCE = String.raw`(?:all|everyone|everybody|team|folks|guys|people|there|y'?all|friends|peeps|gang)`;
// Words that also begin real questions ("All laptops…?", "Morning stand-up…?") count only before a comma or colon.
const GREETINGS = [
  String.raw`(?:hi|hello|hey|heya|hiya|howdy|greetings|hallo|hola)(?:\s+${AUDIENCE})?`,
  String.raw`good\s+(?:morning|afternoon|evening|day)(?:\s+${AUDIENCE})?`,
  String.raw`(?:${AUDIENCE}|morning|gm|yo|question)(?=\s*[,:!\-–—])`,
  String.raw`(?:quick|short|small|silly|dumb|stupid|random|general)\s+q(?:uestion)?|qq`,
  String.raw`(?:does\s+)?any(?:one|body)\s+(?:here\s+)?(?:know|knows|have\s+an?\s+idea)(?:\s+(?:if|whether))?`,
  String.raw`(?:sorry|apologies)\s+(?:to\s+bother(?:\s+(?:you\s+all|y'?all|everyone|you))?|for\s+the\s+(?:noob|dumb|basic)\s+question)`,
  String.raw`(?:i\s+)?hope\s+(?:you(?:'re|\s+are)|everyone(?:'s|\s+is))\s+(?:well|doing\s+well)`,
];
const THANKS = [
  String.raw`(?:many\s+)?(?:thanks|thank\s+you|thx|thnx|tks|ty|tia|cheers)(?:\s+(?:so\s+much|a\s+lot|a\s+ton|very\s+much|in\s+advance(?:\s+for\s+(?:any|your|the)\s+help)?))?(?:\s+${AUDIENCE})?`,
  String.raw`(?:any\s+help\s+(?:is\s+)?(?:much\s+|greatly\s+)?appreciated|appreciate\s+(?:it|any\s+help|the\s+help))`,
];

/**
 * Turns the first message of a thread into an article title of at most 200 characters, without
 * the bot's name, greetings, thanks, emoji codes or emphasis, or '' when nothing of the question is left.
 */
export function cleanQuestion(text: string, botNames: readonly string[]): string {
  const names = botNames.map((name) => name.trim()).filter(Boolean).map(namePattern);
  const bot = names.length > 0 ? `[@＠]?(?:${names.join('|')})` : undefined;
  let title = removePings(text);
  // A bot mentioned with `@` goes wherever it is; its bare name only as an address at either end.
  if (bot) title = title.replace(new RegExp(`(?<![\\p{L}\\p{N}])[@＠](?:${names.join('|')})(?![\\p{L}\\p{N}])`, 'giu'), ' ');
  title = title
    // Character classes exclude their own openers, so an unclosed `[`, `(` or `<` can't make this quadratic.
    .replace(/\[([^[\]\n]*)\]\([^()\s]*\)/g, '$1')
    .replace(/<((?:https?|mailto):[^<>\s]*)>/gi, '$1')
    .replace(/(?<![\p{L}\p{N}]):[a-z0-9_+'-]{1,60}:(?![\p{L}\p{N}])/giu, ' ')
    .replace(/(?<![\p{L}\p{N}])(?:\*+|_+|~~+)|(?:\*+|_+|~~+)(?![\p{L}\p{N}])/gu, '')
    .replace(/^[\s>#-]+/, '')
    .replace(/\s+/g, ' ')
    // What removals leave behind: "how do I, , reset" and "reset ?".
    .replace(/ (?=[,;:?!])/g, '')
    .replace(/([,;:])[ ,;:]*[,;:]/g, '$1');

  const leading = [...GREETINGS, ...(bot ? [bot] : [])].map(
    (pattern) => new RegExp(`(?:${pattern})(?![\\p{L}\\p{N}'-])(?:${SEPARATORS}|${EMOJI})*`, 'iuy'),
  );
  leading.push(new RegExp(`(?:${SEPARATORS}|${EMOJI})+`, 'uy'));
  title = title.slice(skipLeading(title, leading));

  const trailing = [...THANKS, ...(bot ? [bot] : [])].map(
    (pattern) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?:${SEPARATORS}|${EMOJI})*$`, 'iu'),
  );
  trailing.push(new RegExp(`(?:${SEPARATORS}|${EMOJI})+$`, 'u'));
  // Trailing noise past the first few hundred characters would be cut off anyway.
  title = cut(title, MAX_TITLE + 100);
  title = cut(title.slice(0, keepBefore(title, trailing)), MAX_TITLE);

  // Dropping markers and spaces above can join a ping back together ("@*here", "<_!here>"), so
  // pings go once more; what follows only shortens the text or changes a letter's case.
  title = cut(removePings(endWithQuestionMark(title)).replace(/\s+/g, ' ').trim(), MAX_TITLE);
  title = endWithQuestionMark(title);
  if (!/[\p{L}\p{N}]/u.test(title)) return '';
  return capitalize(title);
}

/** One question mark where there were several (or `?!`), and no other punctuation at the end. */
function endWithQuestionMark(title: string): string {
  return title
    .replace(/\s+\?/g, '?')
    .replace(/\?[?!]*/g, '?')
    .replace(/[\s,.;:!\-–—…]+$/u, '');
}

/** A bot name as a pattern: case-insensitive by the caller's flag, any spacing between its words. */
function namePattern(name: string): string {
  return name
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(String.raw`\s+`);
}

/** How many characters of noise (greetings, the bot's name, separators) open the text. */
function skipLeading(text: string, patterns: readonly RegExp[]): number {
  let index = 0;
  for (let progress = true; progress && index < text.length; ) {
    progress = false;
    for (const pattern of patterns) {
      pattern.lastIndex = index;
      if (pattern.test(text) && pattern.lastIndex > index) {
        index = pattern.lastIndex;
        progress = true;
      }
    }
  }
  return index;
}

/**
 * Where the text stops once trailing noise (thanks, the bot's name, emoji) is dropped. Each
 * pattern only sees a short window at the end, so a long run of noise costs linear time.
 */
function keepBefore(text: string, patterns: readonly RegExp[]): number {
  const window = 80 + Math.max(0, ...patterns.map((pattern) => pattern.source.length));
  let end = text.length;
  for (let progress = true; progress && end > 0; ) {
    progress = false;
    const tail = text.slice(Math.max(0, end - window), end);
    for (const pattern of patterns) {
      const match = pattern.exec(tail);
      if (match && match[0].length > 0) {
        end -= match[0].length;
        progress = true;
        break;
      }
    }
  }
  return end;
}

/** At most `max` characters, cut at the last space that fits. */
function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max + 1).join('');
  const space = head.lastIndexOf(' ');
  return (space > 0 ? head.slice(0, space) : chars.slice(0, max).join('')).trimEnd();
}

/** Capitalizes the first letter unless the first word has its own capitals (iPhone, macOS). */
function capitalize(text: string): string {
  const match = /^([^\p{L}\p{N}]*)(\p{Ll})(\S*)/u.exec(text);
  if (!match || /\p{Lu}/u.test(match[3]!)) return text;
  return match[1]! + match[2]!.toUpperCase() + text.slice(match[1]!.length + match[2]!.length);
}
