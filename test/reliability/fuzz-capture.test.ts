import fc from 'fast-check';
import { removePings } from '../../src/capture/pings';
import { slackToMarkdown } from '../../src/capture/slack-to-markdown';
import { teamsHtmlToMarkdown } from '../../src/capture/teams-html-to-markdown';
import { redactSecrets } from '../../src/privacy/redact-secrets';
import { fuzzRuns } from './support/fuzz-runs';

/** What must never come out of a conversion: anything that notifies a channel, a team or a person. */
const PINGS = [/<!channel\b/i, /<!here\b/i, /<!everyone\b/i, /<@[UW][A-Z0-9]*/i, /@everyone\b/i, /@here\b/i, /@channel\b/i];

function pingIn(markdown: string): RegExp | undefined {
  // Invisible characters must not hide a ping either: look at the text as a reader's client would.
  const visible = markdown.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '');
  return PINGS.find((ping) => ping.test(visible));
}

/** Pieces that hostile chat text is made of: pings in every disguise, markup, control and odd characters. */
const hostilePiece = fc.oneof(
  fc.constantFrom(
    '<!channel>', '<!here>', '<!everyone>', '<!here|here>', '<!channel|@channel>', '<@U0123ABCD>', '<@W0123|name>', '<!subteam^S1|@team>',
    '@here', '@channel', '@everyone', '@all', '＠here', '＜!here＞', '<!<!here>channel>', '@\u200bhere', '<!\u200bhere>', '@he\u00adre',
    '<', '>', '!', '@', '&lt;', '&gt;', '&amp;', '`', '```', '*', '_', '~', '\n', '\r\n', '\t', '\u0000', '\u001b[31m', '\u202e', '\ufeff',
    '<at>Lore</at>', '<at>everyone</at>', '<b>', '</b>', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
    '<p>', '</p>', '<br>', '<ul><li>', '</li></ul>', '<pre><code>', '</code></pre>', '<!-- @here -->', '&#64;here', '&#x40;channel', '&commat;everyone',
    '<https://example.com|link>', '<mailto:a@b.c|mail>', '<#C0123|general>', '\ud800', '\udfff', '😀', '👍🏽',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const hostileText = fc.array(hostilePiece, { maxLength: 40 }).map((pieces) => pieces.join(''));
const names = (userId: string) => (userId.endsWith('X') ? '@here' : userId.length % 2 ? `<!channel> ${userId}` : undefined);

describe('fuzzing the capture conversions', () => {
  it('Slack mrkdwn to Markdown never throws and never carries a ping', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const markdown = slackToMarkdown(text, names);
        expect(typeof markdown).toBe('string');
        expect(pingIn(markdown)).toBeUndefined();
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('Teams HTML to Markdown never throws and never carries a ping', () => {
    fc.assert(
      fc.property(hostileText, (html) => {
        const markdown = teamsHtmlToMarkdown(html);
        expect(typeof markdown).toBe('string');
        expect(pingIn(markdown)).toBeUndefined();
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('stays linear on long and deeply nested input', () => {
    const nested = `${'<b><i><ul><li>'.repeat(3000)}@here${'</li></ul></i></b>'.repeat(3000)}`;
    const brackets = `${'<!'.repeat(20000)}here${'>'.repeat(20000)}`;
    const fences = '```'.repeat(20000) + '`'.repeat(20000);
    for (const text of [nested, brackets, fences]) {
      const started = performance.now();
      expect(pingIn(teamsHtmlToMarkdown(text))).toBeUndefined();
      expect(pingIn(slackToMarkdown(text, names))).toBeUndefined();
      expect(pingIn(removePings(text))).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });

  it('secret redaction never throws, is idempotent and never lets a ping through what it removed', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, phrases) => {
        const redacted = redactSecrets(removePings(text), { phrases });
        expect(redactSecrets(redacted, { phrases })).toBe(redacted);
        expect(pingIn(redacted)).toBeUndefined();
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
