import fs from 'node:fs';
import path from 'node:path';
import { cleanQuestion } from '../../src/capture/clean-question';
import { slackToMarkdown } from '../../src/capture/slack-to-markdown';
import { teamsHtmlToMarkdown } from '../../src/capture/teams-html-to-markdown';

const FIXTURES = path.join(__dirname, '../fixtures/platform');
const PING_TEXT = ['<!', '<@', '@here', '@channel', '@everyone'];
const BOTS = ['Lore', 'Test Bot'];

/** Fails when the text still holds anything that looks like a ping. */
function expectNoPings(text: string): void {
  for (const ping of PING_TEXT) expect(text.toLowerCase()).not.toContain(ping);
}

function clean(text: string, bots: readonly string[] = BOTS): string {
  const title = cleanQuestion(text, bots);
  expectNoPings(title);
  expect([...title].length).toBeLessThanOrEqual(200);
  return title;
}

/** Strings of `count` tricky pieces each, the same on every run (a fixed linear congruential generator). */
function generated(pieces: readonly string[], count: number): string[] {
  let seed = 7;
  const random = (below: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below;
  return Array.from({ length: count }, () => Array.from({ length: 1 + random(20) }, () => pieces[random(pieces.length)]).join(''));
}

function fixture(...parts: string[]): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, ...parts), 'utf8')) as Record<string, unknown>;
}

