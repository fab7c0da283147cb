import { articleInput, seed } from '../../helpers/articles';
import { CHANNEL, mention, message } from './support/payloads';
import { postedText, useSlackHarness } from './support/slack-harness';

const HR_CHANNEL = 'C0HRPRIVATE';

describe('restricted articles in Slack', () => {
  const harness = useSlackHarness({
    seed: (lore) => {
      seed(lore);
      lore.knowledge.save(
        articleInput({ id: 'salary-bands', title: 'Salary bands for 2026', body: 'Salary bands per grade are set by HR each January.', audience: [HR_CHANNEL] }),
        '',
        { by: 'hr', reason: 'test' },
      );
    },
  });

  it('answers with an HR-only article in the HR channel, and never in a public channel or a DM', async () => {
    const { event, slack } = harness();
    await event(mention('what are the salary bands for my grade', { channel: HR_CHANNEL, eventId: 'Ev1' }));
    await event(mention('what are the salary bands for my grade', { channel: CHANNEL, ts: '1736931700.000100', eventId: 'Ev2' }));
    await event(message('what are the salary bands for my grade', { channel: 'D0DIRECT', channelType: 'im', ts: '1736931700.000200', eventId: 'Ev3' }));

    const [inHr, inPublic, inDm] = slack.callsTo('chat.postMessage').map((call) => postedText(call.args));
    expect(inHr).toContain('Salary bands for 2026');
    expect(inPublic).not.toContain('Salary bands');
    expect(inDm).not.toContain('Salary bands');
  });
});
