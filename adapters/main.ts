import fs from 'node:fs';
import { parseEnv } from 'node:util';
import { coreCommands, runCli } from '../src/index';
import { chatCommand } from './console/chat-command';
import { serveCommand } from './serve-command';
import { teamsPackageCommand } from './teams/teams-package-command';

/** The `lore` program: the core's verbs plus the ones that start chat adapters. */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: readEnv() }, [
    ...coreCommands,
    chatCommand,
    serveCommand,
    teamsPackageCommand,
  ]);
}

/** The environment, over the optional `.env` of the current folder (a real variable wins). */
export function readEnv(file = '.env', env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw error;
  }
  return { ...parseEnv(text), ...env };
}
