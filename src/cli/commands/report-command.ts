import fs from 'node:fs';
import path from 'node:path';
import { LoreError } from '../../errors';
import { renderReportHtml } from '../../upkeep/report-html';
import type { Command } from '../command';
import { asOfOf, REPORT_HELP, REPORT_OPTIONS, scopeOf } from './review-command';

export const reportCommand: Command = {
  name: 'report',
  readOnly: true,
  summary: 'write a self-contained HTML report: trends, top gaps, stale and failing articles, owners\' queues',
  usage: 'lore report --out FILE.html [--as-of DATE] [--workspace ID] [--db FILE] [--json]',
  options: { ...REPORT_OPTIONS, out: { type: 'string', short: 'o' } },
  help: [
    '--out FILE.html  where to write the report (one file: inline CSS and SVG charts, nothing fetched)',
    ...REPORT_HELP,
    'Its figures are those of `lore review --json`, `lore gaps --json` and `lore trends --json` for the same day.',
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    if (typeof values.out !== 'string' || !values.out.trim()) throw new LoreError('USAGE', 'lore report needs --out FILE.html: where to write the report.');
    const out = path.resolve(values.out);
    const asOf = asOfOf(values);
    const lore = context.openLore(values);
    try {
      const report = lore.upkeep.report({ asOf, workspace: scopeOf(values) });
      try {
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, renderReportHtml(report));
      } catch (error) {
        throw new LoreError('INVALID_INPUT', `cannot write ${out}: ${(error as Error).message}; choose a writable path for --out.`, { cause: error });
      }
      context.print(
        values,
        { out, asOf: report.asOf, stale: report.review.stale.length, failing: report.review.failing.length, gaps: report.gaps.length, usage: report.usage },
        () => `wrote ${out} (as of ${report.asOf}: ${report.review.stale.length} stale, ${report.review.failing.length} failing, ${report.gaps.length} gaps)`,
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};
