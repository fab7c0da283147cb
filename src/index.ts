/** The core's public surface: what adapters and scripts may use. */
export { Answerer, MAX_QUESTION_LENGTH } from './answers/answerer';
export type { AskContext } from './answers/question-log';
export type { Highlight, RankedArticle, Reply } from './answers/reply';
export type { CaptureRequest, CaptureResult } from './capture/capturer';
export { type Clock, ManualClock, systemClock } from './clock';
export { ADAPTER_NAMES, type AdapterName, type EnvConfig, describeVariables, loadConfig } from './config';
export { isLoreError, LoreError, type LoreErrorCode } from './errors';
export type { Vote, VoteOutcome, VoteValue } from './feedback/vote-book';
export { type Article, SHARED_WORKSPACE } from './knowledge/article';
export { loadSampleIfEmpty } from './knowledge/load-sample';
export { createLogger, type Logger, silentLogger } from './logger';
export { type Lore, type LoreOptions, openLore } from './lore';
export { type CliIo, DEFAULT_DB_FILE, runCli } from './cli/run-cli';
export { type Command, type CommandContext, WORKSPACE_OPTION, workspaceOf } from './cli/command';
export { coreCommands } from './cli/core-commands';
