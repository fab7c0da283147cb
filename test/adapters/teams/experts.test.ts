import { actionsOf, type Activity, cardOf, cardTextOf, fixture, TENANT, useTeamsHarness } from './support/teams-harness';

const EXPERTS = '19:experts@thread.tacv2';

/** A question in a channel thread that Lore cannot answer, and its card's Ask an expert data. */
async function unanswered(h: ReturnType<ReturnType<typeof useTeamsHarness>>): Promise<Record<string, unknown>> {
  await h.post(fixture('playground-message-channel-mention', { text: '<at>Test Bot</at> who approves travel to the Berlin office?' }));
  const card = cardOf(h.connector.sent().at(-1)!.body)!;
  return actionsOf(card).find((a) => a.title === 'Ask an expert')!.data!;
}

function click(data: Record<string, unknown>, id = `expert-${Math.random()}`): Activity {
  return fixture('playground-invoke-adaptiveCard-action', {
    id,
    from: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
    conversation: { conversationType: 'channel', tenantId: TENANT, id: 'team-id;messageid=1795437943405' },
    channelData: { tenant: { id: TENANT }, team: { id: 'team-id' }, channel: { id: 'team-id' } },
    value: { action: { type: 'Action.Execute', verb: 'expert', data } },
  });
}

describe('Ask an expert in Teams', () => {
  describe('with an experts channel', () => {
    const harness = useTeamsHarness({ settings: { expertsChannel: EXPERTS } });

    it('posts the question as a new thread in the experts channel, with a link back, once however often it is clicked', async () => {
      const h = harness();
      // Lore was installed in the experts' team: it knows the channel.
      await h.post(
        fixture('playground-message-channel-mention', {
          id: 'seen-experts',
          text: '<at>Test Bot</at> help',
          conversation: { id: `${EXPERTS};messageid=1` },
          channelData: { channel: { id: EXPERTS, name: 'Experts' } },
        }),
      );
      const data = await unanswered(h);
      const first = await h.post(click(data));
      const second = await h.post(click(data));

      const posts = h.connector.sent().filter((call) => call.conversationId === EXPERTS);
      expect(posts).toHaveLength(1);
      expect(posts[0]!.activityId).toBeUndefined();
      const card = cardOf(posts[0]!.body)!;
      expect(cardTextOf(card)).toMatch(/Question for the experts.*who approves travel to the Berlin office\?.*Asked by +Alex Wilber/);
      expect(actionsOf(card)).toEqual([
        { type: 'Action.OpenUrl', title: 'Open the conversation', url: `https://teams.microsoft.com/l/message/team-id/1795437943405?tenantId=${TENANT}&parentMessageId=1795437943405` },
      ]);
      expect(cardTextOf((first.body as { value: unknown }).value)).toMatch(/passed your question to the experts in Experts/);
      expect(cardTextOf((second.body as { value: unknown }).value)).toMatch(/The experts already have this question/);
    });

    it('refuses to pass on a question from another tenant’s answer', async () => {
      const h = harness();
      const data = await unanswered(h);
      const other = click(data);
      (other.conversation as Record<string, unknown>).tenantId = '99999999-0000-0000-0000-000000000000';
      (other.channelData as Record<string, unknown>).tenant = { id: '99999999-0000-0000-0000-000000000000' };
      const result = await h.post(other);
      expect(cardTextOf((result.body as { value: unknown }).value)).toMatch(/not from this organisation/);
      expect(h.connector.sent().filter((call) => call.conversationId === EXPERTS)).toHaveLength(0);
    });
  });

  describe('without an experts channel', () => {
    const harness = useTeamsHarness();

    it('says none is set up, and posts nothing', async () => {
      const h = harness();
      const data = await unanswered(h);
      const before = h.connector.sent().length;
      const result = await h.post(click(data));
      expect(cardTextOf((result.body as { value: unknown }).value)).toMatch(/No experts channel is set up yet \(LORE_TEAMS_EXPERTS_CHANNEL\)/);
      expect(h.connector.sent()).toHaveLength(before);
    });
  });
});
