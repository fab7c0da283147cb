import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Command, CommandContext, Values } from '../../src/cli/command';
import { openDatabase } from '../../src/db/open-database';
import { settingOrCreate } from '../../src/db/settings';
import { LoreError } from '../../src/errors';
import { packageRoot } from '../package-root';
import { zipFiles } from './zip';

export const DEFAULT_PACKAGE_FILE = 'lore-teams.zip';
const UPLOAD_HINT = 'upload this in Teams: Apps > Manage your apps > Upload an app';
/** The botId manifest/teams/manifest.json carries until a package is built for a real bot. */
const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

const appIdSchema = z
  .string()
  .trim()
  .pipe(z.guid({ message: 'must be a GUID such as 6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f' }))
  .refine((id) => id !== PLACEHOLDER_BOT_ID, { message: 'is the placeholder GUID; use the bot\'s own Microsoft App ID' });

// A host name as Teams lists it in validDomains: no scheme, port or path; `*.` may lead.
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/, { message: 'must be a host name such as lore.example.com (no https://, port or path)' });

/** What --name, --id, --version and the developer URLs may be; Teams refuses a package otherwise. */
const packageFlagsSchema = z.object({
  name: z.string().trim().min(1).max(30, { message: 'must be at most 30 characters (Teams shows it under the icon)' }).optional(),
  id: z
    .string()
    .trim()
    .pipe(z.guid({ message: 'must be a GUID such as 0c8f3d6e-2b1a-4f5e-9d7c-3a2b1c0d9e8f' }))
    .optional(),
  version: z
    .string()
    .trim()
    .regex(/^\d{1,5}\.\d{1,5}\.\d{1,5}$/, { message: 'must be MAJOR.MINOR.PATCH such as 1.2.0 (raise it to ship an update)' })
    .optional(),
  'developer-url': z.url({ protocol: /^https$/, message: 'must be an https:// address' }).optional(),
  'privacy-url': z.url({ protocol: /^https$/, message: 'must be an https:// address' }).optional(),
  'terms-url': z.url({ protocol: /^https$/, message: 'must be an https:// address' }).optional(),
});
type PackageFlags = z.infer<typeof packageFlagsSchema>;

/** Where the package's app id is kept, so every package of one database updates the same app. */
const PACKAGE_ID_SETTING = 'teams.package-id';

/** Only what this command reads or replaces; the schema check covers the rest. */
const templateSchema = z.looseObject({
  id: z.string(),
  version: z.string(),
  name: z.looseObject({ short: z.string(), full: z.string() }),
  developer: z.looseObject({ name: z.string(), websiteUrl: z.string(), privacyUrl: z.string(), termsOfUseUrl: z.string() }),
  icons: z.object({ color: z.string().min(1), outline: z.string().min(1) }),
  bots: z.array(z.looseObject({ botId: z.string() })).min(1),
  composeExtensions: z.array(z.looseObject({ botId: z.string().optional() })).default([]),
  validDomains: z.array(z.string()).default([]),
});

