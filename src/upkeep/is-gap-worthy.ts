/** Words that make a message a command or a poke at the bot, not a question someone needs written up. */
const COMMAND_WORDS = new Set([
  'help', 'menu', 'start', 'stop', 'settings', 'status', 'test', 'testing', 'ping', 'commands', 'options', 'info', 'version', 'debug',
  'cancel', 'hi', 'hello', 'hey', 'ok', 'okay', 'yes', 'no', 'lore', 'bot', 'please', 'me', 'the', 'a',
]);

/**
 * Whether an unanswered message is worth a gap: a bare "help", "/lore status", "test" or
 * a message of one or two letters asks nothing a new article would answer, and would
 * otherwise be handed to whichever owner's article it happened to resemble.
 */
export function isGapWorthy(text: string): boolean {
  const trimmed = text.trim();
  if (/^[/!]/.test(trimmed)) return false;
  const words = trimmed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.join('').length < 3) return false;
  return !words.every((word) => COMMAND_WORDS.has(word));
}
