import readline from 'node:readline';
import { isLoreError, type Lore, readArticle, type Reply } from '../../src/index';
import { renderArticle, renderReply } from './render-reply';

export interface ConsoleChatOptions {
  lore: Lore;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Who is typing; votes and captures are recorded under this name. */
  user: string;
  workspace?: string;
}

const HELP = [
  'Type a question and press Enter. Commands:',
  '  /up [N]          👍 the answer (or result N)',
  '  /down [N]        👎 the answer (or result N)',
  '  /show [N]        read the whole article of the answer (or result N)',
  '  /capture ANSWER  teach Lore: ANSWER becomes an article for your last question',
  '  /help            this list',
  '  /quit            leave (or press Ctrl-D)',
].join('\n');

/**
 * The terminal chat: Lore without Slack or Teams. Reads questions line by line, answers
 * through the same core as the chat adapters, and resolves when input ends.
 */
export async function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const { lore, output } = options;
  const workspace = options.workspace ?? '';
  const color = output.isTTY === true;
  const say = (text: string) => output.write(`${text}\n`);
  const lines = readline.createInterface({ input: options.input, output: color ? output : undefined, terminal: color });
  let last: Reply | undefined;
  /** The results of the last answer this person 👎'd: a capture for it is a new article, not more of the wrong one. */
  let rejected = new Set<string>();

  const loading = lore.knowledge.loading;
  const count = loading?.total ?? lore.knowledge.index.size;
  const articles = `${count.toLocaleString('en-US')} ${count === 1 ? 'article' : 'articles'}`;
  say(loading ? `Lore is reading ${articles} into its index; ask meanwhile, or /help.` : `Lore is ready with ${articles}. Ask a question, or /help.`);
  if (color) lines.setPrompt('> ');
  lines.prompt?.();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line) {
      try {
        const answer = handle(line);
        if (answer) say(answer);
      } catch (error) {
        if (!isLoreError(error)) throw error;
        say(`⚠️  ${error.message}`);
      }
    }
    if (color) lines.prompt();
  }
  lines.close();

  function handle(line: string): string | undefined {
    if (line === '/help') return HELP;
    const vote = /^(?:\/(up|down)|(👍|👎))\s*(\d+)?$/u.exec(line);
    if (vote) return castVote(vote[1] === 'up' || vote[2] === '👍' ? 1 : -1, Number(vote[3] ?? 1));
    const show = /^\/show(?:\s+(\S+))?$/.exec(line);
    if (show) return showArticle(show[1] ?? '1');
    const capture = /^\/capture(?:\s+([\s\S]*))?$/.exec(line);
    if (capture) return captureAnswer(capture[1]?.trim() ?? '');
    if (line.startsWith('/')) return `Unknown command ${line.split(/\s/)[0]}. ${HELP}`;
    // The session is one conversation: "and on a Mac?" goes on from the question before it.
    const reply = lore.answerer.ask(line, { workspace, platform: 'console', asker: options.user, place: 'terminal' }, { previous: last?.question });
    // "thanks" after an answer: /up and /capture still mean the question before it.
    if (reply.smallTalk) return reply.smallTalk.reply;
    last = reply;
    rejected = new Set();
    return renderReply(last, color);
  }

  function showArticle(number: string): string {
    if (!last) return 'Ask a question first; /show N then shows the whole article of result N.';
    const position = /^\d{1,3}$/.test(number) ? Number(number) : Number.NaN;
    const result = last.results[position - 1];
    if (!result) return `There is no result ${number} to show; the last reply has ${last.results.length}.`;
    const reading = readArticle(lore.knowledge, result.id, { workspace });
    if (!reading) return `“${result.title}” is no longer in the knowledge base.`;
    return renderArticle(reading.markdown, reading.article.sourceUrl, color);
  }

  function castVote(value: 1 | -1, position: number): string {
    const article = last?.results[position - 1];
    if (!last || !article) return last ? `There is no result ${position} to vote on.` : 'Ask a question first, then vote on the answer.';
    const { outcome } = lore.feedback.vote({ questionId: last.questionId, articleId: article.id, voter: options.user, value });
    if (value < 0) rejected.add(article.id);
    else rejected.delete(article.id);
    if (outcome === 'unchanged') return `You had already voted ${value > 0 ? '👍' : '👎'} on “${article.title}”.`;
    if (value > 0) return `👍 Thanks, noted for “${article.title}”.`;
    const next = last.results.filter((r) => r.id !== article.id);
    return [`👎 Thanks, noted for “${article.title}”.`, ...(next.length ? ['Maybe one of these:', ...next.map((r) => `   - ${r.title}`)] : [])].join('\n');
  }

  function captureAnswer(answer: string): string {
    if (!last) return 'Ask a question first; /capture then keeps your answer to it as an article.';
    if (!answer) return 'Write the answer after /capture, e.g. /capture Restart the VPN client, then sign in again.';
    const result = lore.capturer.capture({
      workspace,
      platform: 'console',
      question: last.question,
      answer,
      answerAuthor: options.user,
      capturedBy: options.user,
      // The answer typed is kept in an article either way: added as a section to the article
      // that already answers the question, or as a new article when this person 👎'd the answer.
      onDuplicate: rejected.size > 0 ? 'new' : 'append',
    });
    if (result.action === 'duplicate') throw new Error('an append capture never stops at an offer');
    const { article } = result;
    if (result.action === 'merged') return `📝 “${article.title}” already answers this; I added your question and your answer to it so the next person finds them.`;
    if (result.action === 'draft') return `📝 Saved “${article.title}” as a draft; an editor will publish it (${article.id}).`;
    return `📝 Saved as “${article.title}” (${article.id}). The next person who asks will get it.`;
  }
}
