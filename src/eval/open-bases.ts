import fs from 'node:fs';
import path from 'node:path';
import type { ArticleRecord } from '../knowledge/formats/article-record';
import { readJsonArticles } from '../knowledge/formats/json-format';
import { generateBase } from './generate-base';
import { type LabelledQuestion, readQueriesFile } from './queries-file';

/**
 * A knowledge base to measure ranking on, and questions about it. The open sets come in one
 * shape each (StackFAQ: long answers and no alternate questions; CLINC150: a hundred
 * alternate questions an intent and no body); a team's base can have any shape, so each set
 * is also measured as the bases a team really starts with: a question and its first answer,
 * titles alone, intent names alone, a few alternate questions. A ranking change is kept only
 * when no base gets worse.
 */
export interface EvalBase {
  name: string;
  /** What the base looks like, for the table. */
  shape: string;
  articles: ArticleRecord[];
  queries: LabelledQuestion[];
}

interface RawArticle {
  id: string;
  title: string;
  body?: string;
  questions?: string[];
}

/** Reads the open sets from the data folder and derives every base from them. */
export function openBases(dataDir: string): EvalBase[] {
  const stackfaq = readArticles(path.join(dataDir, 'stackfaq/articles.json'));
  const clinc = readArticles(path.join(dataDir, 'clinc150/articles.json'));
  const dev = readQueriesFile(path.join(dataDir, 'stackfaq/dev.json'));
  const feedback = readQueriesFile(path.join(dataDir, 'stackfaq/feedback.json'));
  const val = readQueriesFile(path.join(dataDir, 'clinc150/val.json'));
  return [
    { name: 'stackfaq dev', shape: 'title + long answers', articles: records(stackfaq), queries: dev },
    { name: 'stackfaq feedback', shape: 'title + long answers', articles: records(stackfaq), queries: feedback },
    { name: 'stackfaq first answer', shape: 'title + a short answer', articles: records(stackfaq.map(firstAnswerOnly)), queries: dev },
    { name: 'stackfaq titles', shape: 'titles alone', articles: records(stackfaq.map(titleOnly)), queries: dev },
    { name: 'clinc150 val', shape: 'intents, 100 questions each', articles: records(clinc), queries: val },
    { name: 'clinc150 few questions', shape: 'intents, 5 questions each', articles: records(clinc.map(fewQuestions(5))), queries: val },
    { name: 'clinc150 names', shape: 'intent names alone', articles: records(clinc.map(titleOnly)), queries: val },
    generated(2_000, 500),
  ];
}

/** A generated base (the bench's): titles, bodies and a few alternate questions made of the same topic words as the questions. */
function generated(size: number, questions: number): EvalBase {
  const base = generateBase(size, questions, 7);
  return { name: `generated ${size / 1000}k`, shape: 'generated: long bodies, 0-3 questions', articles: records(base.articles), queries: base.questions };
}

function readArticles(file: string): RawArticle[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RawArticle[];
}

/** The body up to its first blank line: a thread's first answer, or its first paragraph. */
function firstAnswerOnly(article: RawArticle): RawArticle {
  const body = (article.body ?? '').trim().split(/\n\s*\n/)[0] ?? '';
  return { id: article.id, title: article.title, body };
}

function titleOnly(article: RawArticle): RawArticle {
  return { id: article.id, title: article.title };
}

function fewQuestions(count: number): (article: RawArticle) => RawArticle {
  return (article) => ({ ...article, questions: (article.questions ?? []).slice(0, count) });
}

/** The same records `lore import` reads from a JSON file of these articles. */
function records(articles: readonly RawArticle[]): ArticleRecord[] {
  return readJsonArticles(JSON.stringify(articles), 'derived.json').records;
}
