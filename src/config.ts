import { z } from 'zod';
import { LoreError } from './errors';

/** Adapters this build of Lore can start. */
export const ADAPTER_NAMES = ['console'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

const emptyIsUnset = (value: unknown): unknown => (value === '' ? undefined : value);
const optionalText = z.preprocess(emptyIsUnset, z.string().trim().min(1).optional());

const adapterList = z.preprocess(
  emptyIsUnset,
  z
    .string()
    .transform((text) => text.split(',').map((name) => name.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ADAPTER_NAMES, { message: `use a comma-separated list of: ${ADAPTER_NAMES.join(', ')}` })).min(1))
    .optional(),
);

/**
 * Every environment variable Lore reads, with what each is for. Validated once at start;
 * the README's table is written from these descriptions.
 */
const configSchema = z.object({
  LORE_DB: optionalText.describe('SQLite database file (default data/lore.db)'),
  LORE_ADAPTERS: adapterList.describe('adapters to start, comma separated; default: those configured, else console'),
  LORE_LOG_LEVEL: z
    .preprocess(emptyIsUnset, z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional())
    .describe('log level for the JSON logs on stderr (default: info when serving Slack or Teams, warn otherwise)'),
  LORE_MIN_CONFIDENCE: z
    .preprocess(emptyIsUnset, z.coerce.number().min(0).max(1).optional())
    .describe('answer only at or above this confidence (0-1); default: calibrated per knowledge base'),
  LORE_BUSY_TIMEOUT_MS: z
    .preprocess(emptyIsUnset, z.coerce.number().int().min(0).max(600_000).optional())
    .describe('how long (ms) a write waits for another process to release the database before failing (default 5000)'),
  LORE_SAMPLE_DIR: optionalText.describe('folder of Markdown articles loaded into an empty database (default data/articles)'),
  LORE_CAPTURE_POLICY: z
    .preprocess(emptyIsUnset, z.enum(['publish', 'review']).default('publish'))
    .describe('publish: captured answers are answerable at once (shown unverified); review: non-editors\' captures wait as drafts'),
  LORE_EDITORS: optionalText.describe('editors who publish, edit and discard: comma-separated user ids, each optionally platform:id (slack:U123)'),
  PORT: z.preprocess(emptyIsUnset, z.coerce.number().int().min(1).max(65535).default(3000)).describe('HTTP port for Slack and Teams'),
});

export type EnvConfig = z.infer<typeof configSchema>;

/** What each variable is for, for `--help` and the README. */
export function describeVariables(): Array<{ name: string; description: string }> {
  return Object.entries(configSchema.shape).map(([name, schema]) => ({
    name,
    description: schema.description ?? '',
  }));
}

/**
 * Validates the environment once. A wrong value stops start-up with a message that
 * names each variable and what to set it to.
 */
export function loadConfig(env: Record<string, string | undefined>): EnvConfig {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '?');
    return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
  });
  throw new LoreError('CONFIG_INVALID', `Lore cannot start; fix these environment variables:\n${problems.join('\n')}`);
}
