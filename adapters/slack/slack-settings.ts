import type { EnvConfig } from '../../src/index';

/** The Slack app's OAuth credentials, for installing Lore into many workspaces. */
export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth state, so a redirect is accepted only from the browser that started the install. */
  stateSecret: string;
}

/** What the Slack adapter is configured with, read from the environment at the edge. */
export interface SlackSettings {
  /** Bot token of the one workspace served; unset when Lore is installed through OAuth. */
  botToken?: string;
  /** Set when Lore serves every workspace that installs it, each with its own token. */
  oauth?: SlackOAuthSettings;
  /** Checks that HTTP requests come from Slack; unset in Socket Mode, where Lore connects out to Slack. */
  signingSecret?: string;
  /** App-level token (xapp-…): with a bot token, Lore receives events over Socket Mode instead of HTTP. */
  appToken?: string;
  /** Web API base URL; Slack's own when unset. */
  apiUrl?: string;
  /** Channels where questions are answered without a mention, only when Lore is confident. */
  autoChannels: readonly string[];
  /** Where "Ask an expert" posts. */
  expertsChannel?: string;
  /** LORE_EDITORS as configured: who sees the drafts waiting on App Home. */
  editors?: string;
  /** Where the weekly upkeep digest goes (LORE_SLACK_DIGEST_CHANNEL). */
  digestChannel?: string;
  /** When it goes (LORE_DIGEST_SCHEDULE, e.g. "mon 09:00" UTC); unset: no digest. */
  digestSchedule?: string;
}

/** The Slack settings in a validated environment, or `undefined` when Slack is not configured. */
export function slackSettingsFrom(config: EnvConfig): SlackSettings | undefined {
  const { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET } = config;
  const oauth = SLACK_CLIENT_ID && SLACK_CLIENT_SECRET && SLACK_STATE_SECRET ? { clientId: SLACK_CLIENT_ID, clientSecret: SLACK_CLIENT_SECRET, stateSecret: SLACK_STATE_SECRET } : undefined;
  const socketMode = Boolean(config.SLACK_BOT_TOKEN && config.SLACK_APP_TOKEN);
  if (!(config.SLACK_BOT_TOKEN || oauth) || !(config.SLACK_SIGNING_SECRET || socketMode)) return undefined;
  return {
    ...(config.SLACK_BOT_TOKEN ? { botToken: config.SLACK_BOT_TOKEN } : { oauth }),
    ...(socketMode ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    apiUrl: config.SLACK_API_URL,
    autoChannels: config.LORE_SLACK_AUTO_CHANNELS ?? [],
    expertsChannel: config.LORE_SLACK_EXPERTS_CHANNEL,
    editors: config.LORE_EDITORS,
    digestChannel: config.LORE_SLACK_DIGEST_CHANNEL,
    digestSchedule: config.LORE_DIGEST_SCHEDULE,
  };
}
