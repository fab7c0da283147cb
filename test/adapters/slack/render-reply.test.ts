import { decodeValue, voteValue } from '../../../adapters/slack/action-values';
import { fitMrkdwn, mrkdwnLink, plainQuestion, safeText } from '../../../adapters/slack/mrkdwn';
import { renderAlternatives, renderReply } from '../../../adapters/slack/render-reply';
import type { RankedArticle, Reply } from '../../../src/answers/reply';
import { rankedArticle } from '../../helpers/articles';

const article = rankedArticle;

function answer(results: RankedArticle[], overrides: Partial<Reply> = {}): Reply {
  return { decision: 'answer', questionId: 7, question: 'vpn?', confidence: 0.87, results, ...overrides };
}

/** Everything a message would show or notify with. */
function shown(message: { text: string; blocks: unknown[] }): string {
  return JSON.stringify(message);
}

const HOSTILE = '<!channel> <!here|here> <@U123> <@U456|bob> <!subteam^S1|@admins> <#C1|general> & <script>alert(1)</script> @everyone <https://evil.example|click>';

describe('renderReply', () => {
  it('says under an answer or an abstention, above the buttons, that Lore is still reading its articles', () => {
    const loading = { read: 42_000, total: 100_000 };
    for (const reply of [answer([article()], { loading }), answer([], { decision: 'abstain', loading })]) {
      const { blocks } = renderReply(reply);
      const notice = blocks.findIndex((block) => JSON.stringify(block).includes('still reading the knowledge base (42% of 100,000 articles)'));
      expect(notice).toBeGreaterThan(0);
      expect(blocks[notice]!.type).toBe('context');
      expect(blocks.at(-1)!.type).toBe('actions');
    }
    expect(shown(renderReply(answer([article()])))).not.toContain('still reading');
  });

  it('shows the best article with its answering passage as mrkdwn, who verified it, two others and the buttons', () => {
    const message = renderReply(
      answer([
        article({ sourceUrl: 'https://wiki.example.com/vpn', verifiedAt: Date.UTC(2025, 0, 12), verifiedBy: 'grace' }),
        article({ id: 'password-reset', title: 'Reset a forgotten password' }),
        article({ id: 'printer-add', title: 'Add an office printer' }),
        article({ id: 'fourth', title: 'Never shown' }),
      ]),
    );
    type Shown = { text: { text: string }; elements: Array<{ text: string; action_id: string; value: string }> };
    const [main, context, others, actions] = message.blocks as unknown as Shown[];
    expect(main!.text.text).toBe('*<https://wiki.example.com/vpn|Connect to the VPN from home>*\n1. Install the *GlobalProtect* client.\n2. Sign in with your company account.');
    expect(context!.elements[0]!.text).toBe('✅ Verified by grace on 2025-01-12 · 87% sure');
    expect(others!.text.text).toBe('Other articles that may help:\n• Reset a forgotten password\n• Add an office printer');
    expect(actions!.elements.map((e) => e.action_id)).toEqual(['lore_vote_up', 'lore_vote_down', 'lore_show_article', 'lore_ask_expert']);
    expect(JSON.parse(actions!.elements[2]!.value)).toEqual({ a: 'vpn-home' });
    expect(decodeValue(voteValue, actions!.elements[0]!.value)).toEqual({ q: 7, a: 'vpn-home', o: ['password-reset', 'printer-add'] });
    expect(message.text).toBe('Connect to the VPN from home: Install the GlobalProtect client and sign in.');
    expect(shown(message)).not.toContain('Never shown');
  });

  it('says when an article is not yet verified, and offers sharing for private answers', () => {
    const message = renderReply(answer([article({ author: 'ada' })]), { shareable: true });
    expect(shown(message)).toContain('Not yet verified · written by ada · updated 2025-01-10');
    const actions = message.blocks.at(-1) as { elements: Array<{ action_id: string }> };
    expect(actions.elements.map((e) => e.action_id)).toContain('lore_share');
  });

  it('says plainly when it does not know, lists near misses, and offers Ask an expert', () => {
    const message = renderReply({ decision: 'abstain', questionId: 9, question: 'bikes?', confidence: 0.1, results: [article()] });
    expect(message.text).toContain("I don't know that one yet");
    expect(shown(message)).toContain('Closest I have');
    const actions = message.blocks.at(-1) as { elements: Array<{ action_id: string; value: string }> };
    expect(actions.elements).toEqual([expect.objectContaining({ action_id: 'lore_ask_expert', value: '{"q":9}' })]);
  });

  it('never pings and escapes everything an article or question contains', () => {
    const hostile = article({
      title: `${HOSTILE} title`,
      snippet: `${HOSTILE} snippet`,
      highlights: [{ start: 0, end: 10 }, { start: 30, end: 45 }],
      author: '<!everyone> mallory & co',
      sourceUrl: 'https://wiki.example.com/a|<!channel>>b c',
    });
    const replies = [
      renderReply(answer([hostile, hostile, hostile])),
      renderReply(answer([hostile, hostile], { didYouMean: [hostile, hostile] })),
      renderReply({ decision: 'abstain', questionId: 1, question: HOSTILE, confidence: 0, results: [hostile] }),
      renderAlternatives(1, [hostile]),
    ];
    for (const message of replies) {
      const texts = JSON.stringify(message);
      for (const ping of ['<!', '<@', '<#', '@everyone', '@here', '@channel', '<script', '<https://evil']) expect(texts).not.toContain(ping);
      // Every `<` left is the start of Lore's own link to the source, whose URL can't break out.
      expect(texts.match(/</g)?.length ?? 0).toBe(texts.match(/<https:\/\/wiki\.example\.com\/a%7C%3C!channel%3E%3Eb%20c\|/g)?.length ?? 0);
      expect(texts).toContain('&amp;');
      expect(texts).toContain('&lt;/script&gt;');
    }
  });

  it('keeps each section within 3,000 characters and the message within 50 blocks', () => {
    const long = article({ title: 'T'.repeat(5000), snippet: `${'&'.repeat(4000)} end` });
    const message = renderReply(answer([long, long, long]));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks as Array<{ text?: { text: string } }>) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(message.text.length).toBeLessThanOrEqual(1000);
  });
});

describe('text helpers', () => {
  it('safeText removes pings and escapes', () => {
    expect(safeText('a <!here> & <@U1|bo> <b> @channel')).toBe('a &amp; bo &lt;b&gt; ');
  });

  it('mrkdwnLink links only http(s) URLs and keeps them from breaking out', () => {
    expect(mrkdwnLink('javascript:alert(1)', 'x')).toBe('x');
    expect(mrkdwnLink('https://a.example/x|y>z', 'l|m')).toBe('<https://a.example/x%7Cy%3Ez|l¦m>');
  });

  it('fitMrkdwn never cuts an entity or a link in half', () => {
    expect(fitMrkdwn('ab&amp;cd', 5)).toBe('ab…');
    expect(fitMrkdwn('ab <https://x.example|y> cd', 10)).toBe('ab …');
  });

  it('plainQuestion drops the bot mention and reduces markup to words', () => {
    expect(plainQuestion('<@U0LORE> how do I reach <#C1|it-help> or <@U2|bob> about <https://x.example|the VPN> &amp; Wi-Fi?', 'U0LORE')).toBe(
      'how do I reach #it-help or bob about the VPN & Wi-Fi?',
    );
  });
});
