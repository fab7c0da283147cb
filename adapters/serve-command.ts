import { loginName } from './console/login-name';
import type { AdapterName, Command } from '../src/index';
import { openWithSample } from './console/chat-command';
import { runConsoleChat } from './console/console-chat';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run Lore: the configured chat adapters, or the terminal chat when none is configured',
  usage: 'lore serve [--db FILE]',
  options: {},
  help: [
    'Starts every adapter that has credentials; LORE_ADAPTERS (e.g. console) overrides the choice.',
    'With no credentials Lore chats in the terminal on the embedded default (data/lore.db and the sample base).',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const adapters: AdapterName[] = context.config.LORE_ADAPTERS ?? ['console'];
    const lore = await openWithSample(context, values);
    context.logger.info({ adapters, articles: lore.knowledge.index.size }, 'Lore is serving');
    try {
      if (adapters.includes('console')) {
        await runConsoleChat({ lore, input: context.stdin, output: context.stdout, user: loginName(context.env) });
      }
      return 0;
    } finally {
      lore.close();
    }
  },
};
