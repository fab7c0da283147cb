import { LoreError } from '../../errors';
import { SOURCE_KINDS, type SourceSettingsInput } from '../../sources/source';
import { SourceSync, type SourceSummary, type SyncReport } from '../../sources/source-sync';
import { type Command, type CommandContext, type Values, WORKSPACE_OPTION, workspaceOf } from '../command';
import { progressBar } from '../progress-bar';

const ACTIONS = ['add', 'list', 'sync', 'remove'] as const;

/** Items applied before a progress bar is worth drawing. */
const PROGRESS_THRESHOLD = 200;

export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'keep articles in step with where they already live: a folder, Confluence, Zendesk Guide',
  usage: 'lore sources add folder|confluence|zendesk NAME [options] | list | sync [NAME] [--overwrite] | remove NAME  [--db FILE] [--json]',
  options: {
    ...WORKSPACE_OPTION,
    path: { type: 'string' },
    url: { type: 'string' },
    space: { type: 'string', multiple: true },
    under: { type: 'string' },
    section: { type: 'string', multiple: true },
    locale: { type: 'string' },
    email: { type: 'string' },
    'token-env': { type: 'string' },
    overwrite: { type: 'boolean' },
  },
  help: [
    'lore sources add folder NAME --path DIR',
    '    Markdown with front matter, CSV and JSON files in DIR and its subfolders (a Git checkout works).',
    'lore sources add confluence NAME --url BASE --space KEY [--space KEY…] [--under PAGE_ID] [--email E] --token-env VAR',
    '    Confluence Cloud (BASE https://SITE.atlassian.net, --email and an API token) or Data Center (a personal access token, no --email).',
    'lore sources add zendesk NAME --url https://SUB.zendesk.com [--section ID…] [--locale L] [--email E] --token-env VAR',
    '    Zendesk Guide articles of those sections (default: all) in locale L (default en-us); --email and an API token, or an OAuth token alone.',
    '--token-env VAR  the NAME of the environment variable holding the token; the token is never stored or printed',
    '--workspace ID   the workspace the source\'s articles go to (default: the shared base)',
    'lore sources list            --json {sources: [{name, kind, lastSyncAt, articles, error, diverging, workspace, location}]}',
    'lore sources sync [NAME]     sync one source, or all; --json {added, updated, archived, unchanged, failed, diverging, failures}',
    '    --overwrite  take the source\'s version of articles edited in Lore (diverging) too',
    'lore sources remove NAME     stop syncing; the source\'s articles are archived, not deleted',
    '`lore serve` syncs every source every LORE_SYNC_MINUTES (default 60) and watches folders for changes.',
  ],
  positionals: { min: 1, max: 3, name: 'ACTION' },
  async run(positionals, values, context) {
    const [action, ...rest] = positionals;
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw new LoreError('USAGE', `unknown action ${JSON.stringify(action)}; use one of: ${ACTIONS.join(', ')}.`);
    }
    const lore = context.openLore(values);
    try {
      const sources = new SourceSync(lore.knowledge, lore.db, lore.clock, { env: context.env, logger: context.logger });
      if (action === 'add') return add(sources, rest, values, context);
      if (action === 'list') return list(sources, rest, values, context);
      if (action === 'remove') return remove(sources, rest, values, context);
      return await sync(sources, rest, values, context);
    } finally {
      lore.close();
    }
  },
};

function add(sources: SourceSync, args: string[], values: Values, context: CommandContext): number {
  const [kind, name] = args;
  if (args.length !== 2 || !SOURCE_KINDS.includes(kind as (typeof SOURCE_KINDS)[number])) {
    throw new LoreError('USAGE', `lore sources add takes a kind (${SOURCE_KINDS.join(', ')}) and a name, e.g. lore sources add folder handbook --path ./handbook.`);
  }
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const list = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : []);
  const credentials = { ...(text('email') ? { email: text('email') } : {}), ...(text('token-env') ? { tokenEnv: text('token-env') } : {}) };
  const settings: SourceSettingsInput =
    kind === 'folder'
      ? { kind: 'folder', path: text('path') ?? '' }
      : kind === 'confluence'
        ? { kind: 'confluence', url: text('url') ?? '', spaces: list('space'), ...(text('under') ? { under: text('under') } : {}), ...credentials }
        : { kind: 'zendesk', url: text('url') ?? '', sections: list('section'), ...(text('locale') ? { locale: text('locale') } : {}), ...credentials };
  const source = sources.add(name!, workspaceOf(values), settings);
  const summary = sources.list().find((s) => s.name === source.name)!;
  context.print(values, summary, () => `added the ${summary.kind} source ${summary.name} (${summary.location}); \`lore sources sync ${summary.name}\` brings its articles in`);
  return 0;
}

