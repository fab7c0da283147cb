import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { chatCommand } from '../../adapters/console/chat-command';
import { serveCommand } from '../../adapters/serve-command';
import { teamsPackageCommand } from '../../adapters/teams/teams-package-command';
import type { Command } from '../../src/cli/command';
import { coreCommands } from '../../src/cli/core-commands';
import { runCli } from '../../src/cli/run-cli';

/** Every verb of the `lore` program, as adapters/main.ts wires them. */
export const allCommands: readonly Command[] = [...coreCommands, chatCommand, serveCommand, teamsPackageCommand];

export interface LoreRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The last line of stdout parsed as JSON (what `--json` prints). */
  lastJson<T = Record<string, unknown>>(): T;
  /** The last line of stdout, as printed. */
  lastLine(): string;
}

export interface RunOptions {
  /** The environment the command sees; nothing is inherited from the test process. */
  env?: Record<string, string | undefined>;
  /** What the command reads on stdin; the stream ends after it. */
  stdin?: string;
  /** The verbs to run with (default: every verb of the program). */
  commands?: readonly Command[];
}

/**
 * Runs `lore ARGV…` in-process through runCli, with PassThrough streams for stdin, stdout
 * and stderr. Tests always pass --db or LORE_DB so that nothing touches data/lore.db.
 */
export async function runLore(argv: readonly string[], options: RunOptions = {}): Promise<LoreRun> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  stdin.end(options.stdin ?? '');
  const code = await runCli(argv, { stdin, stdout, stderr, env: options.env ?? {} }, options.commands ?? allCommands);
  stdout.end();
  stderr.end();
  const [stdoutText, stderrText] = await Promise.all([out, err]);
  const lastLine = () => stdoutText.trimEnd().split('\n').at(-1) ?? '';
  return {
    code,
    stdout: stdoutText,
    stderr: stderrText,
    lastLine,
    lastJson: <T>() => JSON.parse(lastLine()) as T,
  };
}

function collect(stream: PassThrough): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
  return finished(stream).then(() => Buffer.concat(chunks).toString('utf8'));
}
