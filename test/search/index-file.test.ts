import MiniSearch from 'minisearch';
import { generateBase } from '../../src/eval/generate-base';
import type { Article } from '../../src/knowledge/article';
import { analyzeQuery } from '../../src/search/analyzer';
import { decodeIndex, encodeIndex } from '../../src/search/index-file';
import { SearchIndex } from '../../src/search/search-index';
import { storedArticle } from '../helpers/articles';

/** Generated articles as the store hands them over: three workspaces, some restricted to a channel. */
function articles(count: number, seed: number): Article[] {
  return generateBase(count, 0, seed).articles.map((input, i) =>
    storedArticle({
      id: input.id,
      workspace: ['', 'T1', 'T2'][i % 3]!,
      title: input.title,
      body: input.body,
      tags: input.tags ?? [],
      questions: (input.questions ?? []).map((text) => ({ text, origin: 'author' as const, weight: 1 })),
      audience: i % 11 === 0 ? ['C-HR'] : [],
    }),
  );
}

/** The bytes of a serialized index as one buffer that starts at an odd offset, as a file after its header line does. */
function asFileBytes(parts: Uint8Array[]): Uint8Array {
  const joined = Buffer.concat([Buffer.from('{}\n'), ...parts]);
  return joined.subarray(3);
}

function saved(index: SearchIndex): Uint8Array {
  return asFileBytes(index.serialize()!);
}

const BASE = articles(400, 5);
const QUESTIONS = generateBase(400, 80, 5).questions.map((q) => q.question);
const ASKERS: Array<[workspace: string, channel: string | null]> = [['', null], ['T1', null], ['T2', 'C-HR']];

/**
 * Everything a question returns, for every asker: ids, scores, terms and fields. A restored
 * index may list the terms a prefix or typo matches in another order, so a score can differ
 * in its last bit (sums in another order): scores are compared to 9 digits, ties by id.
 */
function answers(index: SearchIndex) {
  return QUESTIONS.flatMap((question) =>
    ASKERS.map(([workspace, channel]) =>
      index
        .search(analyzeQuery(question), workspace, 20, { channel })
        .map((hit) => ({ ...hit, score: Number(hit.score.toPrecision(9)) }))
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)),
    ),
  );
}

describe('the saved search index', () => {
  const original = new SearchIndex();
  original.addAll(BASE);

  it('answers every question as the index it was saved from (scores to nine digits), workspaces and audiences included', () => {
    const restored = new SearchIndex();
    restored.restore(saved(original));
    expect(restored.size).toBe(original.size);
    expect(answers(restored)).toEqual(answers(original));
    for (const term of ['account', 'zz-none', analyzeQuery(BASE[0]!.title)[0]!]) {
      expect(restored.documentFrequency(term)).toBe(original.documentFrequency(term));
    }
  });

  it('saves the same bytes whether or not questions have read its postings since it was restored', () => {
    const restored = new SearchIndex();
    restored.restore(saved(original));
    const untouched = saved(restored);
    answers(restored);
    expect(Buffer.compare(saved(restored), untouched)).toBe(0);
    const again = new SearchIndex();
    again.restore(untouched);
    expect(answers(again)).toEqual(answers(original));
  });

  it('takes edits, removals and a vacuum after a restart as the live index does', async () => {
    const live = new SearchIndex();
    live.addAll(BASE);
    const restored = new SearchIndex();
    restored.restore(saved(live));
    const edited = { ...BASE[1]!, title: 'Quarterly zorblax reconciliation', body: 'Open the zorblax ledger.', revision: 2 };
    for (const index of [live, restored]) {
      index.upsert(edited);
      index.remove(BASE[2]!.id);
      index.upsert({ ...BASE[3]!, status: 'archived' });
    }
    expect(answers(restored)).toEqual(answers(live));
    expect(restored.search(['zorblax'], BASE[1]!.workspace, 5).map((hit) => hit.id)).toEqual([BASE[1]!.id]);

    // Saved with discarded articles still in the postings, then vacuumed on both sides.
    const again = new SearchIndex();
    again.restore(saved(restored));
    await Promise.all([live.settle(), again.settle()]);
    expect(answers(again)).toEqual(answers(live));
    expect(again.has(BASE[2]!.id)).toBe(false);
  });

  it('restores an empty index', () => {
    const restored = new SearchIndex();
    restored.restore(saved(new SearchIndex()));
    expect(restored.size).toBe(0);
    expect(restored.search(['vpn'], '', 5)).toEqual([]);
  });

  it('refuses bytes cut short anywhere rather than restore part of an index', () => {
    const bytes = saved(original);
    const cuts = [0, 3, 4, 100, Math.floor(bytes.length / 2), bytes.length - 1];
    for (const cut of cuts) {
      expect(() => new SearchIndex().restore(bytes.subarray(0, cut))).toThrow(Error);
    }
  });

  it('refuses an index that does not say whose every article is, rather than show it to everyone', () => {
    const parts = original.serialize()!;
    const json = JSON.parse(Buffer.from(parts[1]!).toString('utf8')) as { extra: { workspaceOf: number[] } };
    json.extra.workspaceOf.pop();
    const text = Buffer.from(JSON.stringify(json));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(text.length);
    expect(() => new SearchIndex().restore(asFileBytes([length, text, ...parts.slice(2)]))).toThrow('whose every article');
  });
});

describe('fields MiniSearch stores per article, in the saved index', () => {
  type Doc = { id: string; title: string; body: string };
  const options = { fields: ['title', 'body'], storeFields: ['title'] };
  const docs: Doc[] = BASE.slice(0, 50).map((a) => ({ id: a.id, title: a.title, body: a.body }));

  function build(): MiniSearch<Doc> {
    const miniSearch = new MiniSearch<Doc>(options);
    miniSearch.addAll(docs);
    return miniSearch;
  }

  it('come back per article when asked for, the same object each time, and are saved again unchanged', () => {
    const restored = decodeIndex<Doc, null>(asFileBytes(encodeIndex(build(), null)), options).miniSearch;
    expect(restored.getStoredFields(docs[3]!.id)).toEqual({ title: docs[3]!.title });
    expect(restored.getStoredFields(docs[3]!.id)).toBe(restored.getStoredFields(docs[3]!.id));
    expect(restored.search(docs[7]!.title)[0]).toMatchObject({ id: docs[7]!.id, title: docs[7]!.title });

    const again = decodeIndex<Doc, null>(asFileBytes(encodeIndex(restored, null)), options).miniSearch;
    for (const doc of docs) expect(again.getStoredFields(doc.id)).toEqual({ title: doc.title });
  });

  it('follow edits made after a restart', () => {
    const restored = decodeIndex<Doc, null>(asFileBytes(encodeIndex(build(), null)), options).miniSearch;
    restored.discard(docs[0]!.id);
    restored.replace({ ...docs[1]!, title: 'Renamed' });
    restored.add({ id: 'new', title: 'Brand new', body: 'text' });
    const again = decodeIndex<Doc, null>(asFileBytes(encodeIndex(restored, null)), options).miniSearch;
    expect(again.getStoredFields(docs[0]!.id)).toBeUndefined();
    expect(again.getStoredFields(docs[1]!.id)).toEqual({ title: 'Renamed' });
    expect(again.getStoredFields('new')).toEqual({ title: 'Brand new' });
    expect(again.getStoredFields(docs[2]!.id)).toEqual({ title: docs[2]!.title });
  });
});
