import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from '../../../adapters/slack/oauth-install';
import { articleInput } from '../../helpers/articles';
import { ROOT } from '../../helpers/build';
import { mention } from './support/payloads';
import { request } from './support/signed-request';
import { postedText, useSlackHarness } from './support/slack-harness';

const OAUTH = { clientId: '1111.2222', clientSecret: 'client-secret', stateSecret: 'state-secret' };
const manifestScopes = (YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest', 'slack.yml'), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } }).oauth_config.scopes.bot;

/** What oauth.v2.access answers for a code: the code names the team that installs. */
function accessFor(code: string): Record<string, unknown> {
  const team = code.replace(/^code-/, '');
  return {
    app_id: 'A0LORE',
    authed_user: { id: `U0ADMIN${team}` },
    scope: BOT_SCOPES.join(','),
    token_type: 'bot',
    access_token: `xoxb-${team}`,
    bot_user_id: 'U0LORE',
    team: { id: team, name: `Team ${team}` },
    enterprise: null,
    is_enterprise_install: false,
  };
}

describe('installing Lore into many Slack workspaces (OAuth)', () => {
  const harness = useSlackHarness({ settings: { botToken: undefined, oauth: OAUTH } });
  const installations = () => harness().lore.db.prepare('SELECT team_id, bot_token, bot_user_id, installer_user_id, installed_at FROM slack_installations ORDER BY team_id').all();

  beforeEach(() => harness().slack.on('oauth.v2.access', (args) => accessFor(String(args.code))));

  /** Starts an install as a browser does and returns the state Slack would send back, with its cookie. */
  async function startInstall(): Promise<{ location: URL; state: string; cookie: string }> {
    const response = await request(`${harness().base}${INSTALL_PATH}`, { method: 'GET' });
    expect(response.status).toBe(302);
    const location = new URL(String(response.headers.location));
    const cookie = String(response.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    return { location, state: location.searchParams.get('state') ?? '', cookie };
  }

  /** The whole flow for one team: install path, Slack's consent (skipped), redirect back with a code. */
  async function install(team: string): Promise<void> {
    const { state, cookie } = await startInstall();
    const back = await request(`${harness().base}${REDIRECT_PATH}?code=code-${team}&state=${encodeURIComponent(state)}`, { method: 'GET', headers: { cookie } });
    expect(back.status).toBe(200);
  }

  it('sends the admin to Slack to consent, with the client id and the scopes of the manifest', async () => {
    const { location, state, cookie } = await startInstall();
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(OAUTH.clientId);
    expect(location.searchParams.get('scope')?.split(',').sort()).toEqual([...manifestScopes].sort());
    expect(state).not.toBe('');
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it('exchanges the code at the Web API, keeps the installation in the database, and answers that team with its token', async () => {
    const { slack, event, lore } = harness();
    await install('T0ALPHA');

    expect(slack.callsTo('oauth.v2.access')).toEqual([
      expect.objectContaining({ args: expect.objectContaining({ code: 'code-T0ALPHA', client_id: OAUTH.clientId, client_secret: OAUTH.clientSecret }) }),
    ]);
    expect(installations()).toEqual([{ team_id: 'T0ALPHA', bot_token: 'xoxb-T0ALPHA', bot_user_id: 'U0LORE', installer_user_id: 'U0ADMINT0ALPHA', installed_at: lore.clock.now() }]);

    expect((await event(mention('Reset a forgotten password', { team: 'T0ALPHA' }))).status).toBe(200);
    const [answer] = slack.callsTo('chat.postMessage');
    expect(answer?.token).toBe('xoxb-T0ALPHA');
    expect(postedText(answer!.args)).toContain('Reset a forgotten password');
  });

  it('refuses a redirect whose state does not belong to the browser, and stores nothing', async () => {
    const { slack } = harness();
    const { state } = await startInstall();
    const back = await request(`${harness().base}${REDIRECT_PATH}?code=code-T0EVIL&state=${encodeURIComponent(state)}`, { method: 'GET' });
    expect(back.status).toBeGreaterThanOrEqual(400);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(installations()).toEqual([]);
  });

  it('ignores events from a team that never installed Lore, and keeps serving the others', async () => {
    const { slack, event } = harness();
    await install('T0ALPHA');
    expect((await event(mention('Reset a forgotten password', { team: 'T0STRANGER' }))).status).toBe(200);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    await event(mention('Reset a forgotten password', { team: 'T0ALPHA' }));
    expect(slack.callsTo('chat.postMessage').map((call) => call.token)).toEqual(['xoxb-T0ALPHA']);
  });

  it("keeps two installed teams' knowledge apart, each answered with its own token", async () => {
    const { slack, event, lore } = harness();
    await install('T0ALPHA');
    await install('T0BETA');
    lore.knowledge.save(articleInput({ id: 'alpha-bikes', title: 'Borrow a company bicycle', body: 'Ask reception for a bike key; the bikes are in the basement.' }), 'slack:T0ALPHA', { by: 'test', reason: 'seed' });

    await event(mention('How do I borrow a company bicycle', { team: 'T0ALPHA' }));
    await event(mention('How do I borrow a company bicycle', { team: 'T0BETA' }));
    const [alpha, beta] = slack.callsTo('chat.postMessage');
    expect([alpha?.token, beta?.token]).toEqual(['xoxb-T0ALPHA', 'xoxb-T0BETA']);
    expect(postedText(alpha!.args)).toContain('Borrow a company bicycle');
    expect(postedText(beta!.args)).not.toContain('Borrow a company bicycle');
    expect(installations()).toHaveLength(2);
  });
});

describe('the Slack bot scopes', () => {
  it('are the ones the manifest grants', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifestScopes].sort());
  });
});
