import stem from 'wink-porter2-stemmer';
import { isStopWord } from './stop-words';

/** Bump whenever tokenizing, folding or stemming changes: saved indexes made before are rebuilt. */
export const ANALYZER_VERSION = 1;

/** Longest token kept; longer runs are hashes or pasted junk that no one types again. */
const MAX_TOKEN_LENGTH = 64;

/**
 * A word, or a compound of words joined by `. _ @ : / \ + # -` (error codes like
 * `0x80070005`, versions like `v2.3.1`, file names, emails, URLs).
 */
const TOKEN = /[\p{L}\p{N}]+(?:[._@:/\\+#-]+[\p{L}\p{N}]+)*/gu;
const CAMEL_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const ALPHABETIC = /^\p{L}+$/u;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Case and diacritics folding: `Résumé` and `resume` are one term. */
export function fold(text: string): string {
  // Most text is ASCII, where folding is only lower-casing; Unicode normalization costs far more.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/**
 * Splits text into search tokens, folded but not stemmed. A compound yields itself and
 * its parts, so `wi-fi` finds `wifi` and `wi fi`, and `report.xlsx` finds `report`;
 * `OneDrive` yields `onedrive`, `one` and `drive`.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const cleaned = text.replace(/(\p{L})['’](\p{L})/gu, '$1$2');
  for (const match of cleaned.matchAll(TOKEN)) {
    const raw = match[0];
    if (raw.length > MAX_TOKEN_LENGTH) continue;
    const parts = raw.split(/[._@:/\\+#-]+/).flatMap((part) => part.split(CAMEL_BOUNDARY));
    if (parts.length === 1) {
      tokens.push(fold(raw));
      continue;
    }
    const joinedByHyphen = /^[\p{L}-]+$/u.test(raw);
    tokens.push(fold(joinedByHyphen ? raw.replace(/-/g, '') : raw));
    for (const part of parts) if (part.length > 1) tokens.push(fold(part));
  }
  return tokens;
}

/** Stems already computed; words repeat so much that this saves most of the stemming. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 200_000;

/** The index form of one folded token: alphabetic words are stemmed, codes and numbers kept as typed. */
export function normalizeTerm(token: string): string {
  let term = stems.get(token);
  if (term === undefined) {
    term = ALPHABETIC.test(token) ? stem(token) : token;
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(token, term);
  }
  return term;
}

/**
 * Turns a question into the terms to look up. Stop words are dropped when the question
 * has other words, and kept when it has nothing else ("how do I?"), so short questions
 * never vanish.
 */
export function analyzeQuery(question: string): string[] {
  const tokens = tokenize(question);
  const content = tokens.filter((token) => !isStopWord(token));
  return unique((content.length > 0 ? content : tokens).map(normalizeTerm));
}

/** The terms stored for a field's text; stop words are indexed only in short fields. */
export function analyzeField(text: string, keepStopWords: boolean): string[] {
  const tokens = tokenize(text);
  return (keepStopWords ? tokens : tokens.filter((token) => !isStopWord(token))).map(normalizeTerm);
}

function unique(terms: string[]): string[] {
  return [...new Set(terms)];
}
