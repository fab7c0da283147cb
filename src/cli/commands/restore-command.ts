import { restoreDatabase } from '../../db/restore-database';
import type { Command } from '../command';
import { databaseFileOf } from './database-file';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'replace the database with a backup made by `lore backup` (Lore must be stopped)',
  usage: 'lore restore FILE [--db FILE] [--json]',
  options: {},
  help: [
    'Checks FILE first (intact, a Lore database, not from a newer Lore), copies it beside the database and',
    'renames it into place in one step; the database it replaces is kept as DB.replaced-TIME. Refuses while',
    'a running Lore has the database open: stop `lore serve`, restore, start it again.',
  ],
  positionals: { min: 1, max: 1, name: 'FILE' },
  async run([file], values, context) {
    const result = await restoreDatabase(file!, databaseFileOf(values, context));
    context.print(values, result, () =>
      [
        `restored ${result.articles} articles and ${result.questions} questions from ${result.from} into ${result.file} (schema ${result.schemaVersion})`,
        ...(result.replacedKeptAt ? [`the replaced database is kept as ${result.replacedKeptAt}`] : []),
      ].join('\n'),
    );
    return 0;
  },
};
