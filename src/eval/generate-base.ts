/**
 * A deterministic generator of help-desk knowledge bases for the benchmark: the same seed
 * and size always give the same articles and questions. Words follow a Zipf law over a
 * vocabulary that grows with the base (Heaps' law), headed by real help-desk words and
 * with a long tail of product names, error codes and versions, so a large base has what
 * makes real ones slow: common words shared by most articles and a huge vocabulary.
 */
import { STOP_WORDS } from '../search/stop-words';

export interface GeneratedArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
  questions: string[];
}

/** A question people would ask, and the article that answers it. */
export interface GeneratedQuestion {
  question: string;
  article: string;
}

export interface GeneratedBase {
  articles: GeneratedArticle[];
  questions: GeneratedQuestion[];
}

/** The head of the vocabulary, most frequent first: words every help desk uses. */
const HEAD = `account password access error email laptop install update windows login user team file
  printer network vpn reset phone office screen app settings meeting calendar drive folder share server
  connect sign issue request ticket computer device support security update version browser chrome
  outlook teams slack zoom wifi internet connection link page message click open new change set up
  admin permission manager policy form expense leave holiday payroll benefits contract desk badge card
  key code number name address time day week month year company staff employee hr it help problem
  work working stopped broken slow fast failed failing missing lost locked blocked expired sync backup
  restore delete remove add enable disable turn allow deny approve submit send receive download upload
  print scan copy paste save edit create find search view show list report dashboard data database
  table sheet spreadsheet document doc pdf word excel powerpoint image photo video audio camera
  microphone headset monitor keyboard mouse dock charger battery power cable usb bluetooth adapter
  storage disk space memory cpu certificate token authenticator mfa sso domain proxy firewall port
  dns ip router license subscription trial renewal invoice purchase order vendor supplier shipping
  travel booking flight hotel mileage reimbursement receipt approval workflow onboarding offboarding
  training course review performance goal salary bonus pension insurance sick parental remote home
  hybrid parking visitor guest reception kitchen room floor building location site region language
  notification alert reminder status history log audit compliance gdpr privacy retention archive
  mailbox alias distribution group channel chat call voicemail conference recording transcript
  wiki intranet portal knowledge article guide policy handbook template signature profile avatar`
  .split(/\s+/)
  .filter(Boolean);

const VERBS = ['reset', 'install', 'connect', 'change', 'set up', 'fix', 'remove', 'add', 'update', 'find', 'request', 'share', 'restore', 'enable', 'book', 'submit'];
const TAGS = ['it', 'hr', 'finance', 'facilities', 'security', 'travel', 'onboarding', 'hardware', 'software', 'network', 'email', 'payroll'];
const SYLLABLES = 'ka lo mi ne ru sa ti vo ze xa qu bri cor dan fel gan hol jor kel lam mor nix pol quin ros sel tor ul vex wyn yar zan'.split(' ');
const QUESTION_OPENERS = ['how do i', 'how can i', 'how to', "i can't", 'where do i', 'what is the way to', 'is it possible to', 'help', 'why does', 'cannot'];
const STOPS = [...STOP_WORDS];

