import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';

/** The folder of Teams manifest schemas that @microsoft/app-manifest bundles, one `vX.Y` folder per version. */
export function bundledTeamsSchemasDir(): string {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
}

/** The bundled schema file of one manifest version ("1.30", "devPreview"). */
export function teamsSchemaFile(manifestVersion: string): string {
  return path.join(bundledTeamsSchemasDir(), `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

const compiled = new Map<string, ValidateFunction>();

/**
 * Checks a Teams app manifest against the schema of its own `manifestVersion`, read from the
 * copy @microsoft/app-manifest bundles (nothing is fetched). Returns the problems, one line
 * each ("/bots/0/botId must match pattern …"); an empty list means the manifest is valid.
 */
export function teamsManifestProblems(manifest: unknown): string[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string' || !/^(\d+\.\d+|devPreview)$/.test(version)) {
    return ['/manifestVersion must be a version such as "1.30"'];
  }
  const file = teamsSchemaFile(version);
  if (!fs.existsSync(file)) {
    return [`/manifestVersion ${version} has no schema in @microsoft/app-manifest (looked for ${file}); use a version it bundles`];
  }
  const validate = compiled.get(version) ?? compileSchema(file);
  compiled.set(version, validate);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => {
    const allowed = 'allowedValues' in error.params ? `: ${JSON.stringify(error.params.allowedValues)}` : '';
    const extra = 'additionalProperty' in error.params ? ` ("${String(error.params.additionalProperty)}")` : '';
    return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${allowed}${extra}`;
  });
}

function compileSchema(file: string): ValidateFunction {
  // The Teams schemas are JSON Schema draft-04, which Ajv 8 supports only through ajv-draft-04.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  // "uri" is the only format these schemas use; an absolute URL is what Teams expects there.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
}
