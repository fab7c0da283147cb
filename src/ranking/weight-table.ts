/**
 * A hash table from (article number, feature number) to a weight, in typed arrays.
 * The model reads and writes millions of weights while training; a JavaScript Map of
 * Maps spends most of that time allocating and hashing, this does not.
 */
export class WeightTable {
  private articles: Int32Array;
  private features: Int32Array;
  private values: Float64Array;
  private used = 0;

  constructor(capacity = 1 << 16) {
    this.articles = new Int32Array(0);
    this.features = new Int32Array(0);
    this.values = new Float64Array(0);
    this.allocate(capacity);
  }

  get size(): number {
    return this.used;
  }

  get(article: number, feature: number): number {
    const mask = this.articles.length - 1;
    for (let slot = hash(article, feature) & mask; ; slot = (slot + 1) & mask) {
      const found = this.articles[slot]!;
      if (found === EMPTY) return 0;
      if (found === article && this.features[slot] === feature) return this.values[slot]!;
    }
  }

  add(article: number, feature: number, delta: number): void {
    const mask = this.articles.length - 1;
    let slot = hash(article, feature) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const found = this.articles[slot]!;
      if (found === EMPTY) break;
      if (found === article && this.features[slot] === feature) {
        this.values[slot]! += delta;
        return;
      }
    }
    if ((this.used + 1) * 2 > this.articles.length) {
      this.rebuild(this.articles.length * 2, () => true);
      this.add(article, feature, delta);
      return;
    }
    this.articles[slot] = article;
    this.features[slot] = feature;
    this.values[slot] = delta;
    this.used += 1;
  }

  /** Keeps only the weights `keep` accepts, rebuilding the table compactly. */
  filter(keep: (value: number) => boolean): void {
    let count = 0;
    for (let i = 0; i < this.articles.length; i++) if (this.articles[i] !== EMPTY && keep(this.values[i]!)) count += 1;
    this.rebuild(count * 2 + 2, keep);
  }

  /** Every entry, for saving the model. */
  *entries(): Generator<[article: number, feature: number, weight: number]> {
    for (let i = 0; i < this.articles.length; i++) {
      if (this.articles[i] !== EMPTY) yield [this.articles[i]!, this.features[i]!, this.values[i]!];
    }
  }

  /** Every entry as three parallel arrays, for saving the model (see `fromArrays`). */
  toArrays(): WeightArrays {
    const articles = new Int32Array(this.used);
    const features = new Int32Array(this.used);
    const values = new Float64Array(this.used);
    let n = 0;
    for (let i = 0; i < this.articles.length; i++) {
      if (this.articles[i] === EMPTY) continue;
      articles[n] = this.articles[i]!;
      features[n] = this.features[i]!;
      values[n] = this.values[i]!;
      n += 1;
    }
    return { articles, features, values };
  }

  /** A table holding the entries `toArrays` gave: the same weight for every (article, feature). */
  static fromArrays({ articles, features, values }: WeightArrays): WeightTable {
    const table = new WeightTable(articles.length * 2 + 2);
    for (let i = 0; i < articles.length; i++) table.place(articles[i]!, features[i]!, values[i]!);
    return table;
  }

  private allocate(capacity: number): void {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity)));
    this.articles = new Int32Array(size).fill(EMPTY);
    this.features = new Int32Array(size);
    this.values = new Float64Array(size);
    this.used = 0;
  }

  private rebuild(capacity: number, keep: (value: number) => boolean): void {
    const { articles, features, values } = this;
    this.allocate(capacity);
    for (let i = 0; i < articles.length; i++) {
      if (articles[i] !== EMPTY && keep(values[i]!)) this.place(articles[i]!, features[i]!, values[i]!);
    }
  }

  /** Puts an entry known to be absent in the first free slot of its probe sequence (the table has room). */
  private place(article: number, feature: number, value: number): void {
    const mask = this.articles.length - 1;
    let slot = hash(article, feature) & mask;
    while (this.articles[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.articles[slot] = article;
    this.features[slot] = feature;
    this.values[slot] = value;
    this.used += 1;
  }
}

/** A weight table's entries, in parallel arrays. */
export interface WeightArrays {
  articles: Int32Array;
  features: Int32Array;
  values: Float64Array;
}

const EMPTY = -1;

// Read once: under jest's vm context every global lookup is slow, and training hashes millions of times.
const imul = Math.imul;

function hash(article: number, feature: number): number {
  let h = imul(article, 0x9e3779b1) ^ imul(feature, 0x85ebca6b);
  h ^= h >>> 15;
  h = imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
