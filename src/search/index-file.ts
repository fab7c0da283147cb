import MiniSearch, { type Options } from 'minisearch';

/**
 * The saved search index, in a form a restart can use at once. MiniSearch's own JSON must
 * be parsed whole and turned into millions of small maps before the first question (about
 * 5 s at 100,000 articles, most of it the garbage collector). Here each term's postings stay
 * as bytes until a question, an edit or a vacuum first touches that term: a restart reads
 * the file, the per-article state and the term dictionary, and nothing else.
 *
 * Layout: u32 length of a JSON part (`SavedJson`), the JSON, the numbers `SavedJson` counts
 * as u32 (article numbers, field lengths, where each term's postings end), then the terms'
 * postings one after another (see `encodePostings`). Little-endian throughout.
 */

/** Field number → article number → how often the term occurs there, as MiniSearch keeps it. */
type Postings = Map<number, Map<number, number>>;

/** Terms are saved as one text; the analyzer never puts this character in a term. */
const TERM_SEPARATOR = '\u0000';

interface SavedJson<Extra> {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  /** Article ids in MiniSearch's order; their numbers follow as u32s. */
  ids: string[];
  terms: string;
  termCount: number;
  /** Whether the fields MiniSearch stores per article follow the postings (one JSON text each; their ends follow as u32s). */
  stored: boolean;
  /** What the caller saves with the index (see `encodeIndex`). */
  extra: Extra;
}

/** The MiniSearch internals this file reads and writes; `search-index` checks their shape first. */
interface Internals {
  _index: { set(term: string, postings: Postings): unknown; [Symbol.iterator](): Iterator<[string, Postings]> };
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, Record<string, unknown>>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  _dirtCount: number;
}

/**
 * The index as the bytes of a saved index file, with `extra` (JSON) saved beside it. The
 * articles come back in the same order (`documentOrder`), so per-article extras can be
 * saved as arrays in that order.
 */
export function encodeIndex<Extra>(miniSearch: MiniSearch<never> | MiniSearch<object>, extra: Extra): Uint8Array[] {
  const internals = miniSearch as unknown as Internals;
  const terms: string[] = [];
  const ends: number[] = [];
  const writer = new ByteWriter();
  for (const [term, postings] of internals._index) {
    if (term.includes(TERM_SEPARATOR)) throw new Error('a term holds the separator of saved terms');
    terms.push(term);
    const saved = postings instanceof SavedPostings ? postings.unreadBytes() : undefined;
    if (saved) writer.bytes(saved);
    else encodePostings(postings, writer);
    ends.push(writer.length);
  }
  const ids: string[] = [];
  const numbers: number[] = [];
  const fieldCount = internals._avgFieldLength.length;
  for (const [shortId, id] of internals._documentIds) {
    ids.push(id);
    numbers.push(shortId);
  }
  for (const shortId of internals._documentIds.keys()) {
    const lengths = internals._fieldLength.get(shortId) ?? [];
    for (let f = 0; f < fieldCount; f++) numbers.push(lengths[f] ?? 0);
  }
  for (const end of ends) numbers.push(end);
  // The fields MiniSearch stores per article, as one JSON text each, read back per article when asked for.
  const stored = internals._storedFields.size > 0;
  const storedWriter = new ByteWriter();
  if (stored) {
    const fields = internals._storedFields;
    for (const shortId of internals._documentIds.keys()) {
      const saved = fields instanceof SavedStoredFields ? fields.unreadBytes(shortId) : undefined;
      const value = saved ? undefined : fields.get(shortId);
      if (saved) storedWriter.bytes(saved);
      else if (value !== undefined) storedWriter.bytes(Buffer.from(JSON.stringify(value)));
      numbers.push(storedWriter.length);
    }
  }
  const json: SavedJson<Extra> = {
    documentCount: internals._documentCount,
    nextId: internals._nextId,
    fieldIds: internals._fieldIds,
    averageFieldLength: internals._avgFieldLength,
    dirtCount: internals._dirtCount,
    ids,
    terms: terms.join(TERM_SEPARATOR),
    termCount: terms.length,
    stored,
    extra,
  };
  const jsonBytes = Buffer.from(JSON.stringify(json));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, jsonBytes.length, true);
  const u32s = new Uint8Array(new Uint32Array(numbers).buffer);
  return [length, jsonBytes, littleEndian(u32s), ...writer.chunks(), ...storedWriter.chunks()];
}