/** A seeded pseudo-random number generator (mulberry32): fast, and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0..size-1 with probability ∝ 1 / (rank + 2)^exponent. */
function zipf(size: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) cumulative[i] = total += 1 / Math.pow(i + 2, exponent);
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** A made-up word for the long tail: product names, internal tools, codes and versions. */
function tailWord(i: number, random: () => number): string {
  const kind = i % 20;
  if (kind === 0) return `0x${(0x80070000 + Math.floor(random() * 0xffff)).toString(16)}`;
  if (kind === 1) return `v${1 + Math.floor(random() * 12)}.${Math.floor(random() * 20)}.${Math.floor(random() * 9)}`;
  if (kind === 2) return `err-${1000 + Math.floor(random() * 9000)}`;
  const parts = 2 + Math.floor(random() * 3);
  let word = '';
  for (let p = 0; p < parts; p++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return word;
}

/** Generates `size` articles and `questionCount` questions asked about them. */
export function generateBase(size: number, questionCount: number, seed = 42): GeneratedBase {
  const random = seededRandom(seed * 1_000_003 + size);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Heaps' law: the vocabulary grows sublinearly with the text.
  const vocabulary = [...HEAD];
  const seen = new Set(vocabulary);
  const vocabularySize = Math.round(HEAD.length + 60 * Math.pow(size, 0.75));
  for (let i = 0; vocabulary.length < vocabularySize && i < vocabularySize * 4; i++) {
    const word = tailWord(i, random);
    if (!seen.has(word)) {
      seen.add(word);
      vocabulary.push(word);
    }
  }
  const general = zipf(vocabulary.length, 1.05, random);
  const stopword = zipf(STOPS.length, 0.9, random);
  // Topic words come from the middle and tail: what one article is about, shared with few others.
  const topical = zipf(vocabulary.length - 60, 0.6, random);
  const word = () => vocabulary[general()]!;

  const articles: GeneratedArticle[] = [];
  const topics: string[][] = [];
  for (let n = 0; n < size; n++) {
    const topic = Array.from({ length: 3 + Math.floor(random() * 4) }, () => vocabulary[60 + topical()]!);
    topics.push(topic);
    const phrase = () => `${pick(VERBS)} ${topic[0]} ${pick(topic)}`;
    const title = `${capitalize(pick(['How to', 'Cannot', 'Request to', 'Guide:', 'Troubleshoot']))} ${phrase()} ${random() < 0.5 ? word() : ''}`.trim();
    // Body lengths are log-normal: most articles are short, a few are long.
    const length = Math.min(1500, Math.max(15, Math.round(Math.exp(4.7 + 0.7 * gaussian(random)))));
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      const r = random();
      words.push(r < 0.42 ? STOPS[stopword()]! : r < 0.55 ? pick(topic) : word());
      if (random() < 0.07) words.push(random() < 0.7 ? '.' : '\n\n');
    }
    const questions = Array.from({ length: Math.floor(random() * 4) }, () => askAbout(topic, random, word));
    const tags = Array.from({ length: Math.floor(random() * 3) }, () => pick(TAGS));
    articles.push({ id: `kb-${n.toString().padStart(6, '0')}`, title, body: sentences(words), tags: [...new Set(tags)], questions });
  }
  const questions: GeneratedQuestion[] = [];
  for (let q = 0; q < questionCount; q++) {
    const target = Math.floor(random() * size);
    questions.push({ question: askAbout(topics[target]!, random, word, true), article: articles[target]!.id });
  }
  return { articles, questions };
}

/** A 3-8 word question about a topic, as people type them: an opener, topic words, a common word, now and then a typo. */
function askAbout(topic: readonly string[], random: () => number, word: () => string, typos = false): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const parts = [pick(QUESTION_OPENERS).split(' ').slice(0, 1 + Math.floor(random() * 3)).join(' ')];
  const topicWords = 1 + Math.floor(random() * 3);
  for (let i = 0; i < topicWords; i++) parts.push(typos && random() < 0.08 ? typo(pick(topic), random) : pick(topic));
  if (random() < 0.7) parts.push(word());
  if (random() < 0.4) parts.push(pick(['on my laptop', 'at home', 'again', 'for my team', 'from outlook', 'today']));
  return parts.join(' ').split(' ').slice(0, 8).join(' ');
}

function typo(word: string, random: () => number): string {
  if (word.length < 6 || !/^[a-z]+$/.test(word)) return word;
  const at = 1 + Math.floor(random() * (word.length - 2));
  return word.slice(0, at) + word.slice(at + 1);
}

function sentences(words: string[]): string {
  return words
    .join(' ')
    .replace(/ ([.\n])/g, '$1')
    .replace(/(^|[.\n] ?)([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
