import path from 'node:path';
import { readArticleFiles } from '../../src/knowledge/formats/read-article-files';
import { importArticles } from '../../src/knowledge/import-articles';
import { useSandbox } from '../helpers/sandbox';

const SAMPLE = path.join(__dirname, '..', '..', 'data', 'articles');

describe('the sample base', () => {
  const sandbox = useSandbox();

  // The base calibrates itself from its held-out alternate questions; fitted freely, that
  // calibration once refused 11 of these (among them "How do I connect to the VPN?").
  it('answers each of its titles and alternate questions, asked as written, with its own article', async () => {
    const lore = sandbox.openLore();
    const { records } = readArticleFiles([SAMPLE]);
    await importArticles(lore.knowledge, records, { workspace: '' });
    const asked: string[] = [];
    const missed: string[] = [];
    for (const { article } of lore.knowledge.articles.changedSince(0)) {
      for (const question of [article.title, ...article.questions.map((q) => q.text)]) {
        asked.push(question);
        const reply = lore.answerer.ask(question, { workspace: '', platform: 'eval', isEval: true });
        if (reply.decision !== 'answer' || reply.results[0]?.id !== article.id) missed.push(`${question} (${reply.decision} ${reply.confidence})`);
      }
    }
    expect(asked.length).toBeGreaterThan(200);
    expect(missed).toEqual([]);
  });

  // The first three were answered at 100%: "thanks" found only "thanksgiving" (the vacation
  // article), "much" is all that is left of "thank you so much" (parental leave), and
  // "coffee" is in one alternate question ("spilled coffee on laptop"): a lone candidate was
  // certain. The last two say too little to answer (0.51 each before their coverage was scaled).
  it('says it does not know to thanks and to a question it holds only one common or partial word of', async () => {
    const lore = sandbox.openLore();
    const { records } = readArticleFiles([SAMPLE]);
    await importArticles(lore.knowledge, records, { workspace: '' });
    const answered = ['thanks!', 'thank you so much', 'where is the coffee machine', 'how much', 'it does not work']
      .map((question) => ({ question, reply: lore.answerer.ask(question, { workspace: '', platform: 'eval', isEval: true }) }))
      .filter(({ reply }) => reply.decision === 'answer')
      .map(({ question, reply }) => `${question} (${reply.results[0]?.title} ${reply.confidence})`);
    expect(answered).toEqual([]);
  });
});
