import type { ParseArgsConfig } from 'node:util';
import type { EnvConfig } from '../config';
import type { Lore } from '../lore';
import type { Logger } from '../logger';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Streams and settings a command runs with; injected so tests run commands in-process. */
export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  config: EnvConfig;
  /** The environment as given (validated parts are in `config`). */
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Opens the core on `--db`, else LORE_DB, else data/lore.db. */
  openLore(values: Values): Lore;
  /** The database file the command is to use: a missing one is refused (DB_MISSING) unless the command creates one or --create is given. */
  databaseFile(values: Values): string;
  /** Prints a result: one compact JSON line with --json, else the human text. */
  print(values: Values, json: unknown, human: () => string): void;
}

/** One `lore` verb. */
export interface Command {
  name: string;
  summary: string;
  /** `lore NAME …` synopsis shown in --help. */
  usage: string;
  /** Flags beyond the common ones (--db, --json, --help). */
  options: OptionSpec;
  /** Lines of help after the synopsis: what each flag does. */
  help: string[];
  positionals: { min: number; max: number; name: string };
  /** Log level when LORE_LOG_LEVEL is unset; commands that print results keep logs quiet. */
  logLevel?: string | ((config: EnvConfig) => string);
  /**
   * A long-running command (serve, chat): on a large base the ranking model trains in a worker
   * and a missing index is read in the background while Lore answers. A one-shot command does
   * both inline, or it would close before they end.
   */
  runsLong?: boolean;
  /** Only reads the database: it is opened read-only, so a read-only file serves too. */
  readOnly?: boolean;
  /**
   * Creates the database when it is missing (serve, chat, import). Every other command
   * refuses a missing file unless given --create: a mistyped --db or LORE_DB must not
   * quietly become a new, empty base.
   */
  createsDatabase?: boolean;
  run(positionals: string[], values: Values, context: CommandContext): Promise<number>;
}

export const COMMON_OPTIONS: OptionSpec = {
  db: { type: 'string' },
  create: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const WORKSPACE_OPTION: OptionSpec = { workspace: { type: 'string', short: 'w' } };

/** The workspace named by --workspace; the shared default base when none is. */
export function workspaceOf(values: Values): string {
  return typeof values.workspace === 'string' ? values.workspace : '';
}
