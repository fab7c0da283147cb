import type { Db } from '../db/open-database';

/** How often an article was the answer, and what the votes on those answers said. */
export interface ArticleUse {
  id: string;
  title: string;
  /** Questions it was the answer to. */
  answers: number;
  up: number;
  down: number;
}

/** Questions from one channel (or chat) of one platform. */
export interface ChannelUse {
  platform: string;
  /** Slack channel, Teams conversation, "terminal"; null when the question came with none. */
  channel: string | null;
  questions: number;
  /** Answered and not left with a 👎: no person was needed. */
  answered: number;
}

/** What the report shows of use: the articles most answered with and most voted down, and where questions come from. */
export interface Usage {
  mostUsed: ArticleUse[];
  mostFailing: ArticleUse[];
  channels: ChannelUse[];
}

const SHOWN = 10;

/** Use between `from` and `asOf`, in one workspace or all; evaluation questions never count. */
export function readUsage(db: Db, options: { from: number; asOf: number; workspace?: string }): Usage {
  const scope = { from: options.from, asOf: options.asOf, workspace: options.workspace ?? null };
  const articles = db
    .prepare<typeof scope, ArticleUse>(
      `SELECT a.id, a.title,
         (SELECT count(*) FROM questions q WHERE q.top_article_id = a.id AND q.decision = 'answer' AND q.is_eval = 0
            AND q.asked_at >= @from AND q.asked_at <= @asOf) AS answers,
         (SELECT count(*) FROM votes v JOIN questions q ON q.id = v.question_id WHERE v.article_id = a.id AND v.value = 1 AND q.is_eval = 0
            AND q.asked_at >= @from AND v.updated_at <= @asOf) AS up,
         (SELECT count(*) FROM votes v JOIN questions q ON q.id = v.question_id WHERE v.article_id = a.id AND v.value = -1 AND q.is_eval = 0
            AND q.asked_at >= @from AND v.updated_at <= @asOf) AS down
       FROM articles a WHERE (@workspace IS NULL OR a.workspace = @workspace)`,
    )
    .all(scope);
  const mostUsed = articles
    .filter((a) => a.answers > 0)
    .sort((a, b) => b.answers - a.answers || b.up - a.up || a.id.localeCompare(b.id))
    .slice(0, SHOWN);
  const mostFailing = articles
    .filter((a) => a.down > 0)
    .sort((a, b) => b.down - a.down || b.down / (b.up + b.down) - a.down / (a.up + a.down) || a.id.localeCompare(b.id))
    .slice(0, SHOWN);
  const rows = db
    .prepare<typeof scope, { platform: string; place: string | null; answered: number }>(
      `SELECT q.platform, q.place,
         (q.decision = 'answer' AND NOT EXISTS (SELECT 1 FROM votes d WHERE d.question_id = q.id AND d.value = -1
            AND d.article_id = q.top_article_id AND d.updated_at <= @asOf)) AS answered
       FROM questions q WHERE q.is_eval = 0 AND q.asked_at >= @from AND q.asked_at <= @asOf AND (@workspace IS NULL OR q.workspace = @workspace)`,
    )
    .all(scope);
  const channels = new Map<string, ChannelUse>();
  for (const row of rows) {
    const channel = channelOf(row.place);
    const key = `${row.platform}\u0000${channel ?? ''}`;
    const use = channels.get(key) ?? { platform: row.platform, channel, questions: 0, answered: 0 };
    use.questions += 1;
    use.answered += row.answered;
    channels.set(key, use);
  }
  return {
    mostUsed,
    mostFailing,
    channels: [...channels.values()].sort((a, b) => b.questions - a.questions || a.platform.localeCompare(b.platform) || (a.channel ?? '').localeCompare(b.channel ?? '')),
  };
}

/** A Slack thread is kept as CHANNEL:TS; its channel is what the report groups by. Other places are their own channel. */
function channelOf(place: string | null): string | null {
  if (!place) return null;
  const slackThread = /^([CDG][A-Z0-9]+):\d+\.\d+$/.exec(place);
  return slackThread ? slackThread[1]! : place;
}
