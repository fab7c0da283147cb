import { registerUpkeep } from '../../../adapters/slack/upkeep-handlers';
import { Editors } from '../../../src/capture/capture-policy';
import type { ManualClock } from '../../../src/clock';
import { silentLogger } from '../../../src/logger';
import { DAY_MS } from '../../../src/upkeep/as-of';
import { seed } from '../../helpers/articles';
import { buttonClick, mention, TEAM } from './support/payloads';
import { useSlackHarness } from './support/slack-harness';

function homeOpened(user: string, tab = 'home'): Record<string, unknown> {
  return {
    token: 'XXYYZZ',
    team_id: TEAM,
    api_app_id: 'A123ABC456',
    type: 'event_callback',
    event_id: `EvHOME${user}${tab}`,
    event_time: 1736931600,
    event: { type: 'app_home_opened', user, channel: 'D0HOME', tab, event_ts: '1736931600.000001' },
  };
}

describe('App Home', () => {
  const harness = useSlackHarness({ settings: { editors: 'slack:U0EDITOR' }, lore: { capturePolicy: 'review', editors: new Editors(['slack:U0EDITOR']) } });

  it("shows the person's recent questions, their unverified articles and the workspace's figures", async () => {
    const h = harness();
    await h.event(mention('Reset a forgotten password', { user: 'U0ADA' }));
    await h.event(mention('How do I borrow a company bicycle <!channel>?', { user: 'U0ADA' }));
    await h.event(mention('Book a parking space', { user: 'U0BOB' }));
    await h.event(homeOpened('U0ADA'));
    await h.event(homeOpened('U0ADA', 'messages'));

    const [published] = h.slack.callsTo('views.publish');
    expect(h.slack.callsTo('views.publish')).toHaveLength(1);
    expect(published?.args.user_id).toBe('U0ADA');
    const view = JSON.stringify(published?.args.view);
    expect(view).toContain('How do I borrow a company bicycle ?');
    expect(view).not.toContain('<!channel>');
    expect(view).toContain('*Reset a forgotten password*');
    expect(view).not.toContain('Book a parking space');
    expect(view).toContain('5 articles (0 of this workspace)');
    expect(view).toContain('3 questions, 2 answered, 1 not yet');
    expect(view).not.toContain('Drafts waiting');
  });

  it('shows an editor the drafts waiting for review, and the articles they own that nobody verified', async () => {
    const h = harness();
    h.lore.capturer.capture({ workspace: `slack:${TEAM}`, platform: 'slack', question: 'How do I borrow a bicycle?', answer: 'Ask reception.', capturedBy: 'U0ADA' });
    h.lore.capturer.capture({ workspace: `slack:${TEAM}`, platform: 'slack', question: 'Where is the first-aid kit?', answer: 'In the kitchen.', capturedBy: 'U0EDITOR' });
    await h.event(homeOpened('U0EDITOR'));
    await h.event(homeOpened('U0ADA'));
    const [editor, author] = h.slack.callsTo('views.publish').map((call) => JSON.stringify(call.args.view));
    expect(editor).toContain('Drafts waiting for review');
    expect(editor).toContain('• How do I borrow a bicycle? (`how-do-i-borrow-a-bicycle`)\\nPublish');
    expect(editor).toContain('Your articles that nobody has verified yet');
    expect(editor).toContain('Where is the first-aid kit?');
    expect(author).not.toContain('Drafts waiting');
  });

  it("shows the person's review queue with Verify buttons; Verify redraws the home", async () => {
    const h = harness();
    seed(h.lore, [{ id: 'guest-wifi', title: 'Guest wifi for visitors', body: 'Visitors join the Guest network and accept the terms.', owner: 'U0ADA' }], `slack:${TEAM}`);
    registerUpkeep(h.app.app, { lore: h.lore, logger: silentLogger, settings: { autoChannels: [] } });
    (h.lore.clock as ManualClock).advance(91 * DAY_MS);
    await h.event(homeOpened('U0ADA'));
    await h.event(homeOpened('U0BOB'));
    const [ada, bob] = h.slack.callsTo('views.publish').map((call) => JSON.stringify(call.args.view));
    expect(ada).toContain('Your review queue');
    expect(ada).toContain('Guest wifi for visitors');
    expect(ada).toContain('lore_verify');
    expect(bob).not.toContain('Your review queue');

    const click = buttonClick({ actionId: 'lore_verify', value: JSON.stringify({ a: 'guest-wifi' }) }, { user: 'U0ADA' });
    await h.interact({ ...click, container: { type: 'view', view_id: 'V0HOME' }, view: { id: 'V0HOME', type: 'home' }, message: undefined });
    const redrawn = h.slack.callsTo('views.publish').at(-1)!;
    expect(redrawn.args.user_id).toBe('U0ADA');
    expect(JSON.stringify(redrawn.args.view)).toContain('✅ Verified *Guest wifi for visitors*');
    expect(JSON.stringify(redrawn.args.view)).not.toContain('Your review queue');
  });
});