/** The article ids of an index in the order `encodeIndex` saves and `decodeIndex` restores them. */
export function documentOrder(miniSearch: MiniSearch<never> | MiniSearch<object>): IterableIterator<string> {
  return (miniSearch as unknown as Internals)._documentIds.values();
}

/** A MiniSearch index from the bytes `encodeIndex` wrote, with the `options` it was built with. */
export function decodeIndex<T, Extra>(bytes: Uint8Array, options: Options<T>): { miniSearch: MiniSearch<T>; extra: Extra } {
  const damaged = () => new Error('the saved index is truncated or damaged');
  if (bytes.length < 4) throw damaged();
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + jsonLength > bytes.length) throw damaged();
  const saved = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, jsonLength).toString('utf8')) as SavedJson<Extra>;
  const fieldCount = saved.averageFieldLength.length;
  const articles = saved.ids.length;
  const numbersStart = 4 + jsonLength;
  const numbersEnd = numbersStart + 4 * (articles * (1 + fieldCount + (saved.stored ? 1 : 0)) + saved.termCount);
  if (numbersEnd > bytes.length) throw damaged();
  // A copy: the numbers need not start at a multiple of 4 in the file's bytes (and a Buffer's slice is not one).
  const copied = new Uint8Array(numbersEnd - numbersStart);
  copied.set(bytes.subarray(numbersStart, numbersEnd));
  const numbers = new Uint32Array(littleEndian(copied).buffer);
  const endsAt = articles * (1 + fieldCount);
  const storedEndsAt = endsAt + saved.termCount;
  const postingsLength = saved.termCount > 0 ? numbers[storedEndsAt - 1]! : 0;
  const postings = bytes.subarray(numbersEnd, numbersEnd + postingsLength);
  const storedBytes = bytes.subarray(numbersEnd + postingsLength);
  const storedLength = saved.stored && articles > 0 ? numbers[numbers.length - 1]! : 0;
  const terms = saved.termCount === 0 ? [] : saved.terms.split(TERM_SEPARATOR);
  if (terms.length !== saved.termCount || postings.length !== postingsLength || storedBytes.length !== storedLength) throw damaged();

  const miniSearch = MiniSearch.loadJS<T>(
    { documentCount: saved.documentCount, nextId: saved.nextId, fieldIds: saved.fieldIds, averageFieldLength: saved.averageFieldLength, dirtCount: saved.dirtCount, documentIds: {}, fieldLength: {}, storedFields: {}, index: [], serializationVersion: 2 },
    options,
  );
  const internals = miniSearch as unknown as Internals;
  const storedFields = new SavedStoredFields(storedBytes, saved.nextId);
  let storedStart = 0;
  saved.ids.forEach((id, i) => {
    const shortId = numbers[i]!;
    internals._documentIds.set(shortId, id);
    internals._idToShortId.set(id, shortId);
    const at = articles + i * fieldCount;
    internals._fieldLength.set(shortId, Array.from(numbers.subarray(at, at + fieldCount)));
    if (!saved.stored) return;
    const storedEnd = numbers[storedEndsAt + i]!;
    if (storedEnd < storedStart || storedEnd > storedBytes.length) throw damaged();
    if (storedEnd > storedStart) storedFields.keep(shortId, storedStart, storedEnd);
    storedStart = storedEnd;
  });
  internals._storedFields = storedFields;
  let start = 0;
  terms.forEach((term, i) => {
    const end = numbers[endsAt + i]!;
    if (end < start || end > postings.length) throw damaged();
    internals._index.set(term, new SavedPostings(postings, start, end));
    start = end;
  });
  return { miniSearch, extra: saved.extra };
}

