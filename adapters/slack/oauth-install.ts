import type { HTTPReceiverOptions } from '@slack/bolt';
import type { Lore } from '../../src/index';
import type { SlackOAuthSettings } from './slack-settings';
import { SqliteInstallationStore } from './sqlite-installation-store';

/** Where a workspace admin starts installing Lore: redirects to Slack's consent page. */
export const INSTALL_PATH = '/slack/install';
/** Where Slack sends the admin back with the code Lore exchanges for the team's bot token. */
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes Lore asks for when installed; the same as `oauth_config.scopes.bot` in manifest/slack.yml. */
export const BOT_SCOPES: readonly string[] = [
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
  'chat:write',
  'commands',
  'reactions:read',
  'users:read',
];

/**
 * The HTTP receiver's options for Bolt's OAuth install flow, with the installations kept in
 * Lore's database. The install path redirects straight to Slack (no landing page) and
 * exchanges the code at `apiUrl`, so a stand-in Web API sees the whole flow.
 */
export function oauthReceiverOptions(oauth: SlackOAuthSettings, lore: Lore, apiUrl: string | undefined): Partial<HTTPReceiverOptions> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: new SqliteInstallationStore(lore.db, lore.clock),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      directInstall: true,
      ...(apiUrl ? { clientOptions: { slackApiUrl: apiUrl } } : {}),
    },
  };
}
