import type { EnvConfig } from '../../src/index';

/** What the Slack adapter is configured with, read from the environment at the edge. */
export interface SlackSettings {
  /** Bot token of the one workspace served. */
  botToken: string;
  signingSecret: string;
  /** Web API base URL; Slack's own when unset. */
  apiUrl?: string;
  /** Channels where questions are answered without a mention, only when Lore is confident. */
  autoChannels: readonly string[];
  /** Where "Ask an expert" posts. */
  expertsChannel?: string;
  /** LORE_EDITORS as configured: who sees the drafts waiting on App Home. */
  editors?: string;
}

/** The Slack settings in a validated environment, or `undefined` when Slack is not configured. */
export function slackSettingsFrom(config: EnvConfig): SlackSettings | undefined {
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return undefined;
  return {
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    apiUrl: config.SLACK_API_URL,
    autoChannels: config.LORE_SLACK_AUTO_CHANNELS ?? [],
    expertsChannel: config.LORE_SLACK_EXPERTS_CHANNEL,
    editors: config.LORE_EDITORS,
  };
}
