import fs from 'node:fs';
import path from 'node:path';
import { LoreError } from '../errors';
import { slugify } from '../knowledge/article';
import { readArticleFiles } from '../knowledge/formats/read-article-files';
import type { SourceListing, SourceRecord } from './source';

const FORMATS = new Set(['.md', '.markdown', '.csv', '.json']);
/** Folders that hold tooling, not articles: installed packages (and every hidden folder: `.git`, `.github`, editor settings). */
const SKIPPED_FOLDERS = new Set(['node_modules']);
/**
 * What the import readers say of a JSON file that is not a list and a CSV file without
 * title and body columns: in a repository those are configuration and data, not
 * articles, and are skipped rather than reported at every sync.
 */
const NOT_ARTICLE_FILES = [/^expected a JSON array of articles/, /^the header row must name the columns/];

/**
 * Lists a folder (a Git checkout is one) the way `lore import` reads files: Markdown with
 * front matter, CSV and JSON, in every subfolder. Each article keeps the id its file gives
 * it (front matter `id`, the file name, a row's `id`), else one made from its title.
 */
export function listFolder(name: string, folder: string): SourceListing {
  let files: string[];
  try {
    files = articleFilesIn(folder);
  } catch (cause) {
    throw new LoreError('SOURCE_FAILED', `The source ${name} reads the folder ${folder}, which cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); check its --path.`, { cause });
  }
  const { records, unreadable } = readArticleFiles(files);
  const listing: SourceListing = {
    records: [],
    unreadable: unreadable.filter((item) => !NOT_ARTICLE_FILES.some((pattern) => pattern.test(item.reason))).map((item) => ({ origin: item.source, reason: item.reason })),
    complete: true,
  };
  for (const record of records) {
    const fields = record.input as Record<string, unknown>;
    const id = typeof fields.id === 'string' && fields.id.trim() ? fields.id.trim() : typeof fields.title === 'string' ? slugify(fields.title) : undefined;
    if (!id) {
      listing.unreadable.push({ origin: record.source, reason: 'has neither an id nor a title' });
      continue;
    }
    listing.records.push({ id, origin: record.source, read: () => ({ ...fields, id }) } satisfies SourceRecord);
  }
  return listing;
}

function articleFilesIn(folder: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) visit(full);
      } else if (entry.isFile() && FORMATS.has(path.extname(entry.name).toLowerCase())) {
        found.push(full);
      }
    }
  };
  visit(folder);
  return found.sort();
}
