import { EXPORT_FORMATS, type ExportFormat, exportArticles } from '../../knowledge/export-articles';
import { LoreError } from '../../errors';
import { type Command, WORKSPACE_OPTION } from '../command';

export const exportCommand: Command = {
  name: 'export',
  readOnly: true,
  summary: 'write every article to a file (json, csv) or a folder of Markdown files',
  usage: 'lore export --format json|md|csv PATH [--workspace ID] [--db FILE] [--json]',
  options: { ...WORKSPACE_OPTION, format: { type: 'string', short: 'f' } },
  help: [
    '--format json|md|csv  json and csv write one file; md writes one file per article into the folder PATH',
    '--workspace ID        only that workspace\'s articles (default: all)',
    'The output imports back with `lore import PATH`.',
  ],
  positionals: { min: 1, max: 1, name: 'PATH' },
  async run([target], values, context) {
    const format = values.format ?? 'json';
    if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new LoreError('USAGE', `--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    }
    const lore = context.openLore(values);
    try {
      const workspace = typeof values.workspace === 'string' ? values.workspace : undefined;
      const exported = exportArticles(lore.knowledge.articles, format as ExportFormat, target!, workspace);
      context.print(values, { exported, format, path: target }, () => `exported ${exported} articles to ${target}`);
      return 0;
    } finally {
      lore.close();
    }
  },
};
