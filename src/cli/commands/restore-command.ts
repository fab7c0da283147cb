import fs from 'node:fs';
import path from 'node:path';
import { restoreDatabase } from '../../db/restore-database';
import type { Command } from '../command';
import { BY_HELP, restoreArticle } from './article-status-commands';
import { databaseFileOf } from './database-file';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'publish an archived article again (ID), or replace the database with a backup (FILE)',
  usage: 'lore restore ID|FILE [--by PERSON] [--db FILE] [--json]',
  options: { by: { type: 'string' } },
  help: [
    'lore restore ID: publishes the archived article again; Lore answers with it. ' + BY_HELP,
    'lore restore FILE (a path, or an existing file): replaces the database with a backup made by `lore backup`.',
    'Checks FILE first (intact, a Lore database, not from a newer Lore), copies it beside the database and',
    'renames it into place in one step; the database it replaces is kept as DB.replaced-TIME. Refuses while',
    'a running Lore has the database open: stop `lore serve`, restore, start it again.',
  ],
  positionals: { min: 1, max: 1, name: 'ID or FILE' },
  async run([target], values, context) {
    if (!isBackupFile(target!)) return restoreArticle(target!, values, context);
    const file = target!;
    const result = await restoreDatabase(file, databaseFileOf(values, context));
    context.print(values, result, () =>
      [
        `restored ${result.articles} articles and ${result.questions} questions from ${result.from} into ${result.file} (schema ${result.schemaVersion})`,
        ...(result.replacedKeptAt ? [`the replaced database is kept as ${result.replacedKeptAt}`] : []),
      ].join('\n'),
    );
    return 0;
  },
};

/** An article id holds no path separator; a path (or a file that is there) names a backup. */
function isBackupFile(target: string): boolean {
  return target.includes('/') || target.includes(path.sep) || fs.existsSync(target);
}
