import { type EnvConfig, LoreError } from '../../src/index';

/** What the Teams adapter is configured with, read from the environment at the edge. */
export interface TeamsSettings {
  /** The bot's Microsoft App ID. Unset: local development, where requests need no token (the Agents Playground). */
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Channel id where "Ask an expert" posts. */
  expertsChannel?: string;
  /** LORE_EDITORS as configured. */
  editors?: string;
  /** Where the weekly upkeep digest goes (LORE_TEAMS_DIGEST_CHANNEL). */
  digestChannel?: string;
  /** When it goes (LORE_DIGEST_SCHEDULE); unset: no digest. */
  digestSchedule?: string;
  /** Service URLs Lore may reply to besides Microsoft's own (LORE_TEAMS_SERVICE_URLS), as origins. */
  serviceUrls?: readonly string[];
  /** LORE_ALLOW_ANONYMOUS_TEAMS: without an app id, listen on every interface rather than loopback only. */
  anonymousOnEveryInterface?: boolean;
}

/** Where the server listens when Teams runs without an app id and nobody allowed more. */
export const LOOPBACK_HOST = '127.0.0.1';

/**
 * The one address to listen on, or `undefined` for every interface. Without an app id
 * anyone who reaches /api/messages is believed, so only this machine may reach it unless
 * the operator said otherwise.
 */
export function listenHostFor(settings: TeamsSettings | undefined): string | undefined {
  if (!settings || settings.appId || settings.anonymousOnEveryInterface) return undefined;
  return LOOPBACK_HOST;
}

/**
 * The Teams settings, or `undefined` when Teams is not to run: it runs when an app id is
 * configured, or when LORE_ADAPTERS names it (anonymously, for a local playground).
 */
export function teamsSettingsFrom(config: EnvConfig): TeamsSettings | undefined {
  const named = config.LORE_ADAPTERS?.includes('teams') ?? false;
  if (!config.MICROSOFT_APP_ID && !named) return undefined;
  if (config.MICROSOFT_APP_ID && config.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !config.MICROSOFT_APP_PASSWORD) {
    throw new LoreError('CONFIG_INVALID', 'MICROSOFT_APP_ID is set, so set MICROSOFT_APP_PASSWORD too (the bot\'s client secret), or MICROSOFT_APP_TYPE=UserAssignedMSI.');
  }
  return {
    ...(config.MICROSOFT_APP_ID ? { appId: config.MICROSOFT_APP_ID } : {}),
    ...(config.MICROSOFT_APP_PASSWORD ? { appPassword: config.MICROSOFT_APP_PASSWORD } : {}),
    ...(config.MICROSOFT_APP_TENANT_ID ? { appTenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
    appType: config.MICROSOFT_APP_TYPE ?? 'MultiTenant',
    ...(config.LORE_TEAMS_EXPERTS_CHANNEL ? { expertsChannel: config.LORE_TEAMS_EXPERTS_CHANNEL } : {}),
    ...(config.LORE_EDITORS ? { editors: config.LORE_EDITORS } : {}),
    ...(config.LORE_TEAMS_DIGEST_CHANNEL ? { digestChannel: config.LORE_TEAMS_DIGEST_CHANNEL } : {}),
    ...(config.LORE_DIGEST_SCHEDULE ? { digestSchedule: config.LORE_DIGEST_SCHEDULE } : {}),
    ...(config.LORE_TEAMS_SERVICE_URLS ? { serviceUrls: config.LORE_TEAMS_SERVICE_URLS } : {}),
    ...(config.LORE_ALLOW_ANONYMOUS_TEAMS ? { anonymousOnEveryInterface: true } : {}),
  };
}
