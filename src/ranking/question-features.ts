import { normalizeTerm, tokenize } from '../search/analyzer';

/**
 * The features the learned model reads from a question: its words (stemmed, stop words
 * included: "how much" and "what is" tell intents apart) and each pair of neighbouring
 * words, so word order says a little more than the words alone.
 */
export function questionFeatures(text: string): string[] {
  const terms = tokenize(text).map(normalizeTerm);
  const features = new Set<string>(terms);
  for (let i = 1; i < terms.length; i++) features.add(`${terms[i - 1]} ${terms[i]}`);
  return [...features];
}
