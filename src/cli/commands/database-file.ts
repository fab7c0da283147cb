import type { CommandContext, Values } from '../command';
import { DEFAULT_DB_FILE } from '../run-cli';

/** The database file a command works on, as openLore would resolve it: --db, else LORE_DB, else the default. */
export function databaseFileOf(values: Values, context: CommandContext): string {
  return typeof values.db === 'string' ? values.db : (context.config.LORE_DB ?? DEFAULT_DB_FILE);
}
