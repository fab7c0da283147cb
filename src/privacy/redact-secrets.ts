/** What a secret is replaced with, wherever Lore keeps or logs text. */
export const REDACTED = '[redacted]';

export interface RedactOptions {
  /**
   * Also redact what people write about their secrets in words: `my password is hunter2`,
   * `pwd: S3cret!`. On for questions and logs; off for captured answers, where "the
   * password is on the sticker" is help-desk advice and only unmistakable secrets
   * (tokens, keys, credentials in URLs, assignments of long random values) go.
   */
  phrases?: boolean;
}

/** A PEM private key, whole. Every pattern here is anchored on a prefix or a delimiter, so none backtracks badly on long text. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g;

/** Secrets with a recognisable shape, made only of letters, digits, `_`, `-`, `.` and `/`: found the same in text and in its JSON. */
const TOKEN_SECRETS: readonly RegExp[] = [
  // Slack bot, user, app-config, refresh and legacy tokens, and app-level tokens.
  /\bxox[abeoprs]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens; fine-grained tokens.
  /\bgh[opusr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  // AWS access key ids (long-term and temporary).
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // JSON Web Tokens: base64url header and payload (both JSON objects, so `eyJ`), and a signature.
  /\beyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g,
  // Stripe, Slack webhook and Google API keys, common enough in help-desk pastes.
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
  /\bhooks\.slack\.com\/services\/[A-Za-z0-9/]+/g,
  /\bAIza[A-Za-z0-9_-]{35}/g,
];

/** `Bearer TOKEN` and `Authorization: Basic …`: the scheme stays, so the text still reads. */
const AUTH_SCHEMES = /\b(Bearer\s+|Authorization\s*[:=]\s*(?:Basic|Digest|Token|Bearer)?\s*)([A-Za-z0-9._~+/=-]{8,})/gi;

/** `scheme://user:PASSWORD@host`: the password of a connection string or URL. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@<>|]{1,100}:)([^\s@/<>|]{1,200})(@)/gi;

/** Names of settings that hold a secret, in `name=value`, `name: value` and `name is value`. */
const SECRET_NAME = String.raw`(?:pass(?:word|wd|phrase|code)?|pwd|secret|client[_ -]?secret|api[_ -]?key|access[_ -]?key|secret[_ -]?key|private[_ -]?key|auth[_ -]?token|access[_ -]?token|token)`;

/** `password=…`, `pwd=…;` (connection strings), `"api_key": "…"`: an explicit assignment. */
const ASSIGNED_SECRET = new RegExp(String.raw`(\b[\w.-]{0,30}${SECRET_NAME}["']?\s*=\s*)("[^"\n]*"|'[^'\n]*'|<[^>\n]{0,60}>|[^\s;&,'"]+)`, 'gi');

/** `password: …` and `my password is …`: redacted only when the value looks like a secret, not a word. */
const SPOKEN_SECRET = new RegExp(String.raw`(\b${SECRET_NAME}["']?\s*(?::|\bis\b|\bwas\b)\s*)("[^"\n]*"|'[^'\n]*'|<[^>\n]{0,60}>|[^\s,;]+)`, 'gi');

/** Any `name=value` whose value is long and random: a key, whatever the setting is called. */
const ASSIGNED_VALUE = /(\b[A-Za-z_][\w.-]{0,40}["']?\s*[=:]\s*["']?)([A-Za-z0-9+_~-][A-Za-z0-9+/_.~-]{19,})/g;

/**
 * Replaces the secrets people paste into chat (tokens, private keys, passwords, keys in
 * settings, credentials in connection strings) with `[redacted]`. Runs before a question
 * is stored and before a log line is written, and with `phrases: false` on captured
 * answers. It errs on the side of the person: a long random value in a `key=value` goes
 * even when its name is not known to be secret.
 */
export function redactSecrets(text: string, options: RedactOptions = {}): string {
  // PEM keys cut off before their END line (a paste truncated by chat) go to the end of the text.
  let result = redactTokens(text.replace(PEM_PRIVATE_KEY, REDACTED));
  result = result.replace(AUTH_SCHEMES, (_match, scheme: string) => `${scheme}${REDACTED}`);
  result = result.replace(URL_CREDENTIALS, (_match, head: string, _password: string, at: string) => `${head}${REDACTED}${at}`);
  const assigned = options.phrases === false ? (value: string) => looksSecret(value) && !isPlaceholder(value) : (value: string) => value.length > 0;
  result = result.replace(ASSIGNED_SECRET, (match, head: string, value: string) => (isRedacted(value) || !assigned(unquote(value)) ? match : `${head}${REDACTED}`));
  if (options.phrases !== false) {
    result = result.replace(SPOKEN_SECRET, (match, head: string, value: string) => (isRedacted(value) || !looksSecret(unquote(value)) ? match : `${head}${trailing(value, REDACTED)}`));
  }
  result = result.replace(ASSIGNED_VALUE, (match, head: string, value: string) => (looksRandom(value) ? `${head}${REDACTED}` : match));
  return result;
}

/**
 * Only the token-shaped secrets (Slack, GitHub, AWS, JWT and API keys): safe to run over
 * serialized JSON, since none of them spans a quote or a backslash.
 */
export function redactTokens(text: string): string {
  let result = text;
  for (const pattern of TOKEN_SECRETS) result = result.replace(pattern, REDACTED);
  return result;
}

/** True when the text holds something redactSecrets would replace. */
export function hasSecret(text: string, options: RedactOptions = {}): boolean {
  return redactSecrets(text, options) !== text;
}

function isRedacted(value: string): boolean {
  return value.includes(REDACTED);
}

/** `<your password>`, `{{token}}`, `$SECRET`, `***`: how documentation shows where a secret goes. */
function isPlaceholder(value: string): boolean {
  return /^(?:<[^>]*>|\{+[^}]*\}+|\$\{?[A-Z_][A-Z0-9_]*\}?|[*.x•]+|%[A-Z_]+%)$/i.test(value);
}

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}

/** Keeps the sentence's closing punctuation after a redacted value ("is hunter2." → "is [redacted]."). */
function trailing(value: string, replacement: string): string {
  const end = /[.?)]+$/.exec(value)?.[0] ?? '';
  return value.length > end.length ? `${replacement}${end}` : value;
}

/**
 * A spoken value is a secret when it does not read as a word: "is expired", "is not working"
 * and "is wrong" stay, "is hunter2" and "is Tr0ub4dor&3" go. Lower-case words are kept.
 */
function looksSecret(raw: string): boolean {
  const value = raw.replace(/[.?)]+$/, "");
  if (value.length < 4) return false;
  if (/^[a-z]+$/.test(value) || /^[A-Z][a-z]+$/.test(value)) return false;
  return /\d/.test(value) || /[^A-Za-z0-9]/.test(value) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(value) || value.length >= 16;
}

/** Long, mixed and varied enough to be a generated key rather than a word, a path or a number. */
function looksRandom(value: string): boolean {
  if (value.length < 16) return false;
  const letters = /[A-Za-z]/.test(value);
  const digits = /\d/.test(value);
  if (!letters || !digits) return false;
  // Request and message ids are not secrets.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return false;
  // Paths, dotted names and hyphenated words are not keys.
  if (/^[\w-]+(?:[./][\w-]+){2,}$/.test(value) && !/[A-Z].*\d|\d.*[A-Z]/.test(value)) return false;
  return entropyBitsPerChar(value) >= 3.5;
}

/** Shannon entropy of the characters, in bits per character. */
function entropyBitsPerChar(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
