import fs from 'node:fs';
import path from 'node:path';
import { teamsHtmlToMarkdown } from '../../src/capture/teams-html-to-markdown';

const TEAMS_FIXTURES = path.join(__dirname, '../fixtures/platform/teams');
const PING_TEXT = ['<!', '<@', '@here', '@channel', '@everyone'];

/** Fails when the text still holds anything that looks like a ping. */
function expectNoPings(text: string): void {
  for (const ping of PING_TEXT) expect(text.toLowerCase()).not.toContain(ping);
}

function convert(html: string): string {
  const markdown = teamsHtmlToMarkdown(html);
  expectNoPings(markdown);
  return markdown;
}

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(TEAMS_FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

/** Strings of `count` tricky pieces each, the same on every run (a fixed linear congruential generator). */
function generated(pieces: readonly string[], count: number): string[] {
  let seed = 7;
  const random = (below: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below;
  return Array.from({ length: count }, () => Array.from({ length: 1 + random(20) }, () => pieces[random(pieces.length)]).join(''));
}

/** Every string under a `text` or `content` key in a JSON payload. */
function textsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    (key === 'text' || key === 'content') && typeof inner === 'string' ? [inner] : textsIn(inner),
  );
}

describe('teamsHtmlToMarkdown', () => {
  it.each([
    ['bold', '<b>a</b> <strong>b</strong>', '**a** **b**'],
    ['italic', '<i>a</i> <em>b</em>', '*a* *b*'],
    ['strikethrough', '<s>a</s> <strike>b</strike> <del>c</del>', '~~a~~ ~~b~~ ~~c~~'],
    ['nested emphasis', '<strong><em>both</em></strong>', '**_both_**'],
    ['spaces moved outside emphasis', '<b>bold </b>text<i> it</i>', '**bold** text *it*'],
    ['empty emphasis dropped', 'a<b></b> b', 'a b'],
    ['repeated emphasis tags', '<b>a <b>b</b> c</b>', '**a b c**'],
    ['inline code', 'run <code>npm ci</code> now', 'run `npm ci` now'],
    ['inline code holding a backtick', '<code>a`b</code>', '``a`b``'],
    ['pre block', '<pre>line 1\n  *line* 2</pre>', '```\nline 1\n  *line* 2\n```'],
    ['pre with inner code and a language', '<pre class="language-js"><code>if (a &lt; b) {}</code></pre>', '```js\nif (a < b) {}\n```'],
    ['Graph codeblock', '<codeblock class="JavaScript"><code>let a = 1;</code></codeblock>', '```javascript\nlet a = 1;\n```'],
    ['pre with br', '<pre>a<br>b</pre>', '```\na\nb\n```'],
    ['pre holding a fence', '<pre>```\nx\n```</pre>', '````\n```\nx\n```\n````'],
    ['code block between paragraphs', '<p>before</p><pre>x = 1</pre><p>after</p>', 'before\n```\nx = 1\n```\nafter'],
    ['link', '<a href="https://x.example/guide">the guide</a>', '[the guide](https://x.example/guide)'],
    ['link whose text is the address', '<a href="https://x.example">https://x.example</a>', '<https://x.example>'],
    ['mailto link', '<a href="mailto:help@x.example">help@x.example</a>', 'help@x.example'],
    ['link with formatted text', '<a href="https://x.example">the <b>guide</b></a>', '[the guide](https://x.example)'],
    ['link with brackets and parentheses', '<a href="https://x.example/a_(b)">[draft]</a>', '[\\[draft\\]](https://x.example/a_%28b%29)'],
    ['javascript link dropped to text', '<a href="javascript:alert(1)">click</a> me', 'click me'],
    ['obfuscated javascript link dropped', '<a href=" java\tscript:alert(1)">click</a>', 'click'],
    ['data link dropped', '<a href="data:text/html,x">x</a>', 'x'],
    ['relative link dropped', '<a href="/local">here</a>', 'here'],
    ['unquoted attribute', '<a href=https://x.example>x</a>', '[x](https://x.example)'],
    ['single-quoted attribute', "<a href='https://x.example' title='a > b'>x</a>", '[x](https://x.example)'],
    ['bullet list', '<ul><li>one</li><li>two</li></ul>', '- one\n- two'],
    ['numbered list', '<ol><li>one</li><li>two</li></ol>', '1. one\n2. two'],
    ['numbered list with a start', '<ol start="3"><li>three</li></ol>', '3. three'],
    ['nested lists', '<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>', '- a\n  - b\n- c'],
    ['list nested in a numbered list', '<ol><li>a<ul><li>b</li></ul></li></ol>', '1. a\n   - b'],
    ['unclosed list items', '<ul><li>a<li>b</ul>', '- a\n- b'],
    ['list between paragraphs', '<p>intro</p><ul><li>a</li></ul><p>outro</p>', 'intro\n\n- a\n\noutro'],
    ['paragraphs', '<p>one</p><p>two</p>', 'one\n\ntwo'],
    ['divs', '<div>one</div><div>two</div>', 'one\ntwo'],
    ['line breaks', 'a<br>b<br/>c<br><br>d', 'a\nb\nc\n\nd'],
    ['mention as plain text', '<at id="0">Ada Lovelace</at> can you help?', 'Ada Lovelace can you help?'],
    ['script removed with its content', 'a<script>alert("x")</script>b', 'ab'],
    ['style removed with its content', '<style>p { color: red }</style>text', 'text'],
    ['script in capitals', 'a<SCRIPT type="x">bad()</SCRIPT >b', 'ab'],
    ['image alt text', 'look <img src="x.png" alt="a chart"> here', 'look a chart here'],
    ['Teams emoji', 'thanks <emoji id="like" alt="👍" title="Like"></emoji>', 'thanks 👍'],
    ['unknown tags keep their text', '<span style="color:red">red</span> <font>font</font> <u>under</u>', 'red font under'],
    ['comments dropped', 'a<!-- secret -->b', 'ab'],
    ['doctype dropped', '<!DOCTYPE html><p>x</p>', 'x'],
    ['named entities', '&amp; &lt;b&gt; &quot;q&quot; &apos;a&apos;', '& <b> "q" \'a\''],
    ['non-breaking spaces', 'a&nbsp;b&nbsp;&nbsp;&nbsp;c', 'a b c'],
    ['numeric entities', '&#65;&#x42;&#X43; &#128512; &#x1F600;', 'ABC 😀 😀'],
    ['invalid numeric entities', '&#0; &#xD800; &#x110000;', '\uFFFD \uFFFD \uFFFD'],
    ['every HTML named entity decoded', 'it&rsquo;s the caf&eacute;&hellip; &copy; &euro;5 &mdash; done', 'it’s the café… © €5 — done'],
    ['entities in a link and its address', '<a href="https://x.example/?a=1&amp;b=2">caf&eacute;</a>', '[café](https://x.example/?a=1&b=2)'],
    ['unknown entities left alone', '&bogus; & alone', '&bogus; & alone'],
    ['whitespace collapsed', '  a \n\t b   c  ', 'a b c'],
    ['pings removed', '@everyone hi @channel and @here', 'hi and'],
    ['Slack-style pings removed', '&lt;!here&gt; hi &lt;@U1&gt;', 'hi someone'],
    ['blockquote', '<blockquote>quoted<br>two</blockquote>after', '> quoted\n> two\n\nafter'],
    ['heading', '<h2>Title</h2>text', '## Title\n\ntext'],
    ['horizontal rule', '<p>a</p><hr><p>b</p>', 'a\n\n---\n\nb'],
  ])('%s', (_, input, expected) => {
    expect(convert(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['spaces', '   \n\t '],
    ['empty tags', '<p></p><div><br></div>'],
    ['non-breaking spaces only', '&nbsp;&nbsp;'],
    ['only a script', '<script>alert(1)</script>'],
    ['only a ping', '<p>@everyone</p>'],
  ])('turns %s into an empty string', (_, input) => {
    expect(convert(input)).toBe('');
  });

  it.each([
    ['an unclosed tag', 'a <b>bold', 'a **bold**'],
    ['mis-nested tags', '<b><i>mis</b>nested</i>', '**_mis_**_nested_'],
    ['a stray closing tag', 'a</b> b</li></ul>', 'a b'],
    ['an unclosed link', '<a href="https://x.example">text', '[text](https://x.example)'],
    ['an unclosed pre', '<pre>code', '```\ncode\n```'],
    ['an unclosed script', 'a<script>alert(1)', 'a'],
    ['an unclosed comment', 'a<!-- b', 'a'],
    // As in browsers, a tag still open at the end of the message is dropped.
    ['an unterminated tag', 'a <b', 'a'],
    ['an unterminated attribute', 'a <a href="x>b', 'a'],
    ['a lone angle bracket', 'a < b > c', 'a < b > c'],
    ['a tag with a quoted >', '<a href="https://x.example/?a>b">x</a>', '[x](https://x.example/?a%3Eb)'],
    ['script hidden in attributes', '<img src=x onerror="alert(1)" alt="pic">', 'pic'],
    // As in browsers, a script ends at the first `</script>`.
    ['nested script tags', '<script><script>x</script>y</script>z', 'yz'],
    ['a ping split by a tag', '@ev<b></b>eryone hi', 'hi'],
    ['a ping split by a comment', '@ch<!-- -->annel hi', 'hi'],
    ['a ping split by an entity', '&#64;here hi', 'hi'],
    ['a full-width ping', '＠here hi', 'hi'],
    ['a ping with a zero-width space', '@&#x200B;everyone hi', 'hi'],
    ['a mention of @here', '<at>@here</at> hi', 'hi'],
  ])('tolerates %s', (_, input, expected) => {
    expect(convert(input)).toBe(expected);
  });

  it.each([
    ['Arabic', '<p>كيف أعيد تعيين <b>كلمة المرور</b>؟</p>', 'كيف أعيد تعيين **كلمة المرور**؟'],
    ['Hebrew with a bidi mark', '<div>שלום\u200f עולם</div>', 'שלום\u200f עולם'],
    ['Hebrew', '<div>שלום עולם</div>', 'שלום עולם'],
    ['emoji', '<p>shipped 🚀 by 👩🏽‍💻 ✅</p>', 'shipped 🚀 by 👩🏽‍💻 ✅'],
  ])('keeps %s', (_, input, expected) => {
    expect(convert(input)).toBe(expected);
  });

  it.each([
    ['a long ordinary message', '<p>Reset the <b>VPN</b> via <a href="https://x.example">the portal</a> &amp; reboot.</p>'.repeat(400)],
    ['unclosed tags', '<b>'.repeat(13_000)],
    ['unterminated tags', '<a x '.repeat(8000)],
    ['unterminated quotes', "<a x='".repeat(6000)],
    ['deep lists', '<ul><li>'.repeat(5000) + 'x'],
    ['deep quotes', '<blockquote>'.repeat(3000) + 'x'],
    ['angle brackets', '<'.repeat(40_000)],
    ['entities', '&#x1F600;'.repeat(4400)],
    ['comments', '<!--'.repeat(10_000)],
    ['line breaks', '<br>'.repeat(10_000)],
    ['scripts', '<script>'.repeat(5000)],
    ['pre blocks', '<pre>x</pre>'.repeat(3400)],
  ])('finishes quickly on 40,000 characters of %s', (_, input) => {
    const start = performance.now();
    convert(input);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('leaves no ping in thousands of generated tricky strings', () => {
    const pieces = ['<', '>', '!', '@', 'here', 'every', 'one', '&lt;', '&#64;', '&#x3C;', '<b>', '</b>', '<a href="https://x">', '</a>', '<pre>', '</pre>', '<code>', '</code>', '<at>', '</at>', '<script>', '</script>', '<!--', '-->', '<li>', '<ul>', '</ul>', '<br>', '&nbsp;', '<img alt="@here">', '＠', '\u200b', ' ', 'x'];
    for (const input of generated(pieces, 2000)) {
      const markdown = convert(input);
      if (markdown !== markdown.trim()) throw new Error(`${JSON.stringify(input)} gave untrimmed ${JSON.stringify(markdown)}`);
    }
  });

  it.each(['playground-invoke-composeExtension-fetchTask.json', 'playground-invoke-composeExtension-submitAction.json'])(
    'converts the message body of the real %s fixture',
    (name) => {
      const { value } = fixture(name) as { value: { messagePayload: { body: { content: string } } } };
      expect(convert(value.messagePayload.body.content)).toBe(
        'Echo: To reset VPN, open <https://vpn.example/reset> and click Forgot password.',
      );
    },
  );

  it('converts the text of the real channel mention fixture', () => {
    expect(convert(fixture('playground-message-channel-mention.json').text as string)).toBe('Test Bot where is the VPN guide?');
  });

  it.each(fs.readdirSync(TEAMS_FIXTURES).filter((name) => name.endsWith('.json')))('leaves no ping in any text of %s', (name) => {
    for (const text of textsIn(fixture(name))) convert(text);
  });
});
