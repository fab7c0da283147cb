import type { Db } from '../db/open-database';

/** Headline figures of a base; `lore stats --json` prints exactly this shape. */
export interface Stats {
  articles: number;
  questions: number;
  answered: number;
  abstained: number;
  votes: { up: number; down: number };
  captures: number;
}

/**
 * Counts for one workspace, or all when none is named. Questions asked by `lore eval`
 * are left out: they measure the base, they are not people asking.
 */
export function readStats(db: Db, workspace?: string): Stats {
  const scope = (alias = '') => (workspace === undefined ? '1 = 1' : `${alias}workspace = @workspace`);
  const where = scope();
  const params = workspace === undefined ? {} : { workspace };
  const one = (sql: string) => (db.prepare(sql).get(params) as { n: number | null }).n ?? 0;
  return {
    articles: one(`SELECT count(*) AS n FROM articles WHERE status != 'archived' AND ${where}`),
    questions: one(`SELECT count(*) AS n FROM questions WHERE is_eval = 0 AND ${where}`),
    answered: one(`SELECT count(*) AS n FROM questions WHERE is_eval = 0 AND decision = 'answer' AND ${where}`),
    abstained: one(`SELECT count(*) AS n FROM questions WHERE is_eval = 0 AND decision = 'abstain' AND ${where}`),
    votes: {
      up: one(`SELECT count(*) AS n FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.is_eval = 0 AND v.value = 1 AND ${scope('v.')}`),
      down: one(`SELECT count(*) AS n FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.is_eval = 0 AND v.value = -1 AND ${scope('v.')}`),
    },
    captures: one(`SELECT count(*) AS n FROM captures WHERE ${where}`),
  };
}
