import type { Command } from './command';
import { askCommand } from './commands/ask-command';
import { captureCommand } from './commands/capture-command';
import { discardCommand, draftsCommand, publishCommand } from './commands/drafts-commands';
import { evalCommand } from './commands/eval-command';
import { exportCommand } from './commands/export-command';
import { importCommand } from './commands/import-command';
import { questionsCommand } from './commands/questions-command';
import { statsCommand } from './commands/stats-command';

/** The CLI verbs that need only the core (no chat adapter). */
export const coreCommands: readonly Command[] = [importCommand, exportCommand, askCommand, evalCommand, statsCommand, questionsCommand, captureCommand, draftsCommand, publishCommand, discardCommand];
