import type { Article } from '../knowledge/article';
import { fold, normalizeTerm } from '../search/analyzer';
import type { Highlight } from './reply';

const MAX_SNIPPET_LENGTH = 240;
const WORD = /[\p{L}\p{N}]+(?:[._@:/\\+#'’-]+[\p{L}\p{N}]+)*/gu;

/** A snippet: plain text from the article, with the question's words marked. */
export interface Snippet {
  text: string;
  highlights: Highlight[];
}

/**
 * Picks the sentence of an article's body that best shows why it matched: the one holding
 * the most telling words of the question, cut to a few lines around the first of them.
 * Falls back to the body's opening, never to an alternate question.
 */
export function makeSnippet(article: Article, queryTerms: readonly string[], weightOf: (term: string) => number): Snippet {
  const wanted = new Set(queryTerms);
  const sentences = splitSentences(markdownToText(article.body));
  // The body shows the answer itself. An alternate question it matched through is no answer
  // (a learned phrasing once stood in for it): the body's opening is shown instead.
  const chosen = bestPassage(sentences, wanted, weightOf) ?? sentences[0] ?? article.title;
  return highlight(cut(chosen, wanted), wanted);
}

function bestPassage(passages: readonly string[], wanted: ReadonlySet<string>, weightOf: (term: string) => number): string | undefined {
  // A stem is nearly always a prefix of the words it comes from, so a passage holding none
  // of the stems' first letters cannot match and is skipped without tokenizing it.
  const probes = [...wanted].map((term) => term.slice(0, 3));
  let best: { text: string; score: number } | undefined;
  for (const text of passages) {
    const folded = fold(text);
    if (!probes.some((probe) => folded.includes(probe))) continue;
    const seen = new Set<string>();
    for (const { term } of words(text)) if (wanted.has(term)) seen.add(term);
    let score = 0;
    for (const term of seen) score += weightOf(term);
    if (score > 0 && (!best || score > best.score)) best = { text, score };
  }
  return best?.text;
}

/** Markdown to readable plain text: markup gone, link text kept, code kept as written. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n([\s\S]*?)```/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[ \t]+/g, ' ');
}

function splitSentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9“"(])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** The words of a text as search terms, with where each stands; a compound also yields its parts. */
export function* words(text: string): Generator<{ term: string; start: number; end: number }> {
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const raw = match[0];
    yield { term: normalizeTerm(fold(raw.replace(/['’]/g, ''))), start, end: start + raw.length };
    // A compound also counts by its parts (`report.xlsx` holds `report`).
    const parts = raw.split(/[._@:/\\+#'’-]+/);
    if (parts.length > 1) {
      let offset = start;
      for (const part of parts) {
        const at = text.indexOf(part, offset);
        offset = at + part.length;
        yield { term: normalizeTerm(fold(part)), start: at, end: at + part.length };
      }
    }
  }
}

/** Cuts long text to a window that starts shortly before the first wanted word. */
function cut(text: string, wanted: ReadonlySet<string>): string {
  if (text.length <= MAX_SNIPPET_LENGTH) return text;
  let first = 0;
  for (const word of words(text)) {
    if (wanted.has(word.term)) {
      first = word.start;
      break;
    }
  }
  let start = Math.max(0, first - 60);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + MAX_SNIPPET_LENGTH);
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

function highlight(text: string, wanted: ReadonlySet<string>): Snippet {
  const highlights: Highlight[] = [];
  for (const word of words(text)) {
    if (!wanted.has(word.term)) continue;
    const last = highlights.at(-1);
    if (last && word.start < last.end) continue;
    highlights.push({ start: word.start, end: word.end });
  }
  return { text, highlights };
}
