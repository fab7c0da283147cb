import { analyzeQuery } from '../search/analyzer';

/**
 * Mean cosine similarity (tf-idf over terms and their 4-grams) at which two groups of
 * questions are one topic. Chosen on CLINC150 (20 paraphrases each of 10 intents, three
 * samples): 0.1 keeps 94-97% of questions with their own intent's majority and puts
 * 67-81% of each intent in one group; 0.25 is purer (97-99%) but splits intents into
 * groups of 2-3 (43-51% together).
 */
export const DEFAULT_CLUSTER_THRESHOLD = 0.1;

/** A group of questions about one topic, with a label made of its most telling words. */
export interface QuestionCluster<Q> {
  members: Q[];
  /** Up to three words most members share, rare ones first: "vpn, disconnect". */
  label: string;
}

type Vector = Map<string, number>;

/**
 * Groups questions by topic: each question becomes an idf-weighted vector of its analyzed
 * terms (stems, without stop words), and groups merge by average linkage while their mean
 * cosine similarity is at least `threshold`. Average linkage keeps apart two topics that
 * merely share one word through a single pair of questions (single linkage would chain
 * them), and the nearest-neighbour chain finds the same merges in O(n²) time.
 */
export function clusterQuestions<Q>(questions: readonly Q[], textOf: (question: Q) => string, threshold = DEFAULT_CLUSTER_THRESHOLD): Array<QuestionCluster<Q>> {
  const terms = questions.map((q) => features(analyzeQuery(textOf(q))));
  const idf = inverseFrequencies(terms);
  const vectors = terms.map((list) => normalize(new Map(list.map((term) => [term, idf.get(term)!]))));
  const groups = averageLinkage(vectors, threshold);
  return groups
    .map((indexes) => ({ members: indexes.map((i) => questions[i]!), label: labelOf(indexes.map((i) => textOf(questions[i]!)), idf) }))
    .sort((a, b) => b.members.length - a.members.length);
}

/**
 * A question's terms and the character 4-grams of each, so that variants the stemmer
 * keeps apart (a typo, "wifi" and "wi-fi's", a plural of a code) still count as shared.
 */
function features(terms: string[]): string[] {
  const grams: string[] = [];
  for (const term of terms) {
    const padded = `_${term}_`;
    for (let i = 0; i + 4 <= padded.length; i++) grams.push(`#${padded.slice(i, i + 4)}`);
  }
  return [...terms, ...new Set(grams)];
}

function inverseFrequencies(documents: readonly string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const terms of documents) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = documents.length;
  return new Map([...df].map(([term, count]) => [term, Math.log(1 + n / count)]));
}

function normalize(vector: Vector): Vector {
  const length = Math.sqrt([...vector.values()].reduce((sum, w) => sum + w * w, 0));
  if (length > 0) for (const [term, w] of vector) vector.set(term, w / length);
  return vector;
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small) dot += w * (large.get(term) ?? 0);
  return dot;
}

/** Indexes of the vectors, grouped; average-linkage clustering cut at `threshold`. */
function averageLinkage(vectors: readonly Vector[], threshold: number): number[][] {
  const n = vectors.length;
  const similarity = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = cosine(vectors[i]!, vectors[j]!);
      similarity[i * n + j] = s;
      similarity[j * n + i] = s;
    }
  }
  // Cluster `i` lives in slot i until merged into another slot; `size` and `members` follow it.
  const members: number[][] = vectors.map((_, i) => [i]);
  const active = new Set(members.keys());
  const done: number[][] = [];
  const chain: number[] = [];
  while (active.size > 0) {
    if (chain.length === 0) chain.push(active.values().next().value!);
    const a = chain.at(-1)!;
    let best = -1;
    let bestSimilarity = -Infinity;
    const previous = chain.at(-2);
    for (const c of active) {
      if (c === a) continue;
      const s = similarity[a * n + c]!;
      // Ties go to the previous link of the chain, so the chain always ends in a mutual pair.
      if (s > bestSimilarity || (s === bestSimilarity && c === previous)) {
        best = c;
        bestSimilarity = s;
      }
    }
    if (best < 0 || bestSimilarity < threshold) {
      // Average linkage never raises a similarity by merging, so nothing on the chain can reach the threshold any more.
      for (const c of chain) {
        active.delete(c);
        done.push(members[c]!);
      }
      chain.length = 0;
      continue;
    }
    if (best !== previous) {
      chain.push(best);
      continue;
    }
    chain.length -= 2;
    const [sizeA, sizeB] = [members[a]!.length, members[best]!.length];
    for (const c of active) {
      if (c === a || c === best) continue;
      const s = (sizeA * similarity[a * n + c]! + sizeB * similarity[best * n + c]!) / (sizeA + sizeB);
      similarity[a * n + c] = s;
      similarity[c * n + a] = s;
    }
    members[a]!.push(...members[best]!);
    active.delete(best);
  }
  return done;
}

const WRITTEN_WORD = /[\p{L}\p{N}]+/gu;

/** The cluster's most telling words: shared by many members, rare in the whole set; shown as people typed them. */
function labelOf(texts: readonly string[], idf: Map<string, number>): string {
  const shared = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  for (const text of texts) {
    const terms = new Set(analyzeQuery(text));
    for (const term of terms) shared.set(term, (shared.get(term) ?? 0) + 1);
    // Words as written (accents kept: "oublié", not the index's "oublie"), each matched to its term.
    for (const token of text.toLowerCase().match(WRITTEN_WORD) ?? []) {
      const [term] = analyzeQuery(token);
      if (term === undefined || !terms.has(term)) continue;
      const forms = surface.get(term) ?? new Map<string, number>();
      forms.set(token, (forms.get(token) ?? 0) + 1);
      surface.set(term, forms);
    }
  }
  const minimum = texts.length > 1 ? Math.max(2, Math.ceil(texts.length * 0.3)) : 1;
  const candidates = [...shared].filter(([, count]) => count >= minimum);
  // Words of one or two letters ("de", "la" of a language the analyzer does not know) say little; kept only when nothing else is left.
  const telling = candidates.filter(([term]) => term.length > 2);
  return (telling.length > 0 ? telling : candidates)
    .map(([term, count]) => ({ term, score: count * (idf.get(term) ?? 0) }))
    .sort((a, b) => b.score - a.score || b.term.length - a.term.length || a.term.localeCompare(b.term))
    .slice(0, 3)
    .map(({ term }) => mostCommon(surface.get(term)) ?? term)
    .join(', ');
}

function mostCommon(forms: Map<string, number> | undefined): string | undefined {
  if (!forms) return undefined;
  return [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
