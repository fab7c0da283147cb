import type { Db } from '../db/open-database';
import { dayOf, isoWeek, WEEK_MS, weekStart } from './as-of';

/** One ISO week's figures (or one tag's over the whole span). */
export interface Figures {
  questions: number;
  /** Answered and not left with a 👎 (no later 👍): questions answered with no person needed. */
  answered: number;
  /** answered / questions, 0-1; null when nobody asked (a week before Lore's first question is blank, not 0%). */
  answerRate: number | null;
  up: number;
  down: number;
  /** 👍 / (👍 + 👎) on the answers, 0-1; null without votes. */
  helpfulness: number | null;
}

export interface WeekFigures extends Figures {
  /** ISO week, e.g. 2025-W03. */
  week: string;
  /** Its Monday (YYYY-MM-DD). */
  start: string;
}

export interface TagFigures extends Figures {
  tag: string;
}

/** A topic asked about much more this week than usual: "vpn ×4 since Monday". */
export interface RisingTopic {
  topic: string;
  /** Questions since Monday. */
  recent: number;
  /** Average over the previous weeks' same days. */
  usual: number;
  /** recent / usual; null when it was never asked before. */
  factor: number | null;
  since: string;
}

/** `lore trends --json` prints exactly this shape. */
export interface Trends {
  asOf: string;
  weeks: WeekFigures[];
  tags: TagFigures[];
  rising: RisingTopic[];
}

interface Row {
  asked_at: number;
  answered: number;
  up: number;
  down: number;
  tags: string | null;
}

/** Weeks before the current one compared against it to find rising topics. */
const BASELINE_WEEKS = 4;
/** A topic rises with at least this many questions this week… */
const RISING_MIN = 3;
/** …and at least this many times its usual count. */
const RISING_FACTOR = 2;
/** Questions with no near article are counted under this tag. */
export const UNTAGGED = '(untagged)';

/**
 * Question volume, answer rate and helpfulness by ISO week and by tag, and the topics
 * rising this week. A question's tags are those of the first article ranked for it
 * (answered or not), so an unanswered VPN question still counts under "vpn".
 * Questions asked by `lore eval` are left out.
 */
export function readTrends(db: Db, options: { asOf: number; weeks?: number; workspace?: string }): Trends {
  const weeks = options.weeks ?? 8;
  const thisWeek = weekStart(options.asOf);
  const from = thisWeek - (Math.max(weeks, BASELINE_WEEKS + 1) - 1) * WEEK_MS;
  const rows = db
    .prepare<{ from: number; asOf: number; workspace: string | null }, Row>(
      `SELECT q.asked_at,
         (q.decision = 'answer' AND NOT EXISTS (
            SELECT 1 FROM votes d WHERE d.question_id = q.id AND d.value = -1 AND d.article_id = q.top_article_id AND d.updated_at <= @asOf
              AND NOT EXISTS (SELECT 1 FROM votes u WHERE u.question_id = q.id AND u.value = 1 AND u.updated_at >= d.updated_at AND u.updated_at <= @asOf))) AS answered,
         (SELECT count(*) FROM votes v WHERE v.question_id = q.id AND v.value = 1 AND v.updated_at <= @asOf) AS up,
         (SELECT count(*) FROM votes v WHERE v.question_id = q.id AND v.value = -1 AND v.updated_at <= @asOf) AS down,
         (SELECT group_concat(t.tag, ',') FROM question_results r JOIN article_tags t ON t.article_id = r.article_id
            WHERE r.question_id = q.id AND r.rank = 1) AS tags
       FROM questions q
       WHERE q.is_eval = 0 AND q.asked_at >= @from AND q.asked_at <= @asOf AND (@workspace IS NULL OR q.workspace = @workspace)`,
    )
    .all({ from, asOf: options.asOf, workspace: options.workspace ?? null });

  const byWeek = new Map<number, Row[]>();
  for (let w = 0; w < weeks; w++) byWeek.set(thisWeek - (weeks - 1 - w) * WEEK_MS, []);
  const byTag = new Map<string, Row[]>();
  const firstWeek = thisWeek - (weeks - 1) * WEEK_MS;
  for (const row of rows) {
    byWeek.get(weekStart(row.asked_at))?.push(row);
    if (row.asked_at < firstWeek) continue;
    for (const tag of tagsOf(row)) byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
  }
  return {
    asOf: dayOf(options.asOf),
    weeks: [...byWeek].map(([start, list]) => ({ week: isoWeek(start), start: dayOf(start), ...figures(list) })),
    tags: [...byTag]
      .map(([tag, list]) => ({ tag, ...figures(list) }))
      .sort((a, b) => b.questions - a.questions || a.tag.localeCompare(b.tag)),
    rising: risingTopics(rows, options.asOf, firstAsked(db, options.workspace)),
  };
}

/** When the first question (in the workspace, or anywhere) was asked; undefined before any. */
function firstAsked(db: Db, workspace: string | undefined): number | undefined {
  const row = db
    .prepare<{ workspace: string | null }, { first: number | null }>('SELECT min(asked_at) AS first FROM questions WHERE is_eval = 0 AND (@workspace IS NULL OR workspace = @workspace)')
    .get({ workspace: workspace ?? null });
  return row?.first ?? undefined;
}

function tagsOf(row: Row): string[] {
  return row.tags ? [...new Set(row.tags.split(','))] : [UNTAGGED];
}

function figures(rows: readonly Row[]): Figures {
  const answered = rows.filter((row) => row.answered).length;
  const up = rows.reduce((sum, row) => sum + row.up, 0);
  const down = rows.reduce((sum, row) => sum + row.down, 0);
  return {
    questions: rows.length,
    answered,
    answerRate: rows.length === 0 ? null : round(answered / rows.length),
    up,
    down,
    helpfulness: up + down === 0 ? null : round(up / (up + down)),
  };
}

/**
 * Tags asked about since Monday far more than on the same days of the previous weeks:
 * on a Thursday, Monday-Thursday is compared with the average of the four weeks' Monday-Thursday
 * (of the weeks since the first question, when Lore is younger than that).
 */
function risingTopics(rows: readonly Row[], asOf: number, first: number | undefined): RisingTopic[] {
  const monday = weekStart(asOf);
  const elapsed = asOf - monday;
  // Only weeks Lore was asked in make a baseline: on its first week every topic would look new.
  const history = first === undefined ? 0 : Math.min(BASELINE_WEEKS, Math.floor((monday - weekStart(first)) / WEEK_MS));
  if (history === 0) return [];
  const recent = new Map<string, number>();
  const before = new Map<string, number>();
  for (const row of rows) {
    const weeksBack = Math.floor((monday - weekStart(row.asked_at)) / WEEK_MS);
    const sameSpan = row.asked_at - weekStart(row.asked_at) <= elapsed;
    if (!sameSpan || weeksBack > BASELINE_WEEKS) continue;
    const counts = weeksBack === 0 ? recent : before;
    for (const tag of tagsOf(row)) if (tag !== UNTAGGED) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const rising: RisingTopic[] = [];
  for (const [topic, count] of recent) {
    const usual = (before.get(topic) ?? 0) / history;
    if (count < RISING_MIN || count < RISING_FACTOR * usual) continue;
    rising.push({ topic, recent: count, usual: round(usual), factor: usual === 0 ? null : round(count / usual), since: dayOf(monday) });
  }
  return rising.sort((a, b) => (b.factor ?? Infinity) - (a.factor ?? Infinity) || b.recent - a.recent || a.topic.localeCompare(b.topic));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
