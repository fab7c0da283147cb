import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { type Clock, LoreError } from '../../src/index';
import type { Lore } from '../../src/index';

type Db = Lore['db'];

interface InstallationRow {
  enterprise_id: string;
  team_id: string;
  is_enterprise_install: number;
  app_id: string | null;
  bot_token: string;
  bot_user_id: string;
  bot_id: string | null;
  bot_scopes: string;
  installer_user_id: string;
  installed_at: number;
}

/**
 * Bolt's installation store kept in Lore's database (`slack_installations`): one row per
 * team, or per enterprise for an org-wide install, replaced when the app is reinstalled.
 * Only the bot token is kept: Lore acts as its bot, never as the person who installed it.
 */
export class SqliteInstallationStore implements InstallationStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const { bot } = installation;
    if (!bot) {
      throw new LoreError('INVALID_INPUT', 'Slack installed Lore without a bot token; request the bot scopes of manifest/slack.yml when installing.');
    }
    const key = keyOf({
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    this.db
      .prepare(
        `INSERT INTO slack_installations (enterprise_id, team_id, is_enterprise_install, app_id, bot_token, bot_user_id, bot_id, bot_scopes, installer_user_id, installed_at)
         VALUES (@enterprise_id, @team_id, @is_enterprise_install, @app_id, @bot_token, @bot_user_id, @bot_id, @bot_scopes, @installer_user_id, @installed_at)
         ON CONFLICT (enterprise_id, team_id) DO UPDATE SET
           is_enterprise_install = excluded.is_enterprise_install, app_id = excluded.app_id, bot_token = excluded.bot_token,
           bot_user_id = excluded.bot_user_id, bot_id = excluded.bot_id, bot_scopes = excluded.bot_scopes,
           installer_user_id = excluded.installer_user_id, installed_at = excluded.installed_at`,
      )
      .run({
        ...key,
        is_enterprise_install: installation.isEnterpriseInstall ? 1 : 0,
        app_id: installation.appId ?? null,
        bot_token: bot.token,
        bot_user_id: bot.userId,
        bot_id: bot.id ?? null,
        bot_scopes: bot.scopes.join(','),
        installer_user_id: installation.user.id,
        installed_at: this.clock.now(),
      });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const row = this.db
      .prepare<{ enterprise_id: string; team_id: string }, InstallationRow>(
        'SELECT * FROM slack_installations WHERE enterprise_id = @enterprise_id AND team_id = @team_id',
      )
      .get(keyOf(query));
    if (!row) {
      throw new LoreError('NOT_FOUND', `Lore is not installed in Slack team ${query.teamId ?? '-'} (enterprise ${query.enterpriseId ?? '-'}); install it from /slack/install.`);
    }
    return {
      team: row.team_id ? { id: row.team_id } : undefined,
      enterprise: row.enterprise_id ? { id: row.enterprise_id } : undefined,
      isEnterpriseInstall: row.is_enterprise_install === 1,
      appId: row.app_id ?? undefined,
      authVersion: 'v2',
      tokenType: 'bot',
      user: { id: row.installer_user_id, token: undefined, scopes: undefined },
      bot: { token: row.bot_token, userId: row.bot_user_id, id: row.bot_id ?? '', scopes: row.bot_scopes.split(',').filter(Boolean) },
    };
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    this.db.prepare('DELETE FROM slack_installations WHERE enterprise_id = @enterprise_id AND team_id = @team_id').run(keyOf(query));
  }
}

/** An org-wide install is found by its enterprise alone; any other by its team (and enterprise, if any). */
function keyOf(query: { isEnterpriseInstall: boolean; enterpriseId?: string; teamId?: string }): { enterprise_id: string; team_id: string } {
  if (query.isEnterpriseInstall) return { enterprise_id: query.enterpriseId ?? '', team_id: '' };
  return { enterprise_id: query.enterpriseId ?? '', team_id: query.teamId ?? '' };
}
