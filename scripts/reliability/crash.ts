/**
 * `npm run reliability:crash`: every write Lore acknowledged survives a `kill -9`.
 *
 * Starts `lore serve` (the built program) against a Slack Web API stand-in, imports the
 * sample base, asks questions to get answers to vote on, then fires hundreds of
 * concurrent signed votes (block_actions) and captures (view_submission of the capture
 * form) and SIGKILLs the server in the middle of the burst. It restarts the server on the
 * same file (which must open and answer), stops it, and checks the database: every vote
 * and capture answered 200 is there, nothing is half written (an article without its
 * revision, a capture without its article), and the search index built from the
 * database finds every published article by its title. The last line reads
 * `acknowledged N, lost M`; the exit code is 1 when anything was lost or inconsistent.
 *
 * Flags: --votes N (default 300) --captures N (default 200) --questions N (default 24)
 * --kill-at FRACTION of the writes acknowledged before the kill (default 0.5) --json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openLore } from '../../src/lore';
import { analyzeQuery } from '../../src/search/analyzer';
import { freePort, ROOT, runLore, SIGNING_SECRET, startLoreServer } from './lore-server';
import { startSlackStandIn, TEAM } from './slack-stand-in';
import { captureSubmission, CHANNEL, FORM, freshTs, mentionEvent, sendSigned, voteButtons, voteClick } from './slack-requests';

interface Write {
  kind: 'vote' | 'capture';
  body: string;
  contentType: string;
  /** How to find it in the database afterwards. */
  check: { questionId: number; articleId: string; voter: string; value: number } | { dedupeKey: string; title: string };
  acknowledged?: boolean;
}

interface Report {
  votes: number;
  captures: number;
  acknowledged: number;
  acknowledgedVotes: number;
  acknowledgedCaptures: number;
  unacknowledged: number;
  lost: number;
  lostWrites: string[];
  partial: string[];
  indexMissing: string[];
  restartMs: number;
}

