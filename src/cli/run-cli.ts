import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeVariables, type EnvConfig, loadConfig } from '../config';
import { isLoreError, LoreError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { Editors } from '../capture/capture-policy';
import { openLore, SERVER_INDEX_IN_BACKGROUND_ABOVE } from '../lore';
import { COMMON_OPTIONS, type Command, type CommandContext, type Values } from './command';

export const DEFAULT_DB_FILE = 'data/lore.db';

/** What the CLI reads and writes; `process`'s streams in production, buffers in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

/** Exit codes: 0 done, 1 failed, 2 the command line was wrong. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs `lore ARGV…` with the given commands and returns the exit code. Every failure is
 * a message that says what to do, never a stack trace on the user's screen.
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  // Scripts that asked for JSON get even a usage error as one JSON line.
  const wantsJson = rest.includes('--json');
  const refuse = (code: 'USAGE' | 'CONFIG_INVALID', message: string, exit: number): number => {
    io.stderr.write(`${message}\n`);
    if (wantsJson) io.stdout.write(`${JSON.stringify({ error: { code, message: message.split('\n')[0] } })}\n`);
    return exit;
  };
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overallHelp(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    return refuse('USAGE', `lore: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}. See lore --help.`, EXIT.usage);
  }

  let positionals: string[];
  let values: Values;
  try {
    ({ positionals, values } = parseArgs({
      args: [...rest],
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    }) as { positionals: string[]; values: Values });
  } catch (error) {
    return refuse('USAGE', `lore ${name}: ${(error as Error).message.split('\n')[0]}\nUsage: ${command.usage}\nSee lore ${name} --help.`, EXIT.usage);
  }
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  const { min, max, name: what } = command.positionals;
  if (positionals.length < min || positionals.length > max) {
    const problem = positionals.length < min ? `needs ${what}` : `takes ${max === 0 ? 'no arguments' : `at most ${max} ${what}`}`;
    return refuse('USAGE', `lore ${name} ${problem}.\nUsage: ${command.usage}`, EXIT.usage);
  }

  let config: EnvConfig;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    return refuse('CONFIG_INVALID', (error as Error).message, EXIT.failed);
  }
  const defaultLevel = typeof command.logLevel === 'function' ? command.logLevel(config) : command.logLevel;
  // The configured credentials are searched for in every log line, whatever field or message carries them.
  const secrets = [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, config.SLACK_CLIENT_SECRET, config.SLACK_STATE_SECRET, config.MICROSOFT_APP_PASSWORD];
  const logger = createLogger(config.LORE_LOG_LEVEL ?? defaultLevel ?? 'warn', io.stderr, { secrets: secrets.filter((secret): secret is string => Boolean(secret)) });
  const context = makeContext(io, config, logger, command);
  try {
    return await command.run(positionals, values, context);
  } catch (error) {
    return reportFailure(error, name, values, io, logger);
  }
}

function makeContext(io: CliIo, config: EnvConfig, logger: Logger, command: Command): CommandContext {
  const runsLong = command.runsLong ?? false;
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    config,
    env: io.env,
    logger,
    databaseFile: (values) => existingDatabase(values, config, command),
    openLore: (values) =>
      openLore({
        dbFile: existingDatabase(values, config, command),
        readOnly: command.readOnly === true && values.create !== true,
        logger,
        minConfidence: config.LORE_MIN_CONFIDENCE,
        busyTimeoutMs: config.LORE_BUSY_TIMEOUT_MS,
        capturePolicy: config.LORE_CAPTURE_POLICY,
        editors: Editors.parse(config.LORE_EDITORS),
        fallbackOwner: config.LORE_FALLBACK_OWNER,
        reviewDays: config.LORE_REVIEW_DAYS,
        questionRetentionDays: config.LORE_QUESTION_RETENTION_DAYS,
        ...(runsLong ? { indexInBackgroundAbove: SERVER_INDEX_IN_BACKGROUND_ABOVE } : { backgroundTrainingAbove: Number.POSITIVE_INFINITY }),
      }),
    print: (values, json, human) => {
      io.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${human()}\n`);
    },
  };
}

/**
 * The database file the command is to open. A missing one is created only by the commands
 * meant to (serve, chat, import) or when asked (--create); any other refuses with the path
 * it looked at and where that path came from.
 */
function existingDatabase(values: Values, config: EnvConfig, command: Command): string {
  const given = typeof values.db === 'string' ? { file: values.db, from: '--db' } : config.LORE_DB ? { file: config.LORE_DB, from: 'LORE_DB' } : { file: DEFAULT_DB_FILE, from: 'the default' };
  if (given.file === ':memory:' || command.createsDatabase || values.create === true || fs.existsSync(given.file)) return given.file;
  throw new LoreError(
    'DB_MISSING',
    `no database at ${path.resolve(given.file)} (from ${given.from}). Check the path, import articles first (\`lore import FILE\` creates it), or add --create to start an empty one.`,
  );
}

function reportFailure(error: unknown, name: string, values: Values, io: CliIo, logger: Logger): number {
  const known = isLoreError(error) ? error : databaseFailure(error);
  if (!known) {
    logger.error({ err: error }, `lore ${name} failed`);
    io.stderr.write(`lore ${name} failed unexpectedly: ${(error as Error)?.message ?? String(error)}\n`);
  } else {
    io.stderr.write(`lore ${name}: ${known.message}\n`);
  }
  if (values.json) {
    const code = known?.code ?? 'UNEXPECTED';
    io.stdout.write(`${JSON.stringify({ error: { code, message: known?.message ?? String((error as Error)?.message ?? error) } })}\n`);
  }
  return known?.code === 'USAGE' || known?.code === 'DB_MISSING' ? EXIT.usage : EXIT.failed;
}

/** SQLite errors that escape a command (a lock held too long, a read-only file) as LoreErrors. */
function databaseFailure(error: unknown): LoreError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LoreError('DB_LOCKED', 'the database is locked by another process; try again when it has finished.', { cause: error });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new LoreError('DB_READONLY', 'cannot write to the database; check that the file and its folder are writable.', { cause: error });
  }
  return new LoreError('DB_OPEN_FAILED', `the database failed: ${(error as Error).message}`, { cause: error });
}

function overallHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'lore: a help-desk knowledge bot for Slack, Microsoft Teams and the terminal.',
    '',
    'Usage: lore COMMAND [options]   (lore COMMAND --help for its options)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --db FILE (default: LORE_DB, else data/lore.db); --json prints one JSON line.',
    'Only serve, chat and import create a missing database; the others exit 2 unless given --create.',
    'Environment variables:',
    ...describeVariables().map((v) => `  ${v.name}: ${v.description}`),
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`lore ${command.name}: ${command.summary}`, '', `Usage: ${command.usage}`, '', ...command.help, '', '--db FILE  the database (default: LORE_DB, else data/lore.db)', ...(command.createsDatabase ? [] : ['--create   create the database when it is missing (otherwise: exit 2)']), '--json     print the result as one JSON line', ''].join('\n');
}
