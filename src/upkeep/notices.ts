import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { DAY_MS, dayOf } from './as-of';
import { changedShare } from './text-change';

/** Why an answer someone got is no longer what it was. */
export type NoticeReason = 'edited' | 'archived' | 'failing';

/** A note to post to one person, in the thread or chat where they got the answer; everything an adapter needs. */
export interface Notice {
  id: number;
  platform: string;
  /** Slack team or Teams tenant (`''`: the shared base). */
  workspace: string;
  /** Where the question was asked, as the adapter logged it (Slack: `channel:thread_ts`). */
  place: string | null;
  questionId: number | null;
  asker: string;
  articleId: string;
  articleTitle: string;
  /** When they asked (ms) and the day (YYYY-MM-DD). */
  askedAt: number;
  askedOn: string;
  reason: NoticeReason;
  /** The note, plain text; the title in it is user content, so escape it for the platform's markup. */
  text: string;
}

export interface NoticesOptions {
  /** Share of words changed (0-1) from which an edit is substantial (default 0.3). */
  substantialShare?: number;
  /** How far back an answer counts (default 30 days). */
  windowDays?: number;
}

interface RevisionRow {
  id: number;
  article_id: string;
  revision: number;
  title: string;
  body: string;
  status: string;
  edited_by: string | null;
  edited_at: number;
}

interface NoticeRow {
  id: number;
  platform: string;
  workspace: string;
  place: string | null;
  question_id: number | null;
  asker: string;
  article_id: string;
  title: string;
  asked_at: number;
  reason: NoticeReason;
}

const REVISION_MARK = 'notices.revision';
/**
 * How long a process holds a notice it is posting. Far longer than a post takes (Slack
 * and Teams answer in seconds), short enough that a notice claimed by a process that died
 * goes out from another within ten minutes.
 */
const CLAIM_MS = 10 * 60 * 1000;

/**
 * Correction notices: when an article is edited substantially, archived, or starts
 * failing, everyone who got it as the answer in the 30 days before gets one short note
 * where they asked, once per person and change. The outbox lives in SQLite, so any
 * process may fill it (`scan`) and an adapter posts what is `due` and marks it sent.
 */