function list(sources: SourceSync, args: string[], values: Values, context: CommandContext): number {
  if (args.length > 0) throw new LoreError('USAGE', 'lore sources list takes no arguments.');
  const all = sources.list();
  context.print(values, { sources: all }, () => (all.length === 0 ? 'no sources; add one with lore sources add' : all.map(describe).join('\n')));
  return 0;
}

function describe(source: SourceSummary): string {
  const last = source.lastSyncAt ? `last synced ${source.lastSyncAt}` : 'never synced';
  const diverging = source.diverging > 0 ? `, ${source.diverging} diverging` : '';
  const error = source.error ? `\n    last sync failed: ${source.error}` : '';
  return `${source.name}  ${source.kind}  ${source.location}  ${source.articles} articles${diverging}, ${last}${error}`;
}

function remove(sources: SourceSync, args: string[], values: Values, context: CommandContext): number {
  if (args.length !== 1) throw new LoreError('USAGE', 'lore sources remove takes the name of a source.');
  const result = sources.remove(args[0]!);
  context.print(values, { name: args[0], ...result }, () => `removed the source ${args[0]}; archived its ${result.archived} articles`);
  return 0;
}

async function sync(sources: SourceSync, args: string[], values: Values, context: CommandContext): Promise<number> {
  if (args.length > 1) throw new LoreError('USAGE', 'lore sources sync takes at most one source name.');
  const overwrite = values.overwrite === true;
  const runOne = async (name: string): Promise<SyncReport> => {
    const bar = progressBar(context.stderr, `syncing ${name}`);
    try {
      return (await sources.sync(name, { overwrite, onProgress: (done, total) => total >= PROGRESS_THRESHOLD && bar.update(done, total) }))!;
    } finally {
      bar.finish();
    }
  };
  if (args.length === 1) {
    const report = await runOne(args[0]!);
    context.print(values, report, () => formatReport(args[0]!, report));
    return 0;
  }
  const names = sources.list().map((source) => source.name);
  const totals: SyncReport = { added: 0, updated: 0, archived: 0, unchanged: 0, failed: 0, diverging: 0, failures: [] };
  const each: Array<{ name: string } & (SyncReport | { error: { code: string; message: string } })> = [];
  for (const name of names) {
    try {
      const report = await runOne(name);
      for (const key of ['added', 'updated', 'archived', 'unchanged', 'failed', 'diverging'] as const) totals[key] += report[key];
      totals.failures.push(...report.failures);
      each.push({ name, ...report });
    } catch (error) {
      // One source down must not keep the others from syncing.
      const code = error instanceof LoreError ? error.code : 'UNEXPECTED';
      each.push({ name, error: { code, message: (error as Error).message } });
    }
  }
  context.print(values, { ...totals, sources: each }, () =>
    names.length === 0
      ? 'no sources; add one with lore sources add'
      : each.map((entry) => ('error' in entry ? `${entry.name}: failed: ${entry.error.message}` : formatReport(entry.name, entry))).join('\n'),
  );
  return each.some((entry) => 'error' in entry) ? 1 : 0;
}

function formatReport(name: string, report: SyncReport): string {
  return [
    `${name}: added ${report.added}, updated ${report.updated}, archived ${report.archived}, unchanged ${report.unchanged}, failed ${report.failed}` +
      (report.diverging > 0 ? `, diverging ${report.diverging} (edited in Lore; kept as edited, --overwrite takes the source's version)` : ''),
    ...report.failures.map((failure) => `  failed ${failure.origin}: ${failure.reason}`),
  ].join('\n');
}
