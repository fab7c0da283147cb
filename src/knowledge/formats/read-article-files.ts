import fs from 'node:fs';
import path from 'node:path';
import type { ReadResult } from './article-record';
import { readCsvArticles } from './csv-format';
import { readJsonArticles } from './json-format';
import { readMarkdownArticle } from './markdown-format';

const MARKDOWN = new Set(['.md', '.markdown']);

/**
 * Reads articles from files and folders: `.json` (the shared data format), `.csv`, and
 * Markdown files (a folder is read for all its Markdown files, recursively). What
 * cannot be read is reported, not thrown, so one bad file never stops the rest.
 */
export function readArticleFiles(paths: readonly string[]): ReadResult {
  const result: ReadResult = { records: [], unreadable: [] };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch {
      result.unreadable.push({ source: given, reason: 'no such file or folder' });
      continue;
    }
    const files = stat.isDirectory() ? markdownFilesIn(given) : [given];
    if (stat.isDirectory() && files.length === 0) result.unreadable.push({ source: given, reason: 'the folder holds no Markdown (.md) files' });
    for (const file of files) merge(result, readOne(file));
  }
  return result;
}

function readOne(file: string): ReadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { records: [], unreadable: [{ source: file, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }] };
  }
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') return readJsonArticles(text, file);
  if (extension === '.csv') return readCsvArticles(text, file);
  if (MARKDOWN.has(extension)) {
    const record = readMarkdownArticle(text, file, path.basename(file, path.extname(file)));
    return 'input' in record ? { records: [record], unreadable: [] } : { records: [], unreadable: [record] };
  }
  return { records: [], unreadable: [{ source: file, reason: 'unknown format: use .json, .csv, .md or a folder of .md files' }] };
}

function markdownFilesIn(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && MARKDOWN.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function merge(into: ReadResult, from: ReadResult): void {
  into.records.push(...from.records);
  into.unreadable.push(...from.unreadable);
  if (from.notices) (into.notices ??= []).push(...from.notices);
}
