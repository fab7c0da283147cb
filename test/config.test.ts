import { ADAPTER_NAMES, describeVariables, loadConfig } from '../src/config';
import { isLoreError, type LoreError } from '../src/errors';
import { slackSettingsFrom } from '../adapters/slack/slack-settings';

function configError(env: Record<string, string | undefined>): LoreError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isLoreError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('fills in the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({ PORT: 3000, LORE_CAPTURE_POLICY: 'publish' });
  });

  it('counts an empty string as unset', () => {
    expect(
      loadConfig({
        LORE_DB: '', LORE_ADAPTERS: '', LORE_LOG_LEVEL: '', LORE_MIN_CONFIDENCE: '', LORE_SAMPLE_DIR: '', LORE_BUSY_TIMEOUT_MS: '', LORE_CAPTURE_POLICY: '', LORE_EDITORS: '', PORT: '',
        SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '', SLACK_API_URL: '', SLACK_CLIENT_ID: '', SLACK_CLIENT_SECRET: '', SLACK_STATE_SECRET: '',
        LORE_SLACK_AUTO_CHANNELS: '', LORE_SLACK_EXPERTS_CHANNEL: '',
      }),
    ).toEqual(loadConfig({}));
  });

  it('reads and converts valid values, ignoring unrelated variables', () => {
    expect(
      loadConfig({
        LORE_DB: ' /var/lib/lore.db ',
        LORE_ADAPTERS: ' console , ',
        LORE_LOG_LEVEL: 'debug',
        LORE_MIN_CONFIDENCE: '0.35',
        LORE_SAMPLE_DIR: 'kb',
        LORE_BUSY_TIMEOUT_MS: '250',
        LORE_CAPTURE_POLICY: 'review',
        LORE_EDITORS: 'slack:U1, U2',
        PORT: '8080',
        HOME: '/root',
      }),
    ).toEqual({
      LORE_DB: '/var/lib/lore.db',
      LORE_ADAPTERS: ['console'],
      LORE_LOG_LEVEL: 'debug',
      LORE_MIN_CONFIDENCE: 0.35,
      LORE_SAMPLE_DIR: 'kb',
      LORE_BUSY_TIMEOUT_MS: 250,
      LORE_CAPTURE_POLICY: 'review',
      LORE_EDITORS: 'slack:U1, U2',
      PORT: 8080,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['LORE_MIN_CONFIDENCE', 'high'],
    ['LORE_MIN_CONFIDENCE', '1.5'],
    ['LORE_MIN_CONFIDENCE', '-0.1'],
    ['LORE_ADAPTERS', 'discord'],
    ['MICROSOFT_APP_ID', 'not-a-guid'],
    ['MICROSOFT_APP_TYPE', 'Everyone'],
    ['LORE_TEAMS_EXPERTS_CHANNEL', 'General'],
    ['LORE_DIGEST_SCHEDULE', 'every monday'],
    ['LORE_REVIEW_DAYS', '0'],
    ['LORE_SYNC_MINUTES', '0'],
    ['LORE_SYNC_MINUTES', 'hourly'],
    ['LORE_ADAPTERS', ' , '],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token'],
    ['SLACK_APP_TOKEN', 'xoxb-not-an-app-token'],
    ['SLACK_API_URL', 'slack.com/api'],
    ['SLACK_API_URL', 'ftp://slack.com/api/'],
    ['LORE_SLACK_AUTO_CHANNELS', '#help'],
    ['LORE_SLACK_EXPERTS_CHANNEL', '#experts'],
    ['LORE_LOG_LEVEL', 'loud'],
    ['LORE_BUSY_TIMEOUT_MS', '-1'],
    ['LORE_BUSY_TIMEOUT_MS', 'soon'],
  ])('refuses %s=%j with CONFIG_INVALID naming the variable and its value', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${name}=${JSON.stringify(value)}`);
  });

  it('names every bad variable at once, and tells which adapters exist', () => {
    const error = configError({ PORT: 'x', LORE_ADAPTERS: 'discord', LORE_DB: 'ok.db' });
    expect(error.message).toContain('PORT="x"');
    expect(error.message).toContain('LORE_ADAPTERS="discord"');
    expect(error.message).toContain(`use a comma-separated list of: ${ADAPTER_NAMES.join(', ')}`);
    expect(error.message).not.toContain('LORE_DB');
  });
});

describe('loadConfig for Slack', () => {
  const slack = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'shh' };

  it('reads the Slack variables', () => {
    expect(
      loadConfig({
        ...slack,
        LORE_ADAPTERS: 'slack,console',
        SLACK_API_URL: 'http://127.0.0.1:4100/api/',
        LORE_SLACK_AUTO_CHANNELS: 'C01HELP, C02IT',
        LORE_SLACK_EXPERTS_CHANNEL: 'C03EXPERTS',
      }),
    ).toEqual({
      PORT: 3000,
      LORE_CAPTURE_POLICY: 'publish',
      LORE_ADAPTERS: ['slack', 'console'],
      SLACK_BOT_TOKEN: 'xoxb-1-abc',
      SLACK_SIGNING_SECRET: 'shh',
      SLACK_API_URL: 'http://127.0.0.1:4100/api/',
      LORE_SLACK_AUTO_CHANNELS: ['C01HELP', 'C02IT'],
      LORE_SLACK_EXPERTS_CHANNEL: 'C03EXPERTS',
    });
  });

  it('refuses a bot token without a signing secret, and the reverse, naming both variables', () => {
    const noSecret = configError({ SLACK_BOT_TOKEN: 'xoxb-1-abc' });
    expect(noSecret.code).toBe('CONFIG_INVALID');
    expect(noSecret.message).toContain('SLACK_SIGNING_SECRET=""');
    expect(noSecret.message).toContain('SLACK_BOT_TOKEN is set');
    const noToken = configError({ SLACK_SIGNING_SECRET: 'shh' });
    expect(noToken.message).toContain('SLACK_BOT_TOKEN=""');
    expect(noToken.message).toContain('SLACK_SIGNING_SECRET is set');
  });

  it('runs Socket Mode with a bot token and an app token, no signing secret needed, and refuses an app token alone', () => {
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(socket).toMatchObject({ SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(slackSettingsFrom(socket)).toMatchObject({ botToken: 'xoxb-1-abc', appToken: 'xapp-1-abc' });
    expect(slackSettingsFrom(socket)?.signingSecret).toBeUndefined();
    expect(slackSettingsFrom(loadConfig(slack))?.appToken).toBeUndefined();
    const alone = configError({ SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(alone.message).toContain('SLACK_BOT_TOKEN=""');
    expect(alone.message).toContain('SLACK_APP_TOKEN is set');
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1-abc' }).message).toContain('or SLACK_APP_TOKEN for Socket Mode');
  });

  it('reads the OAuth variables that serve many workspaces, instead of a bot token', () => {
    const oauth = { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'ss', SLACK_SIGNING_SECRET: 'shh' };
    expect(loadConfig({ ...oauth, LORE_ADAPTERS: 'slack' })).toMatchObject(oauth);
  });

  it('refuses an incomplete OAuth setup, or one mixed with a bot token, naming what to set', () => {
    const partial = configError({ SLACK_CLIENT_ID: '1111.2222', SLACK_SIGNING_SECRET: 'shh' });
    expect(partial.message).toContain('SLACK_CLIENT_SECRET=""');
    expect(partial.message).toContain('SLACK_STATE_SECRET=""');
    const mixed = configError({ SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'ss', SLACK_SIGNING_SECRET: 'shh', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(mixed.message).toContain('not both');
    const noSecret = configError({ SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'ss' });
    expect(noSecret.message).toContain('SLACK_SIGNING_SECRET=""');
  });

  it('refuses LORE_ADAPTERS=slack without Slack credentials', () => {
    const error = configError({ LORE_ADAPTERS: 'slack' });
    expect(error.message).toContain('SLACK_BOT_TOKEN=""');
    expect(error.message).toContain('LORE_ADAPTERS names slack');
  });
});

describe('loadConfig for Teams', () => {
  const APP_ID = '1f2e3d4c-0000-4000-8000-000000000001';

  it('reads the Teams variables', () => {
    expect(
      loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: APP_ID, LORE_TEAMS_EXPERTS_CHANNEL: '19:abc@thread.tacv2' }),
    ).toMatchObject({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: APP_ID, LORE_TEAMS_EXPERTS_CHANNEL: '19:abc@thread.tacv2' });
  });

  it('asks for the tenant of a single-tenant bot', () => {
    expect(configError({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' }).message).toMatch(/MICROSOFT_APP_TENANT_ID/);
  });

  it('reads the upkeep schedule in lower case', () => {
    expect(loadConfig({ LORE_DIGEST_SCHEDULE: 'Mon 09:00', LORE_REVIEW_DAYS: '30' })).toMatchObject({ LORE_DIGEST_SCHEDULE: 'mon 09:00', LORE_REVIEW_DAYS: 30 });
  });

  it('reads LORE_SYNC_MINUTES as a whole number of minutes (unset: serve syncs hourly)', () => {
    expect(loadConfig({}).LORE_SYNC_MINUTES).toBeUndefined();
    expect(loadConfig({ LORE_SYNC_MINUTES: '15' }).LORE_SYNC_MINUTES).toBe(15);
  });
});

describe('describeVariables', () => {
  it('documents every variable loadConfig reads', () => {
    const described = describeVariables();
    expect(described.map((v) => v.name).sort()).toEqual(
      [
        'LORE_ADAPTERS', 'LORE_BUSY_TIMEOUT_MS', 'LORE_CAPTURE_POLICY', 'LORE_DB', 'LORE_EDITORS', 'LORE_LOG_LEVEL', 'LORE_MIN_CONFIDENCE', 'LORE_SAMPLE_DIR', 'PORT',
        'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET',
        'LORE_SLACK_AUTO_CHANNELS', 'LORE_SLACK_EXPERTS_CHANNEL',
        'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_TYPE', 'LORE_TEAMS_EXPERTS_CHANNEL',
        'LORE_FALLBACK_OWNER', 'LORE_REVIEW_DAYS', 'LORE_QUESTION_RETENTION_DAYS', 'LORE_DIGEST_SCHEDULE', 'LORE_SLACK_DIGEST_CHANNEL', 'LORE_TEAMS_DIGEST_CHANNEL',
        'LORE_SYNC_MINUTES',
        'LORE_ALLOW_ANONYMOUS_TEAMS', 'LORE_TEAMS_SERVICE_URLS', 'LORE_ANSWER_QUEUE_LIMIT',
      ].sort(),
    );
    for (const variable of described) expect(variable.description.length).toBeGreaterThan(10);
  });
});
