import fs from 'node:fs';
import path from 'node:path';
import { slackToMarkdown } from '../../src/capture/slack-to-markdown';

const SLACK_FIXTURES = path.join(__dirname, '../fixtures/platform/slack');
const PING_TEXT = ['<!', '<@', '@here', '@channel', '@everyone'];
const NAMES: Record<string, string> = { U123: 'Ada Lovelace', U0LAN0Z89: 'Lore' };
const names = (userId: string): string | undefined => NAMES[userId];

/** Fails when the text still holds anything that looks like a ping. */
function expectNoPings(text: string): void {
  for (const ping of PING_TEXT) expect(text.toLowerCase()).not.toContain(ping);
}

function convert(text: string): string {
  const markdown = slackToMarkdown(text, names);
  expectNoPings(markdown);
  return markdown;
}

/** Strings of `count` tricky pieces each, the same on every run (a fixed linear congruential generator). */
function generated(pieces: readonly string[], count: number): string[] {
  let seed = 7;
  const random = (below: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below;
  return Array.from({ length: count }, () => Array.from({ length: 1 + random(20) }, () => pieces[random(pieces.length)]).join(''));
}

/** Every string under a `text` key in a JSON payload. */
function textsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'text' && typeof inner === 'string' ? [inner] : textsIn(inner)));
}

function fixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(SLACK_FIXTURES, name), 'utf8'));
}

