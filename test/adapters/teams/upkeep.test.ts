import { UpkeepLoop } from '../../../adapters/common/upkeep-loop';
import { TeamsConversations } from '../../../adapters/teams/teams-conversations';
import { upkeepCommandCard, verifyAction, verifyCard } from '../../../adapters/teams/upkeep-commands';
import { teamsUpkeepDelivery } from '../../../adapters/teams/upkeep-delivery';
import { Editors } from '../../../src/capture/capture-policy';
import type { ManualClock } from '../../../src/clock';
import { silentLogger } from '../../../src/logger';
import type { Lore } from '../../../src/lore';
import { DAY_MS } from '../../../src/upkeep/as-of';
import { articleInput, BASE, seed } from '../../helpers/articles';
import { cardOf, cardTextOf, fixture, type TeamsHarness, TENANT, useTeamsHarness } from './support/teams-harness';

const WORKSPACE = `teams:${TENANT}`;
/** The Entra object id of the fixtures' sender (Alex Wilber). */
const ALEX = '00000000-0000-0000-0000-0000000000020';
const THREAD = 'team-id;messageid=1795437943405';
const PERSONAL = '29d241e3-0d27-463c-b9d4-1e3567ee7e3b';
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function seedTenants(lore: Lore): void {
  seed(lore);
  seed(lore, [{ id: 'guest-wifi', title: 'Guest wifi for visitors', body: 'Visitors join the Guest network and accept the terms on the portal page.', owner: ALEX }], WORKSPACE);
  seed(lore, [{ id: 'canteen-menu', title: 'Canteen menu of another tenant', body: 'The canteen publishes its menu on Fridays.', owner: ALEX }], 'teams:other-tenant');
}

function loopFor(h: TeamsHarness, schedule?: string): UpkeepLoop {
  const delivery = teamsUpkeepDelivery({ lore: h.lore, logger: silentLogger, adapter: h.teams.adapter, conversations: new TeamsConversations(h.lore) });
  return new UpkeepLoop({ lore: h.lore, delivery, logger: silentLogger, ...(schedule ? { schedule } : {}) });
}

function clockOf(h: TeamsHarness): ManualClock {
  return h.lore.clock as ManualClock;
}

