import fs from 'node:fs';
import path from 'node:path';
import { LoreError } from '../errors';
import type { Article } from './article';
import type { ArticleStore } from './article-store';
import { writeCsvArticles } from './formats/csv-format';
import { writeJsonArticles } from './formats/json-format';
import { writeMarkdownArticle } from './formats/markdown-format';

export const EXPORT_FORMATS = ['json', 'md', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Writes articles in a format `lore import` reads back: one JSON or CSV file, or a
 * folder with one Markdown file per article. Every status is exported, so a round trip
 * keeps drafts and archived articles as they were.
 */
export function exportArticles(store: ArticleStore, format: ExportFormat, target: string, workspace?: string): number {
  const articles = store
    .changedSince(0)
    .map((c) => c.article)
    .filter((article) => workspace === undefined || article.workspace === workspace)
    .sort((a, b) => a.id.localeCompare(b.id));
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (format === 'md' && existing && !existing.isDirectory()) {
    throw new LoreError('INVALID_INPUT', `${target} is a file; --format md writes one Markdown file per article into a folder: give a folder (new or existing).`);
  }
  if (format !== 'md' && existing?.isDirectory()) {
    throw new LoreError('INVALID_INPUT', `${target} is a folder; --format ${format} writes one file: give a file name, e.g. ${path.join(target, `articles.${format}`)}.`);
  }
  try {
    return writeArticles(articles, format, target);
  } catch (error) {
    throw new LoreError('INVALID_INPUT', `cannot write ${target}: ${(error as Error).message}; choose a writable path.`, { cause: error });
  }
}

function writeArticles(articles: readonly Article[], format: ExportFormat, target: string): number {
  if (format === 'md') {
    fs.mkdirSync(target, { recursive: true });
    const taken = new Set<string>();
    for (const article of articles) {
      fs.writeFileSync(path.join(target, `${uniqueName(safeFileName(article), taken)}.md`), writeMarkdownArticle(article));
    }
  } else {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.writeFileSync(target, format === 'json' ? writeJsonArticles(articles) : writeCsvArticles(articles));
  }
  return articles.length;
}

/** Article ids may hold `:`, which some file systems refuse; the id stays in the front matter. */
function safeFileName(article: Article): string {
  return article.id.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Ids such as `faq:1` and `faq_1` (or `FAQ_1`, on a case-insensitive disk) must not overwrite each other's file. */
function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
  taken.add(name.toLowerCase());
  return name;
}
