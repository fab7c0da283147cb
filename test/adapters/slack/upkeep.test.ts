import { type UpkeepDelivery, UpkeepLoop } from '../../../adapters/common/upkeep-loop';
import { slackUpkeepDelivery } from '../../../adapters/slack/upkeep-delivery';
import { registerUpkeep } from '../../../adapters/slack/upkeep-handlers';
import type { ManualClock } from '../../../src/clock';
import { silentLogger } from '../../../src/logger';
import type { Lore } from '../../../src/lore';
import { DAY_MS } from '../../../src/upkeep/as-of';
import { articleInput, BASE, seed } from '../../helpers/articles';
import type { RecordedCall } from './support/fake-slack-api';
import { buttonClick, CHANNEL, mention, slashCommand, TEAM } from './support/payloads';
import { postedText, type SlackHarness, useSlackHarness } from './support/slack-harness';

const WORKSPACE = `slack:${TEAM}`;
const OTHER_TEAM = 'T0OTHER';
const HELP_DESK = 'C0HELPDESK';
const VPN = BASE[0]!;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The shared base, plus one article owned by Ada in this team and one in another team. */
function seedTeams(lore: Lore): void {
  seed(lore);
  seed(lore, [{ id: 'guest-wifi', title: 'Guest wifi for visitors', body: 'Visitors join the Guest network and accept the terms on the portal page.', owner: 'U0ADA' }], WORKSPACE);
  seed(lore, [{ id: 'canteen-menu', title: 'Canteen menu of the other team', body: 'The canteen publishes its menu on Fridays.', owner: 'U0ADA' }], `slack:${OTHER_TEAM}`);
}

function loopFor(h: SlackHarness, options: { schedule?: string } = {}): UpkeepLoop {
  const delivery = slackUpkeepDelivery(h.app.app.client, { lore: h.lore, logger: silentLogger, digestChannel: HELP_DESK });
  return new UpkeepLoop({ lore: h.lore, delivery, logger: silentLogger, ...options });
}

function postsSince(h: SlackHarness, from: number): RecordedCall[] {
  return h.slack.calls.slice(from).filter((call) => call.method === 'chat.postMessage');
}

function clockOf(h: SlackHarness): ManualClock {
  return h.lore.clock as ManualClock;
}

