import type { Command } from './command';
import { archiveCommand, deleteCommand } from './commands/article-status-commands';
import { askCommand } from './commands/ask-command';
import { backupCommand } from './commands/backup-command';
import { captureCommand } from './commands/capture-command';
import { discardCommand, draftsCommand, publishCommand } from './commands/drafts-commands';
import { editCommand } from './commands/edit-command';
import { evalCommand } from './commands/eval-command';
import { exportCommand } from './commands/export-command';
import { importCommand } from './commands/import-command';
import { listCommand } from './commands/list-command';
import { personCommand } from './commands/person-command';
import { questionsCommand } from './commands/questions-command';
import { restoreCommand } from './commands/restore-command';
import { showCommand } from './commands/show-command';
import { sourcesCommand } from './commands/sources-command';
import { statsCommand } from './commands/stats-command';
import { gapsCommand } from './commands/gaps-command';
import { ownersCommand } from './commands/owners-command';
import { reportCommand } from './commands/report-command';
import { reviewCommand } from './commands/review-command';
import { trendsCommand } from './commands/trends-command';
import { verifyCommand } from './commands/verify-command';

/** The CLI verbs that need only the core (no chat adapter). */
export const coreCommands: readonly Command[] = [importCommand, exportCommand, listCommand, showCommand, editCommand, archiveCommand, restoreCommand, deleteCommand, askCommand, evalCommand, statsCommand, questionsCommand, captureCommand, draftsCommand, publishCommand, discardCommand, backupCommand, personCommand, reviewCommand, verifyCommand, ownersCommand, gapsCommand, trendsCommand, reportCommand, sourcesCommand];
