import { markdownToMrkdwn } from '../../../adapters/slack/mrkdwn';

describe('markdownToMrkdwn', () => {
  it('keeps lists, bold, links and code as Slack shows them', () => {
    const markdown = '## Forgot it\n\n1. Go to [the password page](https://intranet.example.com/password).\n2. Click **Reset**, then _wait_.\n- Run `ipconfig /all`\n\n```\nnet use Z: \\\\files\\share\n```';
    expect(markdownToMrkdwn(markdown)).toBe(
      '*Forgot it*\n\n1. Go to <https://intranet.example.com/password|the password page>.\n2. Click *Reset*, then _wait_.\n• Run `ipconfig /all`\n\n```\nnet use Z: \\\\files\\share\n```',
    );
  });

  it('lets no article ping anyone, add a Slack link of its own, or link to anything but http(s)', () => {
    const text = markdownToMrkdwn('Hi <!channel> @here <@U123> [click](javascript:alert(1)) <https://evil.example|ok> `<!here>`');
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>|@here|<https:\/\/evil|javascript:[^ ]*\|/);
    expect(text).toContain('&lt;');
  });
});