describe('cleanQuestion', () => {
  it.each([
    ['the bot mentioned with @', '@lore how do I reset my VPN password?', 'How do I reset my VPN password?'],
    ['the bot mentioned in the middle', 'how do I, @Lore, reset my VPN?', 'How do I, reset my VPN?'],
    ['the bot named without @, at the start', 'Lore, where is the wiki?', 'Where is the wiki?'],
    ['the bot named at the end', 'where is the wiki lore', 'Where is the wiki'],
    ['a bot name of two words', 'Test Bot where is the VPN guide?', 'Where is the VPN guide?'],
    ['a bot name in another case', 'TEST   BOT: where is the VPN guide?', 'Where is the VPN guide?'],
    ['a full-width @ before the bot', '＠Lore where is the wiki?', 'Where is the wiki?'],
    ['the bot name kept inside the question', 'how does Lore capture answers?', 'How does Lore capture answers?'],
    ['hi', 'hi how do I reset my VPN password?', 'How do I reset my VPN password?'],
    ['hey all', 'Hey all, where is the VPN guide?', 'Where is the VPN guide?'],
    ['hello team', 'hello team! where is the VPN guide?', 'Where is the VPN guide?'],
    ['good morning', 'Good morning everyone :wave: where is the VPN guide?', 'Where is the VPN guide?'],
    ['quick question', 'quick question: where is the VPN guide?', 'Where is the VPN guide?'],
    ['anyone know', 'anyone know how to add a printer?', 'How to add a printer?'],
    ['does anyone know if', 'Does anyone know if the VPN is down?', 'The VPN is down?'],
    ['sorry to bother', 'sorry to bother you all - how do I add a printer?', 'How do I add a printer?'],
    ['team,', 'team, how do I add a printer?', 'How do I add a printer?'],
    ['several greetings in a row', 'Hi hi @lore 👋 hey team, quick question: anyone know where the guide is?', 'Where the guide is?'],
    ['thanks!', 'where is the VPN guide? thanks!', 'Where is the VPN guide?'],
    ['thx', 'where is the VPN guide? thx', 'Where is the VPN guide?'],
    ['ty', 'where is the VPN guide ty', 'Where is the VPN guide'],
    ['tia', 'where is the VPN guide? TIA!!', 'Where is the VPN guide?'],
    ['thanks in advance', 'where is the VPN guide? Thanks in advance :pray:', 'Where is the VPN guide?'],
    ['thanks and the bot', 'where is the VPN guide? thanks lore 🙏', 'Where is the VPN guide?'],
    ['emoji shortcodes anywhere', 'where is the :lock: VPN guide? :pray::skin-tone-2:', 'Where is the VPN guide?'],
    ['times are not shortcodes', 'why does the 10:30:45 job fail?', 'Why does the 10:30:45 job fail?'],
    ['emphasis markers', 'how do I *renew* my _old_ ~~expired~~ **badge**?', 'How do I renew my old expired badge?'],
    ['underscores inside names kept', 'what does snake_case_name mean?', 'What does snake_case_name mean?'],
    ['Markdown links reduced to their text', 'is [the guide](https://x.example) current?', 'Is the guide current?'],
    ['whitespace collapsed', 'where   is\n\nthe \t guide?', 'Where is the guide?'],
    ['question mark kept once', 'is the VPN down???', 'Is the VPN down?'],
    ['?! becomes ?', 'is the VPN down?!', 'Is the VPN down?'],
    ['trailing punctuation dropped', 'the VPN is down...', 'The VPN is down'],
    ['trailing colon dropped', 'I need help with the printer:', 'I need help with the printer'],
    ['first letter capitalized', 'why is the build red?', 'Why is the build red?'],
    ['a word with its own capitals kept', 'iPhone mail not syncing?', 'iPhone mail not syncing?'],
    ['words that only look like greetings', 'All laptops need updates?', 'All laptops need updates?'],
    ['a question starting with morning', 'Morning stand-up is at what time?', 'Morning stand-up is at what time?'],
    ['a question starting with thank you', 'Thank you emails are not sending?', 'Thank you emails are not sending?'],
    ['a word ending in ty', 'who owns the property', 'Who owns the property'],
    ['pings removed', 'hi @here how do I reset the VPN? @channel', 'How do I reset the VPN?'],
    ['a ping joined by dropping emphasis', 'why @*here* and <_!here_>?', 'Why and?'],
    ['a ping joined by dropping a space', 'why <\n!here>?', 'Why?'],
    ['Arabic kept', 'مرحبا، كيف أعيد تعيين كلمة المرور؟', 'مرحبا، كيف أعيد تعيين كلمة المرور؟'],
    ['Hebrew kept', 'hi @lore איך מאפסים את ה־VPN?', 'איך מאפסים את ה־VPN?'],
    ['emoji inside kept', 'how do I 🚀 deploy? 🙏', 'How do I 🚀 deploy?'],
  ])('%s', (_, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['only greetings', 'hi all!'],
    ['only thanks', 'thanks! :pray:'],
    ['only the bot', '@lore'],
    ['greeting, bot and thanks', 'hey @Lore thanks 🙏'],
    ['only punctuation', '???'],
    ['only a ping', '@here'],
  ])('returns an empty string for %s', (_, input) => {
    expect(clean(input)).toBe('');
  });

  it('works without bot names', () => {
    expect(clean('hi lore, where is the guide?', [])).toBe('Lore, where is the guide?');
  });

  it('treats bot names as text, not patterns', () => {
    expect(clean('@a.b* where is the guide?', ['a.b*'])).toBe('Where is the guide?');
    expect(clean('axbb where is the guide?', ['a.b*'])).toBe('Axbb where is the guide?');
  });

  it('cuts long questions at a word boundary, to 200 characters at most', () => {
    const title = clean(`how do I ${'reconfigure '.repeat(30)}the VPN?`);
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title).toMatch(/^How do I reconfigure (reconfigure )*reconfigure$/);
  });

  it('cuts a single endless word at 200 characters', () => {
    expect(clean('x'.repeat(500))).toBe('X' + 'x'.repeat(199));
  });

  it('leaves no trailing punctuation after a cut', () => {
    const title = clean(`why ${'a, '.repeat(100)}`);
    expect(title).toMatch(/[a-z]$/);
  });

  it('drops trailing thanks even when the question nearly fills the title', () => {
    const question = 'why '.repeat(47) + 'now?';
    expect(clean(`${question} thanks in advance everyone`)).toBe('Why ' + 'why '.repeat(46) + 'now?');
  });

  it.each([
    ['repeated greetings', 'hi '.repeat(13_000) + 'why?'],
    ['repeated thanks', 'why? ' + 'ty '.repeat(13_000)],
    ['unclosed brackets', '['.repeat(40_000)],
    ['unclosed links', '[a]('.repeat(10_000)],
    ['unclosed autolinks', '<http:'.repeat(7000)],
    ['a run of stars', 'a' + '*'.repeat(40_000) + 'a'],
    ['colons', ':a'.repeat(20_000)],
    ['separators', '.!,'.repeat(13_000) + 'x'],
    ['a long question', 'how do I reset the VPN password on a managed laptop? '.repeat(750)],
  ])('finishes quickly on 40,000 characters of %s', (_, input) => {
    const start = performance.now();
    clean(input);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('leaves no ping and keeps to 200 characters in thousands of generated tricky strings', () => {
    const pieces = ['<', '>', '!', '@', 'here', 'channel', '*', '_', '~', '`', ' ', '\n', '?', ',', 'hi', 'thanks', ':pray:', '＠', '\u200b', '[a](b)', '<@U1>', 'x'];
    for (const input of generated(pieces, 2000)) clean(input);
  });

  it('cleans the real Slack app_mention fixture', () => {
    const { event } = fixture('slack', 'app_mention.json') as { event: { text: string } };
    const markdown = slackToMarkdown(event.text, (id) => (id === 'U0LAN0Z89' ? 'Lore' : undefined));
    expect(clean(markdown)).toBe('Is it everything a river should be?');
  });

  it('cleans the real Slack message_im fixture', () => {
    const { event } = fixture('slack', 'message_im.json') as { event: { text: string } };
    // "Hello hello" is greeting noise.
    expect(clean(slackToMarkdown(event.text, () => undefined))).toBe('Can you hear me?');
  });

  it('cleans the real Teams channel mention fixture', () => {
    const text = fixture('teams', 'playground-message-channel-mention.json').text as string;
    expect(clean(teamsHtmlToMarkdown(text))).toBe('Where is the VPN guide?');
  });

  it('cleans the real Teams personal message fixture', () => {
    const text = fixture('teams', 'playground-message-personal.json').text as string;
    expect(clean(teamsHtmlToMarkdown(text))).toBe('How do I reset my VPN password?');
  });
});
