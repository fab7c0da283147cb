import { loginName } from './login-name';
import { type Command, type CommandContext, loadSampleIfEmpty, type Lore, WORKSPACE_OPTION, workspaceOf } from '../../src/index';
import { defaultSampleDir } from '../package-root';
import { runConsoleChat } from './console-chat';

export const chatCommand: Command = {
  name: 'chat',
  createsDatabase: true,
  summary: 'chat with Lore in the terminal (ask, vote, capture)',
  usage: 'lore chat [--workspace ID] [--as NAME] [--db FILE]',
  options: { ...WORKSPACE_OPTION, as: { type: 'string' } },
  runsLong: true,
  help: [
    'Loads the sample knowledge base when the database is empty. Ends at /quit or end of input (Ctrl-D).',
    '--as NAME  who you are in votes and captures (default: your login name)',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const lore = await openWithSample(context, values);
    try {
      await runConsoleChat({
        lore,
        input: context.stdin,
        output: context.stdout,
        user: typeof values.as === 'string' ? values.as : loginName(context.env),
        workspace: workspaceOf(values),
      });
      return 0;
    } finally {
      lore.close();
    }
  },
};

/** Opens the core and, when the database is empty, loads the sample knowledge base. */
export async function openWithSample(context: CommandContext, values: Parameters<CommandContext['openLore']>[0]): Promise<Lore> {
  const lore = context.openLore(values);
  const report = await loadSampleIfEmpty(lore.knowledge, context.config.LORE_SAMPLE_DIR ?? defaultSampleDir());
  if (report && report.rejected.length > 0) {
    context.logger.warn({ added: report.added, rejected: report.rejected }, 'the sample knowledge base did not load completely; check LORE_SAMPLE_DIR');
  } else if (report) {
    context.logger.info({ added: report.added }, 'loaded the sample knowledge base into an empty database');
  }
  return lore;
}
