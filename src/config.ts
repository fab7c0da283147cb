import { z } from 'zod';
import { LoreError } from './errors';

/** Adapters this build of Lore can start. */
export const ADAPTER_NAMES = ['console', 'slack', 'teams'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

/** A GUID as Microsoft writes app and tenant ids. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emptyIsUnset = (value: unknown): unknown => (value === '' ? undefined : value);
const optionalText = z.preprocess(emptyIsUnset, z.string().trim().min(1).optional());

/** A comma-separated list of ids (channels), blanks dropped. */
const idList = z.preprocess(
  emptyIsUnset,
  z
    .string()
    .transform((text) => text.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[A-Z0-9]+$/, 'use Slack channel ids such as C0123ABCD (not #names)')).min(1))
    .optional(),
);

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
  LORE_ANSWER_QUEUE_LIMIT: z
    .preprocess(emptyIsUnset, z.coerce.number().int().min(0).max(100_000).optional())
    .describe('questions that may wait for an answer when Lore is busy; beyond it a question is told "ask again in a minute" at once (default 100)'),
  LORE_SAMPLE_DIR: optionalText.describe('folder of Markdown articles loaded into an empty database (default data/articles)'),
  LORE_CAPTURE_POLICY: z
    .preprocess(emptyIsUnset, z.enum(['publish', 'review']).default('publish'))
    .describe('publish: captured answers are answerable at once (shown unverified); review: non-editors\' captures wait as drafts'),
  LORE_FALLBACK_OWNER: optionalText.describe('who owns articles nobody else does, and takes over the articles of people who are gone'),
  LORE_REVIEW_DAYS: z
    .preprocess(emptyIsUnset, z.coerce.number().int().min(1).max(3650).optional())
    .describe('days between reviews of an article unless it or its tags say otherwise (default 90)'),
  LORE_QUESTION_RETENTION_DAYS: z
    .preprocess(emptyIsUnset, z.coerce.number().int().min(1).max(36500).optional())
    .describe('days the question log is kept before questions are deleted (default 365)'),
  LORE_DIGEST_SCHEDULE: z
    .preprocess(
      emptyIsUnset,
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/, 'use a weekday and a UTC time, e.g. "mon 09:00"')
        .optional(),
    )
    .describe('when the weekly upkeep digest goes to each owner and the help-desk channel, e.g. "mon 09:00" (UTC); unset: no digest'),
  LORE_SYNC_MINUTES: z
    .preprocess(emptyIsUnset, z.coerce.number().int().min(1, 'sync at most once a minute').max(10080, 'sync at least once a week').optional())
    .describe('minutes between syncs of each knowledge source (lore sources) while Lore serves (default 60)'),
  LORE_EDITORS: optionalText.describe('editors who publish, edit and discard: comma-separated user ids, each optionally platform:id (slack:U123)'),
  PORT: z.preprocess(emptyIsUnset, z.coerce.number().int().min(1).max(65535).default(3000)).describe('HTTP port for Slack and Teams'),
  SLACK_BOT_TOKEN: z
    .preprocess(emptyIsUnset, z.string().trim().startsWith('xoxb-', 'a bot token starts with xoxb- (OAuth & Permissions page of the Slack app)').optional())
    .describe('Slack bot token (xoxb-…) of the one workspace Lore serves; setting it starts the Slack adapter (or set the SLACK_CLIENT_… variables to serve many)'),
  SLACK_SIGNING_SECRET: optionalText.describe('Slack signing secret (Basic Information page), used to check that requests come from Slack'),
  SLACK_APP_TOKEN: z
    .preprocess(emptyIsUnset, z.string().trim().startsWith('xapp-', 'an app-level token starts with xapp- (Basic Information page)').optional())
    .describe('Slack app-level token (xapp-…) with the connections:write scope: with SLACK_BOT_TOKEN, Lore connects to Slack in Socket Mode (no public URL, no signing secret) and serves only GET /healthz on PORT'),
  SLACK_API_URL: z
    .preprocess(emptyIsUnset, z.url({ protocol: /^https?$/, message: 'use an http(s) URL such as https://slack.com/api/' }).optional())
    .describe('base URL of the Slack Web API (default https://slack.com/api/), e.g. for GovSlack or a local stand-in'),
  SLACK_CLIENT_ID: optionalText.describe('Slack OAuth client id (Basic Information page): with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, instead of SLACK_BOT_TOKEN, Lore serves every workspace installed from /slack/install'),
  SLACK_CLIENT_SECRET: optionalText.describe('Slack OAuth client secret (Basic Information page), for installing into many workspaces'),
  SLACK_STATE_SECRET: optionalText.describe('a long random secret of your choosing that signs the OAuth state of each install, for installing into many workspaces'),
  LORE_SLACK_AUTO_CHANNELS: idList.describe('Slack channel ids where Lore answers questions without a mention, only when confident'),
  LORE_SLACK_EXPERTS_CHANNEL: z
    .preprocess(emptyIsUnset, z.string().trim().regex(/^[A-Z0-9]+$/, 'use a Slack channel id such as C0123ABCD (not a #name)').optional())
    .describe('Slack channel id where "Ask an expert" posts questions'),
  LORE_SLACK_DIGEST_CHANNEL: z
    .preprocess(emptyIsUnset, z.string().trim().regex(/^[A-Z0-9]+$/, 'use a Slack channel id such as C0123ABCD (not a #name)').optional())
    .describe('Slack channel id of the help desk, where the weekly digest goes (with LORE_DIGEST_SCHEDULE)'),
  MICROSOFT_APP_ID: z
    .preprocess(emptyIsUnset, z.string().trim().regex(GUID, 'use the bot\'s Microsoft App ID, a GUID such as 1f2e3d4c-… (Azure Bot resource, Configuration page)').optional())
    .describe('Teams: the bot\'s Microsoft App ID; setting it starts the Teams adapter on PORT at /api/messages and makes every request prove a Bot Framework token'),
  MICROSOFT_APP_PASSWORD: optionalText.describe('Teams: the bot\'s client secret (for MultiTenant and SingleTenant bots)'),
  MICROSOFT_APP_TENANT_ID: z
    .preprocess(emptyIsUnset, z.string().trim().regex(GUID, 'use the Microsoft Entra tenant id, a GUID').optional())
    .describe('Teams: the tenant of a SingleTenant or UserAssignedMSI bot'),
  MICROSOFT_APP_TYPE: z
    .preprocess(emptyIsUnset, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional())
    .describe('Teams: MultiTenant (default), SingleTenant or UserAssignedMSI, as the Azure Bot resource says'),
  LORE_ALLOW_ANONYMOUS_TEAMS: z
    .preprocess(emptyIsUnset, z.enum(['0', '1', 'false', 'true'], { message: 'use 1 (or true) to allow it, 0 (or false) not to' }).transform((value) => value === '1' || value === 'true').optional())
    .describe('Teams without MICROSOFT_APP_ID takes requests from anyone who can reach it, so Lore then listens on loopback only; 1 listens on every interface anyway (e.g. a playground in another container)'),
  LORE_TEAMS_SERVICE_URLS: z
    .preprocess(
      emptyIsUnset,
      z
        .string()
        .transform((text) => text.split(',').map((url) => url.trim()).filter(Boolean))
        .pipe(z.array(z.url({ protocol: /^https?$/, message: 'use http(s) URLs such as https://smba.example.net/' }).transform((url) => new URL(url).origin)).min(1))
        .optional(),
    )
    .describe('Teams: comma-separated Bot Connector service URLs Lore may reply to besides Microsoft\'s own (Bot Framework hosts, smba.trafficmanager.net, the government clouds), each by scheme, host and port'),
  LORE_TEAMS_EXPERTS_CHANNEL: z
    .preprocess(emptyIsUnset, z.string().trim().regex(/^19:[^\s]+$/, 'use a Teams channel id such as 19:abc…@thread.tacv2 (a channel link\'s id, decoded)').optional())
    .describe('Teams channel id where "Ask an expert" posts questions; Lore must be installed in its team'),
  LORE_TEAMS_DIGEST_CHANNEL: z
    .preprocess(emptyIsUnset, z.string().trim().regex(/^19:[^\s]+$/, 'use a Teams channel id such as 19:abc…@thread.tacv2').optional())
    .describe('Teams channel id of the help desk, where the weekly digest goes (with LORE_DIGEST_SCHEDULE)'),
}).superRefine((config, context) => {
  const problem = (variable: keyof typeof config, message: string) => context.addIssue({ code: 'custom', path: [variable], message });
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    problem('SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN is set, so set SLACK_SIGNING_SECRET too (Basic Information page of the Slack app), or SLACK_APP_TOKEN for Socket Mode');
  }
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN) {
    problem('SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN is set, so set SLACK_BOT_TOKEN too (OAuth & Permissions page of the Slack app): Socket Mode serves one workspace');
  }
  const oauthVariables = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  const usesOAuth = oauthVariables.some((variable) => config[variable]);
  if (config.SLACK_SIGNING_SECRET && !config.SLACK_BOT_TOKEN && !usesOAuth) {
    problem(
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET is set, so set SLACK_BOT_TOKEN too (OAuth & Permissions page of the Slack app), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to serve many workspaces',
    );
  }
  if (usesOAuth) {
    for (const variable of oauthVariables.filter((name) => !config[name])) {
      problem(variable, `installing into many workspaces needs all of ${oauthVariables.join(', ')}; set ${variable} too`);
    }
    if (config.SLACK_BOT_TOKEN) {
      problem('SLACK_BOT_TOKEN', 'set either SLACK_BOT_TOKEN (one workspace) or the SLACK_CLIENT_… variables (many workspaces, each with its own token), not both');
    }
    if (!config.SLACK_SIGNING_SECRET) {
      problem('SLACK_SIGNING_SECRET', 'SLACK_CLIENT_ID is set, so set SLACK_SIGNING_SECRET too (Basic Information page of the Slack app)');
    }
  }
  // MICROSOFT_APP_PASSWORD is checked when Teams starts: `lore teams-package` needs only the id.
  if (config.MICROSOFT_APP_TYPE && config.MICROSOFT_APP_TYPE !== 'MultiTenant' && !config.MICROSOFT_APP_TENANT_ID) {
    problem('MICROSOFT_APP_TENANT_ID', `MICROSOFT_APP_TYPE is ${config.MICROSOFT_APP_TYPE}, so set MICROSOFT_APP_TENANT_ID too`);
  }
  if (config.LORE_ADAPTERS?.includes('slack') && !config.SLACK_BOT_TOKEN && !usesOAuth) {
    problem('SLACK_BOT_TOKEN', 'LORE_ADAPTERS names slack, so set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or the SLACK_CLIENT_… variables)');
  }
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
