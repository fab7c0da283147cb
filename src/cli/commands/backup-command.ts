import { backupDatabase } from '../../db/backup-database';
import type { Command } from '../command';
import { databaseFileOf } from './database-file';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'copy the database to FILE while Lore keeps serving (a consistent online backup)',
  usage: 'lore backup FILE [--db FILE] [--json]',
  options: {},
  help: [
    'Copies the database with SQLite\'s online backup: Lore and other commands go on reading and writing,',
    'and FILE holds one consistent state (every write before it, none half done). FILE is checked, is one',
    'self-contained file, and replaces an earlier FILE only once complete. `lore restore FILE` puts it back.',
    'Keep backups as private as the database: they hold questions and Slack tokens.',
  ],
  positionals: { min: 1, max: 1, name: 'FILE' },
  async run([file], values, context) {
    const result = await backupDatabase(databaseFileOf(values, context), file!);
    context.print(values, result, () => `backed up ${result.articles} articles and ${result.questions} questions to ${result.file} (${result.bytes.toLocaleString('en')} bytes, schema ${result.schemaVersion}, ${result.ms} ms)`);
    return 0;
  },
};