describe('slackToMarkdown', () => {
  it.each([
    ['bold', 'this is *important*', 'this is **important**'],
    ['italic', 'an _aside_ here', 'an *aside* here'],
    ['strikethrough', '~old~ new', '~~old~~ new'],
    ['nested bold and italic', '*_both_*', '***both***'],
    ['Markdown-style doubled markers kept', '**bold** and ~~gone~~', '**bold** and ~~gone~~'],
    ['emphasis around a link', '*see <https://x.example|the docs>*', '**see [the docs](https://x.example)**'],
    ['no emphasis inside words', 'snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['no emphasis across lines', '*not\nbold*', '*not\nbold*'],
    ['no emphasis with inner spaces at the edges', 'a * b * c', 'a * b * c'],
    ['inline code kept verbatim', 'run `*npm* _ci_ ~x~` now', 'run `*npm* _ci_ ~x~` now'],
    ['code block on its own lines, untouched', 'try ```*a* _b_ ~c~\n<https://x.example|x>``` then', 'try\n```\n*a* _b_ ~c~\n<https://x.example|x>\n```\nthen'],
    ['code block with its own newlines', '```\nline 1\n\n\n\nline 2\n```', '```\nline 1\n\n\n\nline 2\n```'],
    ['entities decoded inside code', '`a &amp;&amp; b &lt;c&gt;`', '`a && b <c>`'],
    ['unclosed code fence left as text', '```not code', '```not code'],
    ['unclosed backtick left as text', 'a `b *c*', 'a `b **c**'],
    ['labelled link', '<https://x.example/a?b=1&amp;c=2|the guide>', '[the guide](https://x.example/a?b=1&c=2)'],
    ['bare link', 'see <https://x.example/path>', 'see <https://x.example/path>'],
    ['link whose label is the address', '<https://x.example|https://x.example>', '<https://x.example>'],
    ['brackets in a link label', '<https://x.example|[draft] notes>', '[\\[draft\\] notes](https://x.example)'],
    ['parentheses in a link address', '<https://x.example/a_(b)|wiki>', '[wiki](https://x.example/a_%28b%29)'],
    ['mailto link', 'write <mailto:help@x.example|help@x.example>', 'write help@x.example'],
    ['mailto link with another label', '<mailto:help@x.example|the desk>', '[the desk](mailto:help@x.example)'],
    ['unsafe scheme keeps only its label', '<javascript:alert(1)|click>', 'click'],
    ['user mention with a known name', 'ask <@U123>', 'ask Ada Lovelace'],
    ['user mention with a label', 'ask <@U999|grace>', 'ask grace'],
    ['user mention with an @label', 'ask <@U999|@grace>', 'ask grace'],
    ['user mention with nothing known', 'ask <@U999>', 'ask someone'],
    ['channel', 'see <#C123|general>', 'see #general'],
    ['user group', '<!subteam^S123|@it-help> any ideas?', 'it-help any ideas?'],
    ['broadcasts removed', '<!channel> <!here> hello <!everyone>', 'hello'],
    ['labelled broadcasts removed', 'hi <!channel|channel> and <!here|here>', 'hi and'],
    ['plain broadcast words removed', 'hey @channel and @here, @everyone', 'hey and ,'],
    ['date shows its fallback', 'due <!date^1392734382^{date}|Feb 18, 2014>', 'due Feb 18, 2014'],
    ['entities decoded', 'fish &amp; chips &lt;3 &gt; all', 'fish & chips <3 > all'],
    ['entities decoded once', '&amp;lt;', '&lt;'],
    ['bullets', '• one\n• two\n◦ inner', '- one\n- two\n  - inner'],
    ['indented bullets', '• one\n    ◦ inner', '- one\n  - inner'],
    ['numbered list kept', '1. one\n2. two', '1. one\n2. two'],
    ['quote', '&gt; quoted *text*\nreply', '> quoted **text**\nreply'],
    ['quote of the rest', '&gt;&gt;&gt; first\nsecond', '> first\n> second'],
    ['blank lines collapsed', 'a\n\n\n\n\nb', 'a\n\nb'],
    ['blank lines with spaces collapsed', 'a\n \n\t\n  \nb', 'a\n\nb'],
    ['trimmed', '  \n hello \n\n', 'hello'],
  ])('%s', (_, input, expected) => {
    expect(convert(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['newlines and tabs', '\n\t\n  \n'],
    ['only a broadcast', '<!here>'],
  ])('turns %s input into an empty string', (_, input) => {
    expect(convert(input)).toBe('');
  });

  it.each([
    ['Arabic', 'كيف أعيد تعيين *كلمة المرور*؟', 'كيف أعيد تعيين **كلمة المرور**؟'],
    ['Hebrew', 'איך מאפסים את ה־VPN?', 'איך מאפסים את ה־VPN?'],
    ['emoji with joiners and skin tones', 'shipped 🚀 by 👩🏽‍💻 :tada:', 'shipped 🚀 by 👩🏽‍💻 :tada:'],
    ['keycap emoji', 'step 1️⃣', 'step 1️⃣'],
  ])('keeps %s', (_, input, expected) => {
    expect(convert(input)).toBe(expected);
  });

  it.each([
    ['a mention inside code is named, never pinged', '`<@U123>` and ```<@U999>```', '`Ada Lovelace` and\n```\nsomeone\n```'],
    ['a broadcast typed inside code', 'see `&lt;!here&gt; x` and ```@channel y```', 'see `x` and\n```\ny\n```'],
    ['code holding only a broadcast disappears', 'see `&lt;!here&gt;` ```@channel```', 'see'],
    ['a name that is itself a ping', 'hi <@U999|@here>', 'hi here'],
    ['nested broadcast', '&lt;!<!here>channel&gt; hi', 'hi'],
    ['full-width at sign', '＠here hi', 'hi'],
    ['zero-width space', '@\u200beveryone hi', 'hi'],
    ['mention split across a special', '@he<@U999|re> hi', 'hi'],
  ])('hostile: %s', (_, input, expected) => {
    expect(convert(input)).toBe(expected);
  });

  it('takes names from the lookup, which can return pings harmlessly', () => {
    expect(slackToMarkdown('cc <@U1>', () => '<!channel> Eve')).toBe('cc Eve');
  });

  it.each([
    ['a long ordinary message', 'Reset the *VPN* via <https://x.example|the portal> &amp; reboot. '.repeat(640)],
    ['unclosed bold openers', '*a '.repeat(14_000)],
    ['underscores', '_a'.repeat(20_000)],
    ['backticks', '`'.repeat(40_000)],
    ['code fences', '```'.repeat(13_000) + 'x'],
    ['unclosed fence then backticks', '```' + ' `x'.repeat(13_000)],
    ['angle brackets', '<'.repeat(40_000)],
    ['unclosed specials', '<https://x'.repeat(4000)],
    ['mentions', '<@U123> <!here> '.repeat(2500)],
    ['newlines', '\n'.repeat(40_000)],
    ['bullets', '• item\n'.repeat(5700)],
  ])('finishes quickly on 40,000 characters of %s', (_, input) => {
    const start = performance.now();
    convert(input);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('leaves no ping in thousands of generated tricky strings', () => {
    const pieces = ['<', '>', '!', '@', 'here', 'channel', '&lt;', '&gt;', '&amp;', '*', '_', '~', '`', '```', '\n', ' ', '|', '<@U1>', '<@U2|', '<!here>', '<!channel|', '<#C1|', '＠', '\u200b', '\uE000', '\uE001', 'x'];
    for (const input of generated(pieces, 2000)) {
      const markdown = convert(input);
      if (markdown !== markdown.trim()) throw new Error(`${JSON.stringify(input)} gave untrimmed ${JSON.stringify(markdown)}`);
    }
  });

  it('converts the real app_mention fixture', () => {
    const { event } = fixture('app_mention.json') as { event: { text: string } };
    expect(convert(event.text)).toBe('Lore is it everything a river should be?');
  });

  it('converts the real message_action fixture', () => {
    const { message } = fixture('message_action.json') as { message: { text: string } };
    expect(convert(message.text)).toBe('someone test');
  });

  it('converts the real message_im fixture', () => {
    const { event } = fixture('message_im.json') as { event: { text: string } };
    expect(convert(event.text)).toBe('Hello hello can you hear me?');
  });

  it.each(fs.readdirSync(SLACK_FIXTURES).filter((name) => name.endsWith('.json')))('leaves no ping in any text of %s', (name) => {
    for (const text of textsIn(fixture(name))) convert(text);
  });
});
