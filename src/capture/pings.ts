/**
 * One visible character with the invisible ones (zero-width spaces, joiners, bidi marks,
 * variation selectors) that follow it. Matching looks only at `key`, so invisible
 * characters can't split a ping, yet they stay in the text: emoji sequences and
 * right-to-left text need them.
 */
interface Glyph {
  text: string;
  /** The character folded for matching: full-width and styled forms to ASCII, lower case. */
  key: string;
}

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const WORD_KEY = /^[\p{L}\p{N}]$/u;
const BROADCASTS = ['channel', 'here', 'everyone', 'group'];
const LABELLED_SPECIALS = ['subteam^', 'date^'];
const KEYWORDS = ['here', 'channel', 'everyone'];
const FALLBACK_NAME = 'someone';

/**
 * Removes everything that could notify people from Markdown: `<!channel>`, `<!here>`,
 * `<!everyone>` and `<!group>` (with or without a `|label`), the plain words `@channel`,
 * `@here`, `@everyone` (anywhere, even inside an e-mail address) and `@all` (as a word).
 * `<!subteam^ID|@team>` and `<!date^…|text>` become their label without `@`;
 * `<@U123|name>` becomes `name` and a bare `<@U123>` becomes "someone", since no name is
 * known here. Any other `<!` or `<@` left (`<!DOCTYPE html>`) is escaped as `&lt;`.
 * Full-width `＠`/`＜`/`！`, zero-width characters and nesting such as `<!<!here>channel>`
 * don't get past it: removal works on the text as it results, like a loop run until
 * nothing changes, in one linear pass.
 */
export function removePings(markdown: string): string {
  return new PingFilter().run(markdown);
}

class PingFilter {
  private readonly out: Glyph[] = [];
  /** Indices in `out` of `<` still waiting for their `>`. */
  private readonly opens: number[] = [];
  /** Set after a removal, so the removed ping's surrounding spaces don't double up. */
  private dropSpace = false;

  run(text: string): string {
    for (const glyph of glyphsOf(text)) this.add(glyph);
    const start = this.allEndingAt(this.out.length - 1, true);
    if (start >= 0) this.remove(start, this.out.length);
    return this.render();
  }

  private add(glyph: Glyph): void {
    const { out } = this;
    // `@all` is only a ping as a whole word, which the character after it settles.
    if (!WORD_KEY.test(glyph.key)) {
      const start = this.allEndingAt(out.length - 1, true);
      if (start >= 0) this.remove(start, out.length);
    }
    const skip = this.dropSpace && glyph.key === ' ' && (out.length === 0 || isBlank(out[out.length - 1]!.key));
    this.dropSpace = false;
    if (skip) return;
    out.push(glyph);
    if (glyph.key === '<') this.opens.push(out.length - 1);
    else if (glyph.key === '>') this.close();
    else {
      const start = this.keywordEndingAt(out.length - 1);
      if (start >= 0) this.remove(start, out.length);
    }
  }

  /** Handles a `>`: the `<` it closes may start a Slack special form. */
  private close(): void {
    const start = this.opens.pop();
    if (start === undefined) return;
    const { out } = this;
    const end = out.length - 1;
    const first = out[start + 1]?.key;
    if (first === '!') {
      const name = this.nameAfter(start + 2, end);
      if (BROADCASTS.includes(name.word)) this.remove(start, out.length);
      else if (LABELLED_SPECIALS.includes(name.word + name.next)) this.replaceWithLabel(start, end, '');
    } else if (first === '@' && WORD_KEY.test(out[start + 2]?.key ?? '')) {
      this.replaceWithLabel(start, end, FALLBACK_NAME);
    }
  }

  /** The letters after `<!` (at most one word's worth) and the character that ends them. */
  private nameAfter(from: number, end: number): { word: string; next: string } {
    let word = '';
    let index = from;
    while (index < end && word.length <= 10 && /^[a-z]$/.test(this.out[index]!.key)) word += this.out[index++]!.key;
    return { word, next: index < end ? this.out[index]!.key : '' };
  }

