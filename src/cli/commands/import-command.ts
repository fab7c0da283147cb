import { readArticleFiles } from '../../knowledge/formats/read-article-files';
import { importArticles } from '../../knowledge/import-articles';
import { type Command, WORKSPACE_OPTION, workspaceOf } from '../command';
import { progressBar } from '../progress-bar';

/** Records read before a progress bar is worth drawing. */
const PROGRESS_THRESHOLD = 1000;

export const importCommand: Command = {
  name: 'import',
  createsDatabase: true,
  summary: 'add or update articles from JSON, CSV or Markdown files',
  usage: 'lore import PATH… [--sync] [--workspace ID] [--by NAME] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION, by: { type: 'string' }, sync: { type: 'boolean' } },
  help: [
    'PATH is a .json file ([{id, title, body, questions}]), a .csv file (title,body,questions,tags),',
    'a Markdown file with front matter, or a folder of Markdown files. An article whose id exists is updated;',
    'one without an id is known by its title, so importing the same file again changes nothing. Votes and',
    'what 👍 taught an article stay through every import. The same id twice in the files is refused.',
    '--sync          the files are the whole base: archive the workspace\'s articles they no longer have',
    '--workspace ID  import into one workspace (Slack team or Teams tenant); default: the shared base',
    '--by NAME       who is importing, kept in the revision history',
  ],
  positionals: { min: 1, max: Infinity, name: 'PATH' },
  async run(paths, values, context) {
    const { records, unreadable, notices = [] } = readArticleFiles(paths);
    if (records.length === 0) {
      // Nothing readable: say why without creating or touching a database.
      const report = { added: 0, updated: 0, unchanged: 0, rejected: unreadable, ...(notices.length > 0 ? { notices } : {}) };
      context.print(values, report, () => ['nothing to import', ...notices, ...unreadable.map((r) => `  rejected ${r.source}: ${r.reason}`)].join('\n'));
      return unreadable.length > 0 ? 1 : 0;
    }
    const lore = context.openLore(values);
    try {
      const bar = progressBar(context.stderr, 'importing');
      const report = await importArticles(lore.knowledge, records, {
        workspace: workspaceOf(values),
        by: typeof values.by === 'string' ? values.by : null,
        sync: values.sync === true,
        unreadable,
        onProgress: records.length >= PROGRESS_THRESHOLD ? bar.update : undefined,
      });
      bar.finish();
      report.rejected.unshift(...unreadable);
      if (notices.length > 0) report.notices = notices;
      context.print(values, report, () =>
        [
          ...notices,
          `added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}${report.archived ? `, archived ${report.archived.length}` : ''}`,
          ...report.rejected.map((r) => `  rejected ${r.source}: ${r.reason}`),
        ].join('\n'),
      );
      return report.rejected.length > 0 && report.added + report.updated + report.unchanged === 0 ? 1 : 0;
    } finally {
      lore.close();
    }
  },
};