/** Typed arrays use the machine's byte order; the file is little-endian. Swaps in place on a big-endian machine. */
function littleEndian(bytes: Uint8Array): Uint8Array {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return bytes;
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]] = [bytes[i + 3]!, bytes[i + 2]!, bytes[i + 1]!, bytes[i]!];
  }
  return bytes;
}

/**
 * One term's postings, read from the saved bytes the first time anything asks for them.
 * MiniSearch and the bounded search use it as the Map it stands for: it has every method
 * they call and hands them a real Map's answers. Not a Map subclass: a Map allocates its
 * hash table at once, and a restart makes one of these per term (325,000 at 100k articles).
 */
class SavedPostings implements Postings {
  private map: Postings | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** The saved bytes, while they are still what this term holds (nothing read or changed them). */
  unreadBytes(): Uint8Array | undefined {
    return this.map ? undefined : this.bytes.subarray(this.start, this.end);
  }

  /** The postings as a Map, turned from bytes into maps once. */
  private read(): Postings {
    if (this.map) return this.map;
    const map: Postings = new Map();
    decodePostings(this.bytes, this.start, this.end, (field, docs) => map.set(field, docs));
    this.map = map;
    return map;
  }

  get size(): number {
    return this.read().size;
  }
  get(field: number) {
    return this.read().get(field);
  }
  has(field: number) {
    return this.read().has(field);
  }
  set(field: number, docs: Map<number, number>): this {
    this.read().set(field, docs);
    return this;
  }
  delete(field: number) {
    return this.read().delete(field);
  }
  clear() {
    this.map = new Map();
  }
  forEach(visit: (docs: Map<number, number>, field: number, map: Postings) => void, thisArg?: unknown) {
    this.read().forEach((docs, field) => visit.call(thisArg, docs, field, this));
  }
  keys() {
    return this.read().keys();
  }
  values() {
    return this.read().values();
  }
  entries() {
    return this.read().entries();
  }
  [Symbol.iterator]() {
    return this.read()[Symbol.iterator]();
  }
  get [Symbol.toStringTag]() {
    return 'Map';
  }
}

const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;

/**
 * The fields MiniSearch stores per article, each read from its saved JSON text the first
 * time it is asked for, and the same object from then on. A real Map, like SavedPostings.
 */
class SavedStoredFields extends Map<number, Record<string, unknown>> {
  /** Where each unread article's JSON text is, by article number (start = end: none); typed arrays, not 100,000 small ones. */
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private unread = 0;

  constructor(
    private readonly bytes: Uint8Array,
    articleNumbers: number,
  ) {
    super();
    this.starts = new Uint32Array(articleNumbers);
    this.ends = new Uint32Array(articleNumbers);
  }

  keep(shortId: number, start: number, end: number): void {
    if (!this.isUnread(shortId)) this.unread += 1;
    this.starts[shortId] = start;
    this.ends[shortId] = end;
  }

  private isUnread(shortId: number): boolean {
    return shortId < this.ends.length && this.ends[shortId]! > this.starts[shortId]!;
  }

  private forget(shortId: number): boolean {
    if (!this.isUnread(shortId)) return false;
    this.starts[shortId] = this.ends[shortId] = 0;
    this.unread -= 1;
    return true;
  }

  /** The saved JSON text of an article's fields, while nothing has read or replaced them. */
  unreadBytes(shortId: number): Uint8Array | undefined {
    return this.isUnread(shortId) ? this.bytes.subarray(this.starts[shortId], this.ends[shortId]) : undefined;
  }

