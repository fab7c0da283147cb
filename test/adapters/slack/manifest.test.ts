import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { CALLBACKS } from '../../../adapters/slack/action-values';
import { EVENTS_PATH } from '../../../adapters/slack/create-slack-app';
import { ROOT } from '../../helpers/build';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    shortcuts: Array<{ type: string; callback_id: string }>;
    slash_commands: Array<{ command: string; url: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

describe('manifest/slack.yml', () => {
  const manifest = YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest', 'slack.yml'), 'utf8')) as Manifest;

  it('sends events, interactivity and /lore to the one URL the app serves', () => {
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0]!.url];
    for (const url of urls) expect(url).toMatch(new RegExp(`^https://[^/]+${EVENTS_PATH}$`));
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/lore']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('says how to switch to Socket Mode, which Lore supports, instead of calling it unsupported', () => {
    const text = fs.readFileSync(path.join(ROOT, 'manifest', 'slack.yml'), 'utf8');
    expect(text).not.toMatch(/Socket Mode is not supported/i);
    expect(text).toMatch(/true for Socket Mode: .*SLACK_APP_TOKEN/);
  });

  it('declares the shortcut, the events and the scopes the handlers need', () => {
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: CALLBACKS.captureShortcut })]);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.bot_user.display_name).toBe('Lore');
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      ['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im', 'message.mpim', 'reaction_added', 'reaction_removed'].sort(),
    );
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'groups:history', 'im:history', 'mpim:history', 'reactions:read', 'users:read'].sort(),
    );
  });
});
