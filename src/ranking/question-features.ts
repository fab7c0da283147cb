import { normalizeTerm, tokenize } from '../search/analyzer';

/** Length of the character n-grams: long enough to carry meaning, short enough to survive typos. */
const GRAM = 4;

/** What the features are made of; a model saved with other features is not loaded. Bump when `questionFeatures` changes. */
export const FEATURES_VERSION = `features-1 gram-${GRAM}`;

/**
 * The features the learned model reads from a question: its words (stemmed, stop words
 * included: "how much" and "what is" tell intents apart), each pair of neighbouring
 * words (word order), and character 4-grams across the words, so a typo or another form
 * of a word still shares most of its features with the right one.
 */
export function questionFeatures(text: string): string[] {
  const terms = tokenize(text).map(normalizeTerm);
  const features = new Set<string>(terms);
  for (let i = 1; i < terms.length; i++) features.add(`${terms[i - 1]} ${terms[i]}`);
  const joined = ` ${terms.join(' ')} `;
  for (let i = 0; i + GRAM <= joined.length; i++) features.add(`#${joined.slice(i, i + GRAM)}`);
  return [...features];
}