describe('Teams upkeep', () => {
  const harness = useTeamsHarness({ seed: seedTenants });

  it('posts a correction notice once, into the channel thread where the answer was given', async () => {
    const h = harness();
    await h.post(fixture('playground-message-channel-mention', { text: '<at>Test Bot</at> how do I connect to the VPN from home?' }));
    await h.post(fixture('playground-message-personal', { id: 'print-1', text: 'how do I print', from: { aadObjectId: 'someone-else' } }));
    clockOf(h).advance(DAY_MS);
    h.lore.knowledge.save(articleInput({ ...BASE[0]!, body: 'The VPN moved to Zscaler. Open the Zscaler app, choose Sign in with SSO and approve the push on your phone.' }), '', {
      by: 'editor',
      reason: 'edit',
    });
    const before = h.connector.sent().length;
    const loop = loopFor(h);

    expect(await loop.tick()).toEqual({ sent: 1, failed: 0, undeliverable: 0, digest: false });
    const posted = h.connector.sent().slice(before);
    expect(posted.map((call) => call.conversationId)).toEqual([THREAD]);
    expect(cardTextOf(cardOf(posted[0]!.body))).toContain('The answer you got on 2025-01-15 ("Connect to the VPN from home") has changed since');
    expect(await loop.tick()).toMatchObject({ sent: 0 });
    expect(h.connector.sent()).toHaveLength(before + 1);
  });

  it("shows `review` and `gaps` for the viewer's tenant only, with Verify for the owner and editors", async () => {
    const h = harness();
    clockOf(h).advance(91 * DAY_MS);
    await h.post(fixture('playground-message-personal', { id: 'gap-1', text: 'how do I borrow a company bicycle for the weekend' }));

    const owner = upkeepCommandCard('review', h.lore, { workspace: WORKSPACE, person: ALEX, isEditor: false });
    expect(cardTextOf(owner)).toContain('Guest wifi for visitors');
    expect(cardTextOf(owner)).not.toContain('Canteen menu');
    expect(JSON.stringify(owner)).toContain('"verb":"verify","data":{"lore":"verify","article":"guest-wifi"}');
    expect(JSON.stringify(upkeepCommandCard('review', h.lore, { workspace: WORKSPACE, person: 'someone-else', isEditor: false }))).not.toContain('"verify"');
    expect(JSON.stringify(upkeepCommandCard('review', h.lore, { workspace: WORKSPACE, person: 'someone-else', isEditor: true }))).toContain('"verify"');

    const gaps = cardTextOf(upkeepCommandCard('gaps', h.lore, { workspace: WORKSPACE, person: ALEX, isEditor: false }));
    expect(gaps).toContain('“how do I borrow a company bicycle for the weekend”');
    expect(cardTextOf(upkeepCommandCard('gaps', h.lore, { workspace: 'teams:other-tenant', person: ALEX, isEditor: false }))).not.toContain('bicycle');
  });

  it('answers the `review` command in chat, and a Verify click by Action.Execute records the verification', async () => {
    const h = harness();
    clockOf(h).advance(91 * DAY_MS);
    await h.post(fixture('playground-message-personal', { id: 'review-1', text: 'review' }));
    const card = cardOf(h.connector.sent().at(-1)!.body)!;
    expect(cardTextOf(card)).toContain('Guest wifi for visitors');
    expect(cardTextOf(card)).not.toContain('Canteen menu');

    const click = fixture('playground-invoke-adaptiveCard-action', {
      id: 'verify-1',
      conversation: { conversationType: 'personal', tenantId: TENANT, id: PERSONAL },
      channelData: { tenant: { id: TENANT } },
      value: { action: { type: 'Action.Execute', verb: 'verify', data: { lore: 'verify', article: 'guest-wifi' } } },
    });
    const result = await h.post(click);
    expect(cardTextOf((result.body as { value: unknown }).value)).toMatch(/✅ Verified\s+Guest wifi for visitors/);
    expect(h.lore.upkeep.reviews.stale({ workspace: WORKSPACE })).toEqual([]);
  });

  it('records Verify for the owner or an editor only', () => {
    const h = harness();
    clockOf(h).advance(91 * DAY_MS);
    const editors = new Editors(['teams:the-editor']);
    const click = verifyAction.parse({ lore: 'verify', article: 'guest-wifi' });
    expect(cardTextOf(verifyCard(h.lore, editors, { workspace: WORKSPACE, person: 'someone-else' }, click))).toMatch(/Only the owner of\s+Guest wifi for visitors\s+or an editor/);
    expect(cardTextOf(verifyCard(h.lore, editors, { workspace: 'teams:other-tenant', person: ALEX }, click))).toContain('not in this organisation');
    expect(h.lore.upkeep.reviews.stale({ workspace: WORKSPACE })).toHaveLength(1);
    expect(cardTextOf(verifyCard(h.lore, editors, { workspace: WORKSPACE, person: ALEX }, click))).toMatch(/✅ Verified\s+Guest wifi for visitors/);
    expect(h.lore.upkeep.reviews.stale({ workspace: WORKSPACE })).toEqual([]);
    expect(cardTextOf(verifyCard(h.lore, editors, { workspace: WORKSPACE, person: 'the-editor' }, verifyAction.parse({ lore: 'verify', article: 'vpn-home' })))).toContain('✅ Verified');
  });

  it("sends the weekly digest once to the owner's personal chat", async () => {
    const h = harness();
    await h.post(fixture('playground-message-personal', { id: 'hello-1', text: 'help' }));
    clockOf(h).advance(91 * DAY_MS);
    const now = new Date(h.lore.clock.now());
    const schedule = `${WEEKDAYS[now.getUTCDay()]} ${String(now.getUTCHours()).padStart(2, '0')}:00`;
    const before = h.connector.sent().length;

    expect((await loopFor(h, schedule).tick()).digest).toBe(true);
    expect((await loopFor(h, schedule).tick()).digest).toBe(false);
    const posted = h.connector.sent().slice(before);
    expect(posted.map((call) => call.conversationId)).toEqual([PERSONAL]);
    const text = cardTextOf(cardOf(posted[0]!.body));
    expect(text).toContain('Guest wifi for visitors');
    expect(text).not.toContain('Canteen menu');
  });
});