/** `lore teams-package`: builds the Teams app package (manifest.json and the two icons, zipped) for one bot. */
export const teamsPackageCommand: Command = {
  name: 'teams-package',
  summary: 'build the Microsoft Teams app package (a zip to upload in Teams) for your bot',
  usage:
    'lore teams-package [--out FILE] [--app-id GUID] [--name NAME] [--id GUID] [--version X.Y.Z] [--developer-url URL] [--privacy-url URL] [--terms-url URL] [--domain HOST]… [--db FILE] [--json]',
  options: {
    out: { type: 'string', short: 'o' },
    'app-id': { type: 'string' },
    domain: { type: 'string', multiple: true },
    name: { type: 'string' },
    id: { type: 'string' },
    version: { type: 'string' },
    'developer-url': { type: 'string' },
    'privacy-url': { type: 'string' },
    'terms-url': { type: 'string' },
  },
  help: [
    `--out FILE      where to write the package (default ${DEFAULT_PACKAGE_FILE})`,
    '--app-id GUID   the bot\'s Microsoft App ID (default: MICROSOFT_APP_ID), the Application (client) ID of its Azure Bot',
    '--name NAME     the app\'s name in Teams (default Lore): e.g. "Lore (test)" for a second bot in the same tenant',
    '--id GUID       the Teams app id (default: one generated for this database the first time, then kept in it),',
    '                so a test and a production bot in one tenant are two apps, and each package updates its own',
    '--version X.Y.Z the package version (default 1.0.0); raise it to ship an update of an installed app',
    '--developer-url, --privacy-url, --terms-url URL  your organisation\'s pages, shown to people installing the app',
    '                (default: Lore\'s project pages)',
    '--domain HOST   a domain the app may open links and cards from (validDomains); repeat for several',
    `The package holds manifest/teams/ with the bot id filled in; ${UPLOAD_HINT}.`,
  ],
  positionals: { min: 0, max: 0, name: '' },
  async run(_positionals, values, context) {
    const appId = readAppId(values['app-id'], context.config.MICROSOFT_APP_ID);
    const domains = readDomains(values.domain);
    const flags = readPackageFlags(values);
    const folder = path.join(packageRoot(), 'manifest', 'teams');
    const template = readTemplate(path.join(folder, 'manifest.json'));
    const packageId = flags.id ?? storedPackageId(values, context);
    const manifest = {
      ...template,
      id: packageId,
      version: flags.version ?? template.version,
      name: flags.name ? { short: flags.name, full: `${flags.name}: help-desk knowledge bot` } : template.name,
      developer: {
        ...template.developer,
        websiteUrl: flags['developer-url'] ?? template.developer.websiteUrl,
        privacyUrl: flags['privacy-url'] ?? template.developer.privacyUrl,
        termsOfUseUrl: flags['terms-url'] ?? template.developer.termsOfUseUrl,
      },
      bots: template.bots.map((bot) => ({ ...bot, botId: appId })),
      composeExtensions: template.composeExtensions.map((extension) => ({ ...extension, botId: appId })),
      validDomains: [...new Set([...template.validDomains, ...domains])],
    };
    // Loaded here, not at the top: ajv and the bundled schemas serve this command alone.
    const { teamsManifestProblems } = await import('./manifest-schema');
    const problems = teamsManifestProblems(manifest);
    if (problems.length > 0) {
      throw new LoreError('INVALID_INPUT', `the Teams manifest would not be valid, so no package was written:\n  ${problems.join('\n  ')}`);
    }
    const archive = zipFiles([
      { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      { name: template.icons.color, data: readIcon(folder, template.icons.color) },
      { name: template.icons.outline, data: readIcon(folder, template.icons.outline) },
    ]);
    const file = typeof values.out === 'string' ? values.out : DEFAULT_PACKAGE_FILE;
    writePackage(file, archive);
    context.print(values, { file, appId, id: packageId, version: manifest.version, bytes: archive.length }, () =>
      `wrote ${file} (${archive.length} bytes) for bot ${appId}: app ${packageId}, version ${manifest.version}\n${UPLOAD_HINT}`,
    );
    return 0;
  },
};

/** The app id from --app-id, else MICROSOFT_APP_ID; a missing or malformed one is a usage error. */
function readAppId(flag: unknown, variable: string | undefined): string {
  const [source, given] = typeof flag === 'string' ? ['--app-id', flag] : ['MICROSOFT_APP_ID', variable];
  if (given === undefined || given.trim() === '') {
    throw new LoreError(
      'USAGE',
      'needs the bot\'s Microsoft App ID: pass --app-id GUID or set MICROSOFT_APP_ID (the Application (client) ID shown on the Azure Bot\'s Configuration page).',
    );
  }
  const parsed = appIdSchema.safeParse(given);
  if (!parsed.success) throw new LoreError('USAGE', `${source} ${JSON.stringify(given)} ${parsed.error.issues[0]?.message ?? 'is not a GUID'}.`);
  return parsed.data;
}

function readPackageFlags(values: Values): PackageFlags {
  const given = Object.fromEntries(Object.keys(packageFlagsSchema.shape).filter((key) => typeof values[key] === 'string').map((key) => [key, values[key]]));
  const parsed = packageFlagsSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LoreError('USAGE', `--${issue.path.join('.')} ${JSON.stringify(given[String(issue.path[0])])} ${issue.message}.`);
  }
  return parsed.data;
}

/** The app id this database's packages carry: generated the first time, then the same for every package. */
function storedPackageId(values: Values, context: CommandContext): string {
  const db = openDatabase(context.databaseFile(values), { busyTimeoutMs: context.config.LORE_BUSY_TIMEOUT_MS });
  try {
    return settingOrCreate(db, PACKAGE_ID_SETTING, randomUUID);
  } finally {
    db.close();
  }
}

function readDomains(flag: unknown): string[] {
  const given = Array.isArray(flag) ? flag.map(String) : [];
  return given.map((domain) => {
    const parsed = domainSchema.safeParse(domain);
    if (!parsed.success) throw new LoreError('USAGE', `--domain ${JSON.stringify(domain)} ${parsed.error.issues[0]?.message ?? 'is not a host name'}.`);
    return parsed.data;
  });
}

function readTemplate(file: string): z.infer<typeof templateSchema> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new LoreError('NOT_FOUND', `cannot read the Teams manifest ${file}; reinstall Lore or restore manifest/teams/.`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LoreError('INVALID_INPUT', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `/${issue.path.join('/')} ${issue.message}`);
    throw new LoreError('INVALID_INPUT', `${file} is not a Lore Teams manifest:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

function readIcon(folder: string, name: string): Buffer {
  // The manifest names the icons; keep them inside the folder whatever it says.
  if (path.basename(name) !== name) throw new LoreError('INVALID_INPUT', `the Teams manifest names icon "${name}"; icons must be files at the root of manifest/teams/.`);
  try {
    return fs.readFileSync(path.join(folder, name));
  } catch (error) {
    throw new LoreError('NOT_FOUND', `cannot read the Teams icon ${path.join(folder, name)}; restore it or run scripts/draw-teams-icons.ts.`, { cause: error });
  }
}

function writePackage(file: string, archive: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, archive);
  } catch (error) {
    throw new LoreError('INVALID_INPUT', `cannot write ${file}: ${(error as Error).message}; choose another --out.`, { cause: error });
  }
}
