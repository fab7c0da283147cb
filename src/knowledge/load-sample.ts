import { readArticleFiles } from './formats/read-article-files';
import { type ImportReport, importArticles } from './import-articles';
import type { KnowledgeBase } from './knowledge-base';

/**
 * Fills an empty database with the sample knowledge base so a first run has something
 * to answer from. Does nothing when the database holds any article: a team's own base
 * is never mixed with the sample.
 */
export async function loadSampleIfEmpty(knowledge: KnowledgeBase, folder: string): Promise<ImportReport | undefined> {
  if (knowledge.articles.lastChange() > 0) return undefined;
  const { records, unreadable } = readArticleFiles([folder]);
  const report = await importArticles(knowledge, records, { workspace: '', by: 'lore-sample' });
  report.rejected.unshift(...unreadable);
  return report;
}