  private take(shortId: number): void {
    if (!this.isUnread(shortId)) return;
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.starts[shortId]!, this.ends[shortId]! - this.starts[shortId]!).toString('utf8');
    this.forget(shortId);
    super.set(shortId, JSON.parse(text) as Record<string, unknown>);
  }

  unreadCount(): number {
    return this.unread;
  }

  /** Every article's fields read, for a walk over them all. */
  takeAll(): this {
    for (let shortId = 0; this.unread > 0 && shortId < this.ends.length; shortId++) this.take(shortId);
    return this;
  }

  override get(shortId: number) {
    this.take(shortId);
    return super.get(shortId);
  }
  override has(shortId: number) {
    return this.isUnread(shortId) || super.has(shortId);
  }
  override set(shortId: number, fields: Record<string, unknown>) {
    this.forget(shortId);
    return super.set(shortId, fields);
  }
  override delete(shortId: number) {
    const unread = this.forget(shortId);
    return super.delete(shortId) || unread;
  }
  override clear() {
    this.starts.fill(0);
    this.ends.fill(0);
    this.unread = 0;
    super.clear();
  }
  override forEach(visit: (fields: Record<string, unknown>, shortId: number, map: Map<number, Record<string, unknown>>) => void, thisArg?: unknown) {
    this.takeAll();
    super.forEach(visit, thisArg);
  }
  override keys() {
    return this.takeAll() && super.keys();
  }
  override values() {
    return this.takeAll() && super.values();
  }
  override entries() {
    return this.takeAll() && super.entries();
  }
  override [Symbol.iterator]() {
    return this.takeAll() && super[Symbol.iterator]();
  }
}

Object.defineProperty(SavedStoredFields.prototype, 'size', {
  get(this: SavedStoredFields) {
    return mapSize.call(this) + this.unreadCount();
  },
});

/**
 * One term's postings as bytes: the number of fields, then per field its number, the number
 * of articles and per article the difference from the previous article number (zigzag, as
 * order is kept and need not ascend) and the count, all as unsigned LEB128 varints.
 */
function encodePostings(postings: Postings, writer: ByteWriter): void {
  writer.varint(postings.size);
  for (const [field, docs] of postings) {
    writer.varint(field);
    writer.varint(docs.size);
    let previous = 0;
    for (const [doc, count] of docs) {
      const delta = doc - previous;
      writer.varint(delta >= 0 ? delta * 2 : -delta * 2 - 1);
      writer.varint(count);
      previous = doc;
    }
  }
}

function decodePostings(bytes: Uint8Array, start: number, end: number, visit: (field: number, docs: Map<number, number>) => void): void {
  let at = start;
  const next = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= end) throw new Error('the saved index is damaged: a posting list ends early');
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  const fields = next();
  for (let f = 0; f < fields; f++) {
    const field = next();
    const size = next();
    const docs = new Map<number, number>();
    let doc = 0;
    for (let i = 0; i < size; i++) {
      const zigzag = next();
      doc += zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
      docs.set(doc, next());
    }
    visit(field, docs);
  }
}

/** Bytes appended in chunks, so a large index is never copied into one growing buffer. */
class ByteWriter {
  private static readonly CHUNK = 1 << 20;
  private readonly done: Uint8Array[] = [];
  private doneLength = 0;
  private current = new Uint8Array(ByteWriter.CHUNK);
  /** Where the bytes not yet in `done` start in `current`, and where they end. */
  private start = 0;
  private used = 0;

  get length(): number {
    return this.doneLength + this.used - this.start;
  }

  varint(value: number): void {
    this.room(10);
    let rest = value;
    while (rest >= 0x80) {
      this.current[this.used++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.current[this.used++] = rest;
  }

  /** Appends bytes: small ones are copied (fewer writes), large ones kept as they are. */
  bytes(bytes: Uint8Array): void {
    if (bytes.length <= ByteWriter.CHUNK / 4) {
      this.room(bytes.length);
      this.current.set(bytes, this.used);
      this.used += bytes.length;
      return;
    }
    this.flush();
    this.done.push(bytes);
    this.doneLength += bytes.length;
  }

  chunks(): Uint8Array[] {
    this.flush();
    return this.done;
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.current.length) return;
    this.flush();
    this.current = new Uint8Array(ByteWriter.CHUNK);
    this.start = 0;
    this.used = 0;
  }

  private flush(): void {
    if (this.used === this.start) return;
    this.done.push(this.current.subarray(this.start, this.used));
    this.doneLength += this.used - this.start;
    this.start = this.used;
  }
}