describe('Slack upkeep', () => {
  const harness = useSlackHarness({ settings: { editors: 'slack:U0EDITOR' }, seed: seedTeams });

  describe('correction notices', () => {
    it('go once into the thread where the answer was given, or to the asker for a private question, after a substantial edit', async () => {
      const h = harness();
      await h.event(mention('Connect to the VPN from home', { user: 'U0ADA', ts: '1736931600.000900' }));
      await h.event(mention('Reset a forgotten password', { user: 'U0BOB' }));
      await h.form(slashCommand('vpn will not connect', h.slack.responseUrl('carol'), { user: 'U0CAROL', team: TEAM }));
      clockOf(h).advance(2 * DAY_MS);
      h.lore.knowledge.save(
        articleInput({ ...VPN, title: 'Connect to the VPN from home <!channel>', body: 'The VPN moved to Zscaler. Open the Zscaler app, choose Sign in with SSO and approve the push on your phone.' }),
        '',
        { by: 'U0EDITOR', reason: 'edit' },
      );
      const before = h.slack.calls.length;
      const loop = loopFor(h);

      expect(await loop.tick()).toEqual({ sent: 2, failed: 0, undeliverable: 0, digest: false });
      const posts = postsSince(h, before);
      expect(posts.map((call) => [call.args.channel, call.args.thread_ts]).sort()).toEqual([
        [CHANNEL, '1736931600.000900'],
        ['U0CAROL', undefined],
      ]);
      for (const call of posts) {
        expect(call.args.text).toContain('The answer you got on 2025-01-15 ("Connect to the VPN from home');
        expect(postedText(call.args)).not.toContain('<!channel>');
      }
      expect(JSON.stringify(h.slack.calls.slice(before))).not.toContain('U0BOB');

      expect(await loop.tick()).toEqual({ sent: 0, failed: 0, undeliverable: 0, digest: false });
      expect(postsSince(h, before)).toHaveLength(2);
    });

    it('go out once when two processes sharing the database post at the same moment', async () => {
      const h = harness();
      await h.event(mention('Connect to the VPN from home', { user: 'U0ADA', ts: '1736931600.000900' }));
      await h.form(slashCommand('vpn will not connect', h.slack.responseUrl('carol'), { user: 'U0CAROL', team: TEAM }));
      clockOf(h).advance(2 * DAY_MS);
      h.lore.knowledge.save(
        articleInput({ ...VPN, body: 'The VPN moved to Zscaler. Open the Zscaler app, choose Sign in with SSO and approve the push on your phone.' }),
        '',
        { by: 'U0EDITOR', reason: 'edit' },
      );
      const other = h.sandbox.openLore({ clock: h.lore.clock });
      const otherDelivery = slackUpkeepDelivery(h.app.app.client, { lore: other, logger: silentLogger, digestChannel: HELP_DESK });
      const before = h.slack.calls.length;

      const [first, second] = await Promise.all([loopFor(h).tick(), new UpkeepLoop({ lore: other, delivery: otherDelivery, logger: silentLogger }).tick()]);

      expect(first.sent + second.sent).toBe(2);
      expect(postsSince(h, before).map((call) => call.args.channel).sort()).toEqual([CHANNEL, 'U0CAROL']);
    });

    it('are tried again after a failure, go to the asker when the thread is gone, and are dropped when nobody can be reached', async () => {
      const h = harness();
      await h.event(mention('Connect to the VPN from home', { user: 'U0ADA' }));
      await h.event(mention('vpn will not connect', { user: 'U0BOB', channel: 'C0GONE' }));
      await h.event(mention('globalprotect keeps disconnecting', { user: 'U0LEFT', channel: 'C0GONE' }));
      h.lore.knowledge.save(articleInput({ ...VPN, status: 'archived' }), '', { by: 'U0EDITOR', reason: 'archive' });
      const loop = loopFor(h);

      h.slack.on('chat.postMessage', () => ({ ok: false, error: 'fatal_error' }));
      expect(await loop.tick()).toMatchObject({ sent: 0, failed: 3 });
      h.slack.on('chat.postMessage', (args) => {
        if (args.channel === 'C0GONE') return { ok: false, error: 'channel_not_found' };
        if (args.channel === 'U0LEFT') return { ok: false, error: 'user_not_found' };
        return { channel: args.channel, ts: '1736931700.000001' };
      });
      const before = h.slack.calls.length;
      expect(await loop.tick()).toMatchObject({ sent: 2, failed: 0, undeliverable: 1 });
      const delivered = postsSince(h, before).filter((call) => call.response?.ok);
      expect(delivered.map((call) => call.args.channel).sort()).toEqual([CHANNEL, 'U0BOB']);
      expect(String(delivered[0]?.args.text)).toContain('has been withdrawn');
      expect(await loop.tick()).toMatchObject({ sent: 0, failed: 0, undeliverable: 0 });
    });
  });

  describe('/lore review and /lore gaps', () => {
    beforeEach(() => {
      const h = harness();
      registerUpkeep(h.app.app, { lore: h.lore, logger: silentLogger, settings: { autoChannels: [], editors: 'slack:U0EDITOR' } });
    });

    async function command(h: SlackHarness, text: string, user: string): Promise<string> {
      const name = `${text}-${user}`;
      await h.form(slashCommand(text, h.slack.responseUrl(name), { user, team: TEAM }));
      const [response] = h.slack.callsTo('response_url').filter((call) => call.args.url === `/respond/${name}`);
      expect(response?.args.response_type).toBe('ephemeral');
      return JSON.stringify(response?.args.blocks);
    }

    it("lists this workspace's stale articles with their owner, with Verify only for the owner and editors", async () => {
      const h = harness();
      clockOf(h).advance(91 * DAY_MS);
      const ada = await command(h, 'review', 'U0ADA');
      expect(ada).toContain('Guest wifi for visitors');
      expect(ada).toContain('owner <@U0ADA>');
      expect(ada).not.toContain('Canteen menu');
      expect(ada).not.toContain('Connect to the VPN');
      expect(ada).toContain('lore_verify');
      expect(await command(h, 'review', 'U0BOB')).not.toContain('lore_verify');
      expect(await command(h, 'review', 'U0EDITOR')).toContain('lore_verify');
    });

    it('lists failing articles of the workspace', async () => {
      const h = harness();
      for (const voter of ['U1', 'U2', 'U3', 'U4', 'U5']) {
        const reply = h.lore.answerer.ask('Guest wifi for visitors', { workspace: WORKSPACE, platform: 'slack', asker: voter });
        h.lore.votes.cast({ questionId: reply.questionId, articleId: 'guest-wifi', voter, value: -1 });
      }
      const review = await command(h, 'review', 'U0BOB');
      expect(review).toContain('*Failing* (1)');
      expect(review).toContain('👍 0 · 👎 5');
    });

    it("lists this workspace's gaps with how many asked, examples, owner and due date", async () => {
      const h = harness();
      await h.event(mention('How do I borrow a company bicycle?', { user: 'U0ADA' }));
      await h.event(mention('Can I borrow a bicycle for the weekend?', { user: 'U0BOB' }));
      await h.event(mention('Where is the secret lab of the other team?', { user: 'U0ADA', team: OTHER_TEAM }));
      const gaps = await command(h, 'gaps', 'U0ADA');
      expect(gaps).toContain('2 people asked');
      expect(gaps).toContain('bicycle');
      expect(gaps).toContain('due 2025-01-22');
      expect(gaps).not.toContain('secret lab');
    });

    it('records a verification by the owner or an editor, and refuses anyone else', async () => {
      const h = harness();
      clockOf(h).advance(91 * DAY_MS);
      const click = async (user: string, article: string) => {
        const url = h.slack.responseUrl(`verify-${user}-${article}`);
        await h.interact(buttonClick({ actionId: 'lore_verify', value: JSON.stringify({ a: article }) }, { user, ephemeral: true, responseUrl: url }));
        return String(h.slack.callsTo('response_url').find((call) => call.args.url === new URL(url).pathname)?.args.text);
      };
      const stale = () => h.lore.upkeep.reviews.stale({ workspace: WORKSPACE }).map((a) => a.id);

      expect(await click('U0BOB', 'guest-wifi')).toContain("Only the article's owner (<@U0ADA>) or an editor");
      expect(stale()).toEqual(['guest-wifi']);
      expect(await click('U0ADA', 'canteen-menu')).toContain('not in this workspace');
      expect(await click('U0ADA', 'guest-wifi')).toContain('✅ Verified *Guest wifi for visitors*');
      expect(stale()).toEqual([]);
      expect(h.lore.knowledge.get('guest-wifi')?.verifiedBy).toBe('U0ADA');
      expect(await click('U0EDITOR', 'vpn-home')).toContain('✅ Verified');
    });
  });

  describe('the weekly digest', () => {
    it('goes at the scheduled time once, across ticks and restarts (the mark is in the database), and again a week later', async () => {
      const h = harness();
      clockOf(h).advance(91 * DAY_MS);
      await h.event(mention('How do I borrow a company bicycle?', { user: 'U0BOB' }));
      const now = h.lore.clock.now();
      const hour = new Date(now + 60 * 60 * 1000);
      const schedule = `${WEEKDAYS[hour.getUTCDay()]} ${String(hour.getUTCHours()).padStart(2, '0')}:00`;
      const before = h.slack.calls.length;

      const first = loopFor(h, { schedule });
      expect((await first.tick()).digest).toBe(false);
      clockOf(h).advance(60 * 60 * 1000);
      expect((await first.tick()).digest).toBe(true);
      expect((await first.tick()).digest).toBe(false);
      await first.stop();
      const restarted = loopFor(h, { schedule });
      expect((await restarted.tick()).digest).toBe(false);

      const posts = postsSince(h, before);
      expect(posts.map((call) => call.args.channel).sort()).toEqual(['C0HELPDESK', 'U0ADA']);
      const ada = postedText(posts.find((call) => call.args.channel === 'U0ADA')!.args);
      expect(ada).toContain('Guest wifi for visitors');
      expect(ada).not.toContain('Canteen menu');
      expect(ada).toContain('lore_verify');
      const desk = postedText(posts.find((call) => call.args.channel === HELP_DESK)!.args);
      expect(desk).toContain('bicycle');
      expect(desk).not.toMatch(/<@|<!/);

      clockOf(h).advance(7 * DAY_MS);
      expect((await restarted.tick()).digest).toBe(true);
    });

    it('is tried again at the next tick when none of it could be sent', async () => {
      const h = harness();
      clockOf(h).advance(91 * DAY_MS);
      const now = new Date(h.lore.clock.now());
      const schedule = `${WEEKDAYS[now.getUTCDay()]} ${String(now.getUTCHours()).padStart(2, '0')}:00`;
      const failing: UpkeepDelivery = { platform: 'slack', deliverNotice: async () => 'sent', sendDigest: () => Promise.reject(new Error('Slack is down')) };
      await expect(new UpkeepLoop({ lore: h.lore, delivery: failing, logger: silentLogger, schedule }).tick()).rejects.toThrow('Slack is down');
      expect((await loopFor(h, { schedule }).tick()).digest).toBe(true);
    });
  });
});
