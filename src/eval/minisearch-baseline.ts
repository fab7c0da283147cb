import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { articleInputSchema, slugify } from '../knowledge/article';
import type { ArticleRecord } from '../knowledge/formats/article-record';
import type { LabelledQuestion } from './queries-file';

/**
 * The floor Lore must never fall below on any base: the library it is built on, indexing
 * the same articles. `defaults` is MiniSearch as a team would first run it; `tuned` is the
 * best of a grid of its options chosen on the very questions it is measured on, so it is
 * an upper bound of what tuning MiniSearch could give that base.
 */
export interface BaselineFigures {
  top1: number;
  mrr10: number;
  /** The options that reached it, for `tuned`. */
  options?: string;
}

interface Doc {
  id: string;
  title: string;
  questions: string;
  body: string;
}

const FIELDS = ['title', 'questions', 'body'];

function docsOf(records: readonly ArticleRecord[]): Doc[] {
  const docs: Doc[] = [];
  for (const record of records) {
    const parsed = articleInputSchema.safeParse(record.input);
    if (!parsed.success) continue;
    const { id, title, body, questions } = parsed.data;
    // An article without an id is known by its title's slug, as `lore import` knows it.
    docs.push({ id: id ?? slugify(title), title, body: body ?? '', questions: (questions ?? []).join('\n') });
  }
  return docs;
}

function measure(index: MiniSearch<Doc>, queries: readonly LabelledQuestion[], search: SearchOptions): BaselineFigures {
  let answerable = 0;
  let top1 = 0;
  let reciprocal = 0;
  for (const query of queries) {
    if (query.article === null) continue;
    answerable += 1;
    const results = index.search(query.question, search).slice(0, 10);
    const rank = results.findIndex((result) => result.id === query.article) + 1;
    if (rank === 1) top1 += 1;
    if (rank > 0) reciprocal += 1 / rank;
  }
  const rate = (count: number) => (answerable === 0 ? 0 : Math.round((count / answerable) * 10000) / 10000);
  return { top1: rate(top1), mrr10: rate(reciprocal) };
}

/** MiniSearch with its defaults over title, alternate questions and body. */
export function miniSearchDefaults(records: readonly ArticleRecord[], queries: readonly LabelledQuestion[]): BaselineFigures {
  const index = new MiniSearch<Doc>({ fields: FIELDS });
  index.addAll(docsOf(records));
  return measure(index, queries, {});
}

/** The best MiniSearch over a grid of title boosts, BM25 parameters and fuzzy matching. */
export function miniSearchTuned(records: readonly ArticleRecord[], queries: readonly LabelledQuestion[]): BaselineFigures {
  const docs = docsOf(records);
  let best: BaselineFigures = { top1: -1, mrr10: -1 };
  for (const bm25 of [{ k: 1.2, b: 0.7, d: 0.5 }, { k: 2, b: 0.75, d: 0.5 }, { k: 3, b: 1, d: 0 }]) {
    const options: Options<Doc> = { fields: FIELDS, searchOptions: { bm25 } };
    const index = new MiniSearch<Doc>(options);
    index.addAll(docs);
    for (const title of [1, 2, 3]) {
      // Prefix matching never won on any open base, and the grid's cost doubles with it.
      for (const fuzzy of [0, 0.2]) {
        const figures = measure(index, queries, { boost: { title, questions: 2, body: 1 }, fuzzy, bm25 });
        if (figures.mrr10 > best.mrr10) best = { ...figures, options: JSON.stringify({ bm25, title, fuzzy }) };
      }
    }
  }
  return best;
}
