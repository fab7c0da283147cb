import type { ArticleInput } from '../../../src/knowledge/article';
import { BASE, seed } from '../../helpers/articles';
import type { RecordedCall } from './support/fake-slack-api';
import { buttonClick, mention, TEAM } from './support/payloads';
import { postedText, type SlackHarness, useSlackHarness } from './support/slack-harness';

/** A second Slack team answered from the same shared base. */
const OTHER_TEAM = 'T0SECOND';

const STRIKETHROUGH: ArticleInput = {
  id: 'markdown-strikethrough',
  title: 'Strikethrough text in GitHub markdown',
  body: 'Wrap the text in two tildes on each side: ~~like this~~. GitHub renders it crossed out in issues, comments and README files.',
  tags: ['markdown', 'github'],
};
const T1_QUESTION = 'How do I strikethrough text in GitHub markdown for the Zorblaxian project?';
const MADE_UP = 'Zorblaxian';

/** Asks by mention in a team; returns what Lore posted. */
async function ask(h: SlackHarness, question: string, team: string, user: string): Promise<RecordedCall> {
  await h.event(mention(question, { team, user }));
  return h.slack.callsTo('chat.postMessage').at(-1)!;
}

function upButton(call: RecordedCall): string {
  const buttons = (call.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>).flatMap((block) => block.elements ?? []);
  return buttons.find((b) => b.action_id === 'lore_vote_up')!.value;
}

/** How Lore decided on the latest question a team asked, as logged. */
function lastDecision(h: SlackHarness, team: string) {
  return h.lore.db
    .prepare('SELECT decision, confidence, top_article_id AS top FROM questions WHERE workspace = ? ORDER BY id DESC LIMIT 1')
    .get(`slack:${team}`);
}

describe('Slack: what one team teaches a shared article', () => {
  const harness = useSlackHarness({ seed: (lore) => seed(lore, [...BASE, STRIKETHROUGH]) });

  it("teaches that team alone: three 👍 clicks in one team never show in the other's answers", async () => {
    const h = harness();
    const otherBefore = await ask(h, MADE_UP, OTHER_TEAM, 'U0EVE');
    const decidedBefore = lastDecision(h, OTHER_TEAM);

    for (const user of ['U0ADA', 'U0BOB', 'U0CY']) {
      const answer = await ask(h, T1_QUESTION, TEAM, user);
      expect(JSON.parse(upButton(answer))).toMatchObject({ a: 'markdown-strikethrough' });
      await h.interact(buttonClick({ actionId: 'lore_vote_up', value: upButton(answer) }, { user, team: TEAM }));
    }
    expect(h.lore.db.prepare("SELECT count(*) AS n FROM votes WHERE value = 1 AND workspace = ?").get(`slack:${TEAM}`)).toEqual({ n: 3 });

    // The team that voted learned its own words: the article comes up for them…
    const taught = await ask(h, MADE_UP, TEAM, 'U0DEE');
    expect(postedText(taught.args)).toContain('Strikethrough text in GitHub markdown');

    // …the other team is answered exactly as before, and never sees the first team's words.
    const otherAfter = await ask(h, MADE_UP, OTHER_TEAM, 'U0EVE');
    expect(lastDecision(h, OTHER_TEAM)).toEqual(decidedBefore);
    expect(postedText(otherAfter.args)).not.toContain('Strikethrough');
    // The same message, but for the number of the question it answers.
    const withoutQuestionId = (call: RecordedCall) => postedText(call.args).replace(/\\"q\\":\d+/g, '');
    expect(withoutQuestionId(otherAfter)).toBe(withoutQuestionId(otherBefore));
  });
});