const { values: flags } = parseArgs({
  options: {
    votes: { type: 'string', default: '300' },
    captures: { type: 'string', default: '200' },
    questions: { type: 'string', default: '24' },
    'kill-at': { type: 'string', default: '0.5' },
    json: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const votes = Number(flags.votes);
  const captures = Number(flags.captures);
  const questions = Number(flags.questions);
  const killAt = Number(flags['kill-at']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-crash-'));
  const dbFile = path.join(dir, 'lore.db');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const api = await startSlackStandIn();
  try {
    const imported = await runLore(['import', path.join(ROOT, 'data', 'articles'), '--db', dbFile, '--json'], {});
    if (imported.code !== 0) throw new Error(`lore import failed: ${imported.stderr}`);
    const port = await freePort();
    let server = await startLoreServer({ dbFile, apiUrl: api.apiUrl, port });
    const url = `${server.base}/slack/events`;

    // Answers to vote on: ask questions taken from the sample base's titles.
    const titles = fs
      .readdirSync(path.join(ROOT, 'data', 'articles'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => /^title:\s*(.+)$/m.exec(fs.readFileSync(path.join(ROOT, 'data', 'articles', name), 'utf8'))?.[1]?.trim())
      .filter((title): title is string => Boolean(title))
      .slice(0, questions);
    const answers: Array<{ value: string; messageTs: string }> = [];
    for (const title of titles) {
      const ts = freshTs();
      await sendSigned(url, SIGNING_SECRET, mentionEvent(`how do I ${title.toLowerCase()}?`, 'U0ASKER', ts));
      const posted = await api.waitFor((call) => call.method === 'chat.postMessage' && call.args.thread_ts === ts, 10_000);
      const { up } = voteButtons(posted.args);
      if (up) answers.push({ value: up, messageTs: String((posted.args as { ts?: string }).ts ?? ts) });
    }
    if (answers.length === 0) throw new Error('Lore answered none of the questions; nothing to vote on.');

    // The burst: every vote by a different person (each is one new row), every capture a new article.
    const writes: Write[] = [];
    for (let i = 0; i < votes; i += 1) {
      const answer = answers[i % answers.length]!;
      const ballot = JSON.parse(answer.value) as { q: number; a: string };
      const voter = `U0V${String(i).padStart(6, '0')}`;
      const up = i % 3 !== 0;
      writes.push({ kind: 'vote', body: voteClick(answer.value, voter, up, answer.messageTs, api.responseUrl(`vote-${i}`)), contentType: FORM, check: { questionId: ballot.q, articleId: ballot.a, voter, value: up ? 1 : -1 } });
    }
    for (let i = 0; i < captures; i += 1) {
      const threadTs = freshTs();
      const answerTs = freshTs();
      const [thing, place, tool] = [madeUpWord(), madeUpWord(), madeUpWord()];
      const title = `How do I recalibrate the ${thing} in the ${place} office?`;
      const body = captureSubmission(title, `Open the ${thing} panel, hold *reset* for ${(i % 9) + 2} seconds, then run \`${tool} --sync\`.`, `U0C${String(i).padStart(6, '0')}`, answerTs, threadTs, `V0CRASH${i}`);
      writes.push({ kind: 'capture', body, contentType: FORM, check: { dedupeKey: `slack:slack:${TEAM}:${CHANNEL}:${answerTs}`, title } });
    }
    shuffle(writes);

    let acknowledged = 0;
    const killAfter = Math.max(1, Math.floor(writes.length * killAt));
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      server.child.kill('SIGKILL');
      log(`killed lore serve (kill -9) after ${acknowledged} acknowledged writes`);
    };
    await Promise.all(
      writes.map(async (write) => {
        try {
          const answer = await sendSigned(url, SIGNING_SECRET, write.body, write.contentType);
          // A capture answered with a form update or errors offered a choice instead of writing.
          write.acknowledged = answer.status === 200 && (write.kind === 'vote' || answer.body === '');
          if (answer.status === 200 && write.kind === 'capture' && answer.body !== '') log(`capture not written (Lore answered ${answer.body.slice(0, 80)})`);
          if (write.acknowledged) acknowledged += 1;
          if (acknowledged >= killAfter) kill();
        } catch {
          // The connection died with the server: not acknowledged, so the write may or may not be there.
          write.acknowledged = false;
        }
      }),
    );
    kill();
    await server.exited;

    // Restart on the same file: it must open (WAL recovery) and serve.
    const restarting = performance.now();
    server = await startLoreServer({ dbFile, apiUrl: api.apiUrl, port });
    const restartMs = Math.round(performance.now() - restarting);
    server.child.kill('SIGTERM');
    await server.exited;

    const report = verify(dbFile, writes, restartMs);
    report.votes = votes;
    report.captures = captures;
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      log(`votes ${votes} (acknowledged ${report.acknowledgedVotes}), captures ${captures} (acknowledged ${report.acknowledgedCaptures}), not acknowledged ${report.unacknowledged}`);
      log(`restart after kill -9: serving again in ${restartMs} ms`);
      for (const problem of [...report.lostWrites, ...report.partial, ...report.indexMissing].slice(0, 20)) log(`  ${problem}`);
    }
    process.stdout.write(`acknowledged ${report.acknowledged}, lost ${report.lost}\n`);
    return report.lost > 0 || report.partial.length > 0 || report.indexMissing.length > 0 ? 1 : 0;
  } finally {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks the database after the crash: acknowledged writes present, nothing partial, the index in agreement. */
function verify(dbFile: string, writes: readonly Write[], restartMs: number): Report {
  const lore = openLore({ dbFile });
  try {
    const { db } = lore;
    const vote = db.prepare<[number, string, string], { value: number }>('SELECT value FROM votes WHERE question_id = ? AND article_id = ? AND voter = ?');
    const capture = db.prepare<[string], { article_id: string | null }>('SELECT article_id FROM captures WHERE dedupe_key = ?');
    const lostWrites: string[] = [];
    for (const write of writes.filter((w) => w.acknowledged)) {
      if ('voter' in write.check) {
        const found = vote.get(write.check.questionId, write.check.articleId, write.check.voter);
        if (found?.value !== write.check.value) lostWrites.push(`lost vote by ${write.check.voter} on ${write.check.articleId} (question ${write.check.questionId})`);
      } else {
        const found = capture.get(write.check.dedupeKey);
        const article = found?.article_id ? lore.knowledge.get(found.article_id) : undefined;
        if (!article) lostWrites.push(`lost capture "${write.check.title}"`);
      }
    }

    const partial: string[] = [];
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') partial.push('PRAGMA integrity_check failed');
    for (const row of db.pragma('foreign_key_check') as Array<{ table: string; rowid: number }>) partial.push(`row ${row.rowid} of ${row.table} points at nothing`);
    const unrevised = db
      .prepare<[], { id: string }>('SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_revisions r WHERE r.article_id = a.id AND r.revision = a.revision)')
      .all();
    for (const row of unrevised) partial.push(`article ${row.id} has no revision for its current version`);
    const orphanCaptures = db.prepare<[], { id: number }>("SELECT id FROM captures WHERE action <> 'merged' AND (article_id IS NULL OR article_id NOT IN (SELECT id FROM articles))").all();
    for (const row of orphanCaptures) partial.push(`capture ${row.id} has no article`);

    const indexMissing: string[] = [];
    const published = db.prepare<[], { id: string; title: string; workspace: string }>("SELECT id, title, workspace FROM articles WHERE status = 'published'").all();
    for (const article of published) {
      const hits = lore.knowledge.index.search(analyzeQuery(article.title), article.workspace, 10).map((hit) => hit.id);
      if (!hits.includes(article.id)) indexMissing.push(`the index does not find ${article.id} by its title "${article.title}"`);
    }
    const acknowledgedWrites = writes.filter((w) => w.acknowledged);
    return {
      votes: 0,
      captures: 0,
      acknowledged: acknowledgedWrites.length,
      acknowledgedVotes: acknowledgedWrites.filter((w) => w.kind === 'vote').length,
      acknowledgedCaptures: acknowledgedWrites.filter((w) => w.kind === 'capture').length,
      unacknowledged: writes.length - acknowledgedWrites.length,
      lost: lostWrites.length,
      lostWrites,
      partial,
      indexMissing,
      restartMs,
    };
  } finally {
    lore.close();
  }
}

/** A word no article has, so that each capture is its own article and the index can tell them apart. */
function madeUpWord(): string {
  const syllables = ['zor', 'vik', 'plen', 'dax', 'mur', 'quo', 'tesh', 'brin', 'gal', 'fex', 'lom', 'prax', 'wen', 'hud', 'kiv', 'sna'];
  return Array.from({ length: 3 }, () => syllables[Math.floor(Math.random() * syllables.length)]).join('');
}

/** Fisher-Yates, so votes and captures interleave in the burst. */
function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reliability:crash failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