export class Notices {
  private readonly statements;
  private readonly substantialShare: number;
  private readonly windowMs: number;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Ids of the articles failing now (Reviews.failingIds). */
    private readonly failingIds: () => Set<string>,
    options: NoticesOptions = {},
  ) {
    this.substantialShare = options.substantialShare ?? 0.3;
    this.windowMs = (options.windowDays ?? 30) * DAY_MS;
    this.statements = {
      mark: db.prepare<[string], { value: number }>('SELECT value FROM upkeep_marks WHERE name = ?'),
      setMark: db.prepare<[string, number]>(
        'INSERT INTO upkeep_marks (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ),
      revisionsAfter: db.prepare<[number], RevisionRow>(
        'SELECT id, article_id, revision, title, body, status, edited_by, edited_at FROM article_revisions WHERE id > ? ORDER BY id',
      ),
      previous: db.prepare<[string, number], RevisionRow>(
        `SELECT id, article_id, revision, title, body, status, edited_by, edited_at FROM article_revisions
         WHERE article_id = ? AND revision < ? ORDER BY revision DESC LIMIT 1`,
      ),
      recipients: db.prepare<
        { articleId: string; from: number; to: number },
        { id: number; workspace: string; platform: string; asker: string; place: string | null; asked_at: number }
      >(
        `SELECT id, workspace, platform, asker, place, asked_at FROM questions
         WHERE top_article_id = @articleId AND decision = 'answer' AND is_eval = 0 AND asker IS NOT NULL
           AND asked_at > @from AND asked_at <= @to
         ORDER BY asked_at DESC, id DESC`,
      ),
      queue: db.prepare(`INSERT OR IGNORE INTO notices (workspace, platform, asker, place, question_id, asked_at, article_id, reason,
          change_key, created_at)
        VALUES (@workspace, @platform, @asker, @place, @questionId, @askedAt, @articleId, @reason, @changeKey, @now)`),
      failing: db.prepare<[], { article_id: string }>('SELECT article_id FROM failing_articles'),
      startFailing: db.prepare<[string, number]>('INSERT OR IGNORE INTO failing_articles (article_id, since) VALUES (?, ?)'),
      stopFailing: db.prepare<[string]>('DELETE FROM failing_articles WHERE article_id = ?'),
      due: db.prepare<{ platform: string; now: number }, NoticeRow>(
        `SELECT n.id, n.platform, n.workspace, n.place, n.question_id, n.asker, n.article_id, a.title, n.asked_at, n.reason
         FROM notices n JOIN articles a ON a.id = n.article_id
         WHERE n.platform = @platform AND n.sent_at IS NULL AND (n.claimed_until IS NULL OR n.claimed_until <= @now) ORDER BY n.id`,
      ),
      claim: db.prepare<{ id: number; now: number; until: number }>(
        `UPDATE notices SET claimed_until = @until
         WHERE id = @id AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= @now)`,
      ),
      release: db.prepare<{ id: number }>('UPDATE notices SET claimed_until = NULL WHERE id = @id AND sent_at IS NULL'),
      markSent: db.prepare<{ id: number; now: number }>('UPDATE notices SET sent_at = @now WHERE id = @id AND sent_at IS NULL'),
    };
  }

  /** Queues notices for every change since the last scan; returns how many were queued. */
  scan(): number {
    return this.db.transaction(() => this.scanRevisions() + this.scanFailing()).immediate();
  }

  /** Notices waiting to be posted on a platform (after a scan), oldest first; those another process is posting are left out. */
  due(platform: string): Notice[] {
    this.scan();
    return this.statements.due.all({ platform, now: this.clock.now() }).map(toNotice);
  }

  /**
   * Takes a due notice for posting; false when it was sent or another process holds it.
   * Post only after a claim, then `markSent` (or `release` when the post failed).
   */
  claim(id: number): boolean {
    const now = this.clock.now();
    return this.statements.claim.run({ id, now, until: now + CLAIM_MS }).changes > 0;
  }

  /** Gives back a claimed notice whose post failed, so the next round tries it again at once. */
  release(id: number): void {
    this.statements.release.run({ id });
  }

  /** Records that the notice was posted; false when it already was (another process got there first). */
  markSent(id: number): boolean {
    return this.statements.markSent.run({ id, now: this.clock.now() }).changes > 0;
  }

  private scanRevisions(): number {
    const now = this.clock.now();
    let queued = 0;
    let last = this.statements.mark.get(REVISION_MARK)?.value ?? 0;
    for (const revision of this.statements.revisionsAfter.all(last)) {
      last = revision.id;
      // A change older than the window reaches nobody who still remembers the answer.
      if (revision.edited_at <= now - this.windowMs) continue;
      const before = this.statements.previous.get(revision.article_id, revision.revision);
      const reason = before && reasonFor(before, revision, this.substantialShare);
      if (!reason) continue;
      queued += this.queue(revision.article_id, reason, `revision:${revision.revision}`, revision.edited_at, revision.edited_by);
    }
    this.statements.setMark.run(REVISION_MARK, last);
    return queued;
  }

  private scanFailing(): number {
    const now = this.clock.now();
    const failing = this.failingIds();
    const known = new Set(this.statements.failing.all().map((row) => row.article_id));
    let queued = 0;
    for (const id of known) if (!failing.has(id)) this.statements.stopFailing.run(id);
    for (const id of failing) {
      if (known.has(id)) continue;
      this.statements.startFailing.run(id, now);
      queued += this.queue(id, 'failing', `failing:${now}`, now, null);
    }
    return queued;
  }

  /** One notice per person (their latest question answered with the article before the change). */
  private queue(articleId: string, reason: NoticeReason, changeKey: string, changedAt: number, changedBy: string | null): number {
    const seen = new Set<string>();
    let queued = 0;
    for (const question of this.statements.recipients.all({ articleId, from: changedAt - this.windowMs, to: changedAt })) {
      const person = `${question.workspace}\u0000${question.platform}\u0000${question.asker}`;
      // Whoever made the change knows about it.
      if (seen.has(person) || question.asker === changedBy) continue;
      seen.add(person);
      queued += this.statements.queue.run({
        workspace: question.workspace,
        platform: question.platform,
        asker: question.asker,
        place: question.place,
        questionId: question.id,
        askedAt: question.asked_at,
        articleId,
        reason,
        changeKey,
        now: this.clock.now(),
      }).changes;
    }
    return queued;
  }
}

function reasonFor(before: RevisionRow, after: RevisionRow, substantialShare: number): NoticeReason | undefined {
  if (before.status !== 'published') return undefined;
  if (after.status === 'archived') return 'archived';
  if (after.status !== 'published') return undefined;
  const share = changedShare(`${before.title}\n${before.body}`, `${after.title}\n${after.body}`);
  return share >= substantialShare ? 'edited' : undefined;
}

function toNotice(row: NoticeRow): Notice {
  const askedOn = dayOf(row.asked_at);
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    place: row.place,
    questionId: row.question_id,
    asker: row.asker,
    articleId: row.article_id,
    articleTitle: row.title,
    askedAt: row.asked_at,
    askedOn,
    reason: row.reason,
    text: noticeText(row.reason, askedOn, row.title),
  };
}

/** The note itself: short, says what changed and what to do. */
export function noticeText(reason: NoticeReason, askedOn: string, title: string): string {
  const answer = `The answer you got on ${askedOn} ("${title}")`;
  if (reason === 'edited') return `${answer} has changed since: please read it again.`;
  if (reason === 'archived') return `${answer} has been withdrawn and may no longer be right: please ask again.`;
  return `${answer} has been marked unhelpful by several people and may not be right: please ask again, or ask an expert.`;
}
