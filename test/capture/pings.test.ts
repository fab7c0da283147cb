import { removePings } from '../../src/capture/pings';

const PING_TEXT = ['<!', '<@', '@here', '@channel', '@everyone'];

/** Fails when the text still holds anything that looks like a ping. */
function expectNoPings(text: string): void {
  for (const ping of PING_TEXT) expect(text.toLowerCase()).not.toContain(ping);
}

/** Milliseconds `run` takes. */
function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('removePings', () => {
  it.each([
    ['broadcast <!channel>', 'hi <!channel> look', 'hi look'],
    ['broadcast <!here>', '<!here> the build is red', 'the build is red'],
    ['broadcast <!everyone>', 'note <!everyone>', 'note '],
    ['legacy broadcast <!group>', 'a <!group> b', 'a b'],
    ['labelled broadcast', 'a <!channel|channel> b <!here|@here> c', 'a b c'],
    ['user group, label kept without @', 'ask <!subteam^S123|@it-help> please', 'ask it-help please'],
    ['user group without label', 'ask <!subteam^S123> please', 'ask please'],
    ['date keeps its fallback text', 'on <!date^1392734382^{date}|Feb 18, 2014>', 'on Feb 18, 2014'],
    ['user mention without a name becomes "someone"', 'thanks <@U123ABC>', 'thanks someone'],
    ['user mention keeps the name in its label', 'ask <@U123|ada> or <@W222|@grace>', 'ask ada or grace'],
    ['plain @channel', 'hey @channel, deploy done', 'hey , deploy done'],
    ['plain @here', 'ping @here please', 'ping please'],
    ['plain @everyone', '@everyone: lunch', ': lunch'],
    ['plain @all as a word', 'thanks @all!', 'thanks !'],
    ['any case', '@HERE and @Channel and <!HERE>', 'and and '],
    ['@all inside a name is kept', 'ask @allison', 'ask @allison'],
    ['@all inside an address is kept', 'mail team@all.example', 'mail team@all.example'],
    ['other <! forms are escaped, not dropped', 'use <!DOCTYPE html> first', 'use &lt;!DOCTYPE html> first'],
    ['a lone <@ is escaped', 'a <@ b', 'a &lt;@ b'],
    ['ordinary angle brackets are kept', 'if a < b and c > d', 'if a < b and c > d'],
    ['autolinks are kept', 'see <https://example.com>', 'see <https://example.com>'],
    ['an unclosed broadcast is escaped', 'oops <!here', 'oops &lt;!here'],
    ['@here inside a word is still removed', 'write to ops@here.com', 'write to ops.com'],
  ])('%s', (_, input, expected) => {
    const output = removePings(input);
    expect(output).toBe(expected);
    expectNoPings(output);
  });

  it.each([
    ['nested broadcasts', '<!<!here>channel>'],
    ['deeply nested broadcasts', '<!<!<!here>channel>everyone>'],
    ['a keyword split by a broadcast', '@he<!here>re'],
    ['a keyword split by a mention label', '@he<@U1|re>'],
    ['a keyword split by @all', '<@all!here>'],
    ['a doubled keyword', '@@herehere'],
    ['a tripled keyword', '@@@hereherehere'],
    ['zero-width space inside', '@\u200bhere'],
    ['zero-width joiner inside', '@\u200dchannel'],
    ['word joiner and BOM inside', '@\u2060every\ufeffone'],
    ['soft hyphen inside', '@ch\u00adannel'],
    ['right-to-left mark inside', '<\u200f!here>'],
    ['zero-width space inside a broadcast', '<!\u200bhere>'],
    ['full-width at sign', '＠here'],
    ['full-width everything', '＠ｅｖｅｒｙｏｎｅ'],
    ['small form variant at sign', '﹫channel'],
    ['full-width broadcast', '＜！ｈｅｒｅ＞'],
    ['mathematical letters', '@𝐡𝐞𝐫𝐞'],
    ['nested labels', '<@U1|<@U2|<!here>>>'],
  ])('cannot be bypassed: %s', (_, input) => {
    const output = removePings(input);
    expectNoPings(output.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, ''));
  });

  it('leaves no ping in thousands of generated tricky strings', () => {
    const pieces = ['<', '!', '@', '＠', 'here', 'he', 're', 'chan', 'nel', 'channel', 'every', 'one', 'all', '>', '|', 'U1', 'subteam^S1', '\u200b', ' ', 'x'];
    let seed = 42;
    // A fixed linear congruential generator: the same strings on every run.
    const random = (below: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below;
    for (let i = 0; i < 5000; i++) {
      const input = Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]).join('');
      const output = removePings(input);
      const seen = output.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '').toLowerCase();
      if (PING_TEXT.some((ping) => seen.includes(ping))) throw new Error(`${JSON.stringify(input)} gave ${JSON.stringify(output)}`);
    }
  });

  it('removes pings however they are nested, in linear time', () => {
    const nested = '<!'.repeat(10_000) + 'here>' + 'channel>'.repeat(10_000);
    let output = '';
    expect(timed(() => (output = removePings(nested)))).toBeLessThan(1000);
    expectNoPings(output);
  });

  it.each([
    ['40,000 characters of plain text', 'lorem ipsum '.repeat(3400)],
    ['40,000 zero-width spaces before a ping', '\u200b'.repeat(40_000) + '@here'],
    ['thousands of nested labels around a long name', '<@U1|'.repeat(4000) + 'a'.repeat(20_000) + '>'.repeat(4000)],
    ['40,000 angle brackets', '<'.repeat(20_000) + '>'.repeat(20_000)],
    ['40,000 at signs', '@'.repeat(40_000) + 'here'],
    ['repeated broadcasts', '<!here> '.repeat(5000)],
  ])('finishes quickly on %s', (_, input) => {
    let output = '';
    expect(timed(() => (output = removePings(input)))).toBeLessThan(1000);
    expectNoPings(output);
  });

  it.each([
    ['emoji with joiners and skin tones', 'deploy 👩🏽‍💻 and 👨‍👩‍👧 done ✅'],
    ['Arabic', 'مرحبا، كيف يمكنني إعادة تعيين كلمة المرور؟'],
    ['Hebrew with bidi marks', 'שלום \u200fעולם\u200f'],
    ['Persian with a zero-width non-joiner', 'می\u200cخواهم'],
    ['keycap emoji', 'press 1️⃣ then #️⃣'],
    ['e-mail addresses', 'write to ada@example.com'],
  ])('keeps %s untouched', (_, input) => {
    expect(removePings(input)).toBe(input);
  });

  it('keeps the invisible characters of text around a removed ping', () => {
    expect(removePings('שלום\u200f @here עולם')).toBe('שלום\u200f עולם');
  });

  it.each([[''], ['   '], ['\n']])('returns whitespace-only input as is: %j', (input) => {
    expect(removePings(input)).toBe(input);
  });
});