  /** Replaces `out[start..end]` (a `<…>` form) by the text after its first `|`, minus leading `@`. */
  private replaceWithLabel(start: number, end: number, fallback: string): void {
    const { out } = this;
    let bar = start + 1;
    while (bar < end && out[bar]!.key !== '|') bar++;
    let labelStart = bar + 1;
    while (labelStart < end && (out[labelStart]!.key === '@' || out[labelStart]!.key === ' ')) labelStart++;
    out.pop(); // the `>`
    if (labelStart >= end) {
      this.remove(start, out.length);
      for (const char of fallback) out.push({ text: char, key: char });
      if (fallback) this.dropSpace = false;
      return;
    }
    out.splice(start, labelStart - start);
    this.settleJoin(start);
  }

  /** After a label moved next to earlier text, removes a keyword the join spelled. */
  private settleJoin(join: number): void {
    const { out } = this;
    // A removal makes a new join further left, which may spell another keyword: loop until none.
    for (let end = join; end < Math.min(out.length, join + 9); end++) {
      const keyword = this.keywordEndingAt(end);
      const start = keyword >= 0 ? keyword : this.allEndingAt(end, false);
      if (start >= 0 && start < join) {
        out.splice(start, end - start + 1);
        join = start;
        end = join - 1;
      }
    }
  }

  /** Start index of `@here`/`@channel`/`@everyone` ending at `end`, or -1. */
  private keywordEndingAt(end: number): number {
    for (const keyword of KEYWORDS) {
      const start = end - keyword.length;
      if (start >= 0 && this.out[start]!.key === '@' && this.spells(start + 1, keyword)) return start;
    }
    return -1;
  }

  /**
   * Start index of `@all` ending at `end` and standing as a word, or -1. `atEdge` means
   * whatever follows `end` is not a letter or digit (or nothing follows yet).
   */
  private allEndingAt(end: number, atEdge: boolean): number {
    const { out } = this;
    const start = end - 3;
    if (start < 0 || out[start]!.key !== '@' || !this.spells(start + 1, 'all')) return -1;
    if (start > 0 && WORD_KEY.test(out[start - 1]!.key)) return -1;
    const next = out[end + 1];
    if (next ? WORD_KEY.test(next.key) : !atEdge) return -1;
    return start;
  }

  private spells(from: number, word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.out[from + i]?.key !== word[i]) return false;
    return true;
  }

  /** Drops `out[start..end)`, which never holds a `<` still waiting on the stack. */
  private remove(start: number, end: number): void {
    this.out.splice(start, end - start);
    while (this.opens.length > 0 && this.opens[this.opens.length - 1]! >= start) this.opens.pop();
    this.dropSpace = true;
  }

  private render(): string {
    const { out } = this;
    let text = '';
    for (let i = 0; i < out.length; i++) {
      const glyph = out[i]!;
      const next = out[i + 1]?.key;
      // Escaped, a leftover `<!` or `<@` shows the same in Markdown and in Slack but can't ping.
      if (glyph.key === '<' && (next === '!' || next === '@')) text += '&lt;' + glyph.text.slice(1);
      else text += glyph.text;
    }
    return text;
  }
}

/** Splits text into visible characters, each carrying the invisible ones after it. */
function glyphsOf(text: string): Glyph[] {
  const glyphs: Glyph[] = [];
  for (const char of text) {
    const last = glyphs[glyphs.length - 1];
    if (IGNORABLE.test(char)) {
      if (last) last.text += char;
      else glyphs.push({ text: char, key: '' });
    } else {
      glyphs.push({ text: char, key: keyOf(char) });
    }
  }
  return glyphs;
}

const keyCache = new Map<string, string>();

/** Folds `＠`, `ｈ`, `𝐡` and the like to the ASCII character they imitate, in lower case. */
function keyOf(char: string): string {
  if (char.length === 1 && char.charCodeAt(0) < 0x80) return char.toLowerCase();
  let key = keyCache.get(char);
  if (key === undefined) {
    const folded = char.normalize('NFKC');
    key = folded.length === 1 && folded.charCodeAt(0) < 0x80 ? folded.toLowerCase() : char;
    if (keyCache.size < 4096) keyCache.set(char, key);
  }
  return key;
}

function isBlank(key: string): boolean {
  return key === ' ' || key === '\n' || key === '\t';
}
