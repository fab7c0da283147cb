import { actionsOf, type Activity, cardOf, cardTextOf, fixture, TENANT, useTeamsHarness } from './support/teams-harness';

/** The card Lore answered a personal question with, and that answer's vote data. */
async function askedAnswer(h: ReturnType<ReturnType<typeof useTeamsHarness>>, text = 'how do I connect to the VPN from home?') {
  await h.post(fixture('playground-message-personal', { id: `ask-${text}`, text }));
  const card = cardOf(h.connector.sent().at(-1)!.body)!;
  const [up, down, expert] = actionsOf(card);
  return { card, up: up!.data!, down: down!.data!, expert: expert!.data! };
}

/** An Action.Execute click as Teams invokes it, by a person. */
function execute(verb: string, data: Record<string, unknown>, person = 'person-1', id = `invoke-${Math.random()}`): Activity {
  return fixture('playground-invoke-adaptiveCard-action', {
    id,
    from: { id: `29:${person}`, name: person, aadObjectId: person },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: '29d241e3-0d27-463c-b9d4-1e3567ee7e3b' },
    channelData: { tenant: { id: TENANT } },
    value: { action: { type: 'Action.Execute', verb, data } },
  });
}

/** The same click from a client without universal actions: a message whose value is the data. */
function submit(data: Record<string, unknown>, person = 'person-1', replyToId = 'card-message-1'): Activity {
  return fixture('playground-message-actionsubmit-value', {
    id: `submit-${Math.random()}`,
    replyToId,
    from: { id: `29:${person}`, name: person, aadObjectId: person },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: '29d241e3-0d27-463c-b9d4-1e3567ee7e3b' },
    channelData: { tenant: { id: TENANT } },
    value: data,
  });
}

describe('voting in Teams', () => {
  const harness = useTeamsHarness();

  it('counts a 👍 by Action.Execute and redraws the card in place from the invoke response', async () => {
    const h = harness();
    const { up } = await askedAnswer(h);
    const result = await h.post(execute('vote', up));

    expect(result.status).toBe(200);
    const response = result.body as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(response).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardTextOf(response.value)).toMatch(/👍 Thanks! “Connect to the VPN from home” will come first/);
    expect(actionsOf(response.value)[0]!.title).toBe('👍 Helpful ✓');
    expect(h.lore.votes.tally('vpn-home')).toEqual({ up: 1, down: 0 });
    // The question became a learned phrasing of the shared article, for this tenant's questions only.
    expect(h.lore.knowledge.index.learnedIn('vpn-home', `teams:${TENANT}`)).toContain('how do I connect to the VPN from home?');
    expect(h.lore.knowledge.get('vpn-home')!.questions.map((q) => q.text)).not.toContain('how do I connect to the VPN from home?');
  });

  it('counts one vote per person: the same click again changes nothing, the other one changes the vote', async () => {
    const h = harness();
    const { up, down } = await askedAnswer(h);
    await h.post(execute('vote', up, 'ada'));
    const again = await h.post(execute('vote', up, 'ada'));
    expect(cardTextOf((again.body as { value: unknown }).value)).toMatch(/already marked .* helpful; your vote stands/);
    expect(h.lore.votes.tally('vpn-home')).toEqual({ up: 1, down: 0 });

    const changed = await h.post(execute('vote', down, 'ada'));
    expect(h.lore.votes.tally('vpn-home')).toEqual({ up: 0, down: 1 });
    expect(actionsOf((changed.body as { value: unknown }).value)[1]!.title).toBe('👎 Not helpful ✓');
    await h.post(execute('vote', up, 'grace'));
    expect(h.lore.votes.tally('vpn-home')).toEqual({ up: 1, down: 1 });
  });

  it('counts a retried invoke (same activity id) once', async () => {
    const h = harness();
    const { up } = await askedAnswer(h);
    const click = execute('vote', up, 'ada', 'invoke-retried');
    await h.post(click);
    await h.post(click);
    expect(h.lore.db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(1);
    expect(h.lore.votes.tally('vpn-home')).toEqual({ up: 1, down: 0 });
  });

  it('after a 👎 offers the other candidates and an expert', async () => {
    const h = harness();
    const { down } = await askedAnswer(h, 'password expired on the vpn');
    const result = await h.post(execute('vote', down));
    const card = (result.body as { value: unknown }).value;
    expect(cardTextOf(card)).toMatch(/👎 Thanks, noted/);
    expect(cardTextOf(card)).toMatch(/Maybe one of these/);
    expect(actionsOf(card).map((a) => a.title)).toContain('Ask an expert');
    expect(h.lore.votes.tally(down.a as string)).toEqual({ up: 0, down: 1 });
  });

  it('counts a vote sent by Action.Submit and updates the card message it came from', async () => {
    const h = harness();
    const { up } = await askedAnswer(h);
    await h.post(submit(up, 'ada', 'card-message-7'));

    expect(h.lore.votes.tally('vpn-home')).toEqual({ up: 1, down: 0 });
    const [update] = h.connector.updated();
    expect(update!.activityId).toBe('card-message-7');
    expect(cardTextOf(cardOf(update!.body))).toMatch(/👍 Thanks!/);
  });

  it('keeps the vote when the card cannot be updated, and says so in a new message', async () => {
    const h = harness();
    const { down } = await askedAnswer(h);
    h.connector.failUpdates(400);
    const before = h.connector.sent().length;
    await h.post(submit(down, 'ada'));

    expect(h.lore.votes.tally('vpn-home')).toEqual({ up: 0, down: 1 });
    expect(h.connector.sent()).toHaveLength(before + 1);
    expect(cardTextOf(cardOf(h.connector.sent().at(-1)!.body))).toMatch(/👎 Thanks, noted/);
  });

  it('refuses a vote on an answer from another tenant, and counts nothing', async () => {
    const h = harness();
    const { up } = await askedAnswer(h);
    const other = execute('vote', up, 'mallory');
    (other.conversation as Record<string, unknown>).tenantId = '99999999-0000-0000-0000-000000000000';
    (other.channelData as Record<string, unknown>).tenant = { id: '99999999-0000-0000-0000-000000000000' };
    const result = await h.post(other);
    expect(cardTextOf((result.body as { value: unknown }).value)).toMatch(/not from this organisation/);
    expect(h.lore.db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(0);
  });

  it('answers a click whose data is not Lore’s with a 400 card and counts nothing', async () => {
    const h = harness();
    await askedAnswer(h);
    const result = await h.post(execute('vote', { vote: 'down', articleId: 'kb-1' }));
    expect((result.body as { statusCode: number }).statusCode).toBe(400);
    expect(h.lore.db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(0);
  });
});
