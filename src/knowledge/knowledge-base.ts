import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Db } from '../db/open-database';
import type { Logger } from '../logger';
import { INDEX_VERSION, type RetrievalOptions, SearchIndex } from '../search/search-index';
import type { Article, ArticleStatus, QuestionOrigin, ValidArticleInput } from './article';
import type { ArticleStore, Edit, LearnedElsewhere, SaveOutcome } from './article-store';
import { nextTurn, SliceSizer } from './slices';

/** Where the search index of a database file is saved: beside it. */
export function savedIndexFile(dbFile: string): string {
  return `${dbFile}.index`;
}

/**
 * The articles and their search index, kept in step. The index is a cache of the
 * database: every write goes to SQLite first and the index then reads what changed
 * (by change number), so writes from another process (a CLI import while Lore serves)
 * reach it the same way as this process's own, and a crash can never leave the index
 * ahead of the data.
 */
export class KnowledgeBase {
  readonly index: SearchIndex;
  private seenChange = 0;
  private seenDataVersion = -1;
  /** The change number of every article the index has read, indexed or not: what a saved index is checked against. */
  private seenArticles = new Map<string, number>();
  /** The change number the saved index file holds (-1: none), so an unchanged index is not written again. */
  private savedChange = -1;
  private readonly changeNumbers;
  /** Set while articles are read into the index in the background (see `load`). */
  private building: Building | undefined;

  constructor(
    private readonly db: Db,
    readonly articles: ArticleStore,
    retrieval?: RetrievalOptions,
    private readonly saving: IndexSaving = {},
  ) {
    this.index = new SearchIndex(retrieval);
    // Rows as [id, change number] pairs: a restart reads 100,000 of them, objects would double the time.
    this.changeNumbers = db.prepare<[], [string, number]>('SELECT id, change_seq FROM articles').raw(true);
  }

  /** The last change number the index has taken in; it moves with every write. */
  get changeNumber(): number {
    return this.seenChange;
  }

  /**
   * Gets the index ready (start-up): from the saved index when it was built the same way
   * and from this database's articles, then catching up with what changed since it was
   * saved; otherwise built from the database. With `inBackgroundAbove`, a server's start,
   * more articles than that to read are read in slices between other work (`loading` says
   * how far it got) and questions are answered meanwhile from the articles read so far:
   * a 100,000-article rebuild takes most of a minute, longer than Slack waits.
   */
  load(options: { inBackgroundAbove?: number } = {}): void {
    const started = Date.now();
    const restored = this.restoreSaved();
    const behind = this.articles.countChangedSince(this.seenChange);
    if (behind > (options.inBackgroundAbove ?? Number.POSITIVE_INFINITY)) {
      this.buildInBackground(behind);
      this.saving.logger?.info({ indexed: this.index.size, toRead: behind, restored }, 'reading the articles into the search index in the background; answering meanwhile');
      return;
    }
    this.refresh({ force: true });
    this.saving.logger?.debug({ articles: this.index.size, restored, ms: Date.now() - started }, 'search index ready');
  }

  /** While the index is read in the background: articles read so far and in all. Undefined once it is ready. */
  get loading(): IndexLoading | undefined {
    return this.building && { read: this.seenArticles.size, total: Math.max(this.building.total, this.seenArticles.size) };
  }

  /** Resolves once the index has read every article (at once unless it is being read in the background). */
  async whenReady(): Promise<void> {
    await this.building?.done;
  }

  private buildInBackground(behind: number): void {
    const building: Building = { total: this.seenArticles.size + behind, stopped: false, done: Promise.resolve() };
    this.building = building;
    building.done = this.readInSlices(building);
  }

  /**
   * Reads what changed in slices sized to take about BUILD_SLICE_MS each, yielding to other
   * work between them. Writes made meanwhile (here or by another process) come later in the
   * change order and are read the same way.
   */
  private async readInSlices(building: Building): Promise<void> {
    const started = Date.now();
    const sizer = new SliceSizer(BUILD_SLICE_MS, FIRST_SLICE, MAX_SLICE);
    // Each slice after a turn of the event loop, the first one too: `load` returns at once.
    while ((await nextTurn(), !building.stopped)) {
      const sliceStarted = performance.now();
      let read: number;
      try {
        read = this.readChanges(sizer.size);
      } catch (error) {
        // The database busy with another process's write: try again shortly; nothing is lost meanwhile.
        this.saving.logger?.warn({ err: error }, 'could not read articles into the search index; retrying');
        await new Promise((resolve) => setTimeout(resolve, BUILD_RETRY_MS));
        continue;
      }
      if (read === 0) break;
      sizer.took(read, performance.now() - sliceStarted);
    }
    if (building.stopped) return;
    this.building = undefined;
    this.seenDataVersion = -1;
    // Not saved now: writing 100,000 articles' index blocks for seconds. It is saved at close, as always.
    this.saving.logger?.info({ articles: this.index.size, ms: Date.now() - started }, 'search index ready');
  }

  /** Writes the index beside the database (when it changed since it was loaded or saved), so the next start loads it. */
  saveIndex(): void {
    const file = this.saving.file;
    if (!file || this.saving.readOnly || this.savedChange === this.seenChange) return;
    const started = Date.now();
    try {
      const serialized = this.index.serialize();
      if (!serialized) return;
      const header: SavedIndexHeader = { version: INDEX_VERSION, change: this.seenChange, articles: this.articleChanges(), checksum: checksumOf(serialized) };
      writeFileAtomically(file, [`${JSON.stringify(header)}\n`, ...serialized]);
      this.savedChange = this.seenChange;
      this.saving.logger?.debug({ file, articles: this.index.size, ms: Date.now() - started }, 'search index saved');
    } catch (error) {
      // The saved index only speeds up the next start; failing to write it loses nothing.
      this.saving.logger?.warn({ file, err: error }, 'could not save the search index; the next start rebuilds it');
    }
  }

  /** Every article the index has read, with its change number then: what `misfit` checks a saved file against. */
  articleChanges(): Array<[string, number]> {
    return [...this.seenArticles];
  }

  /**
   * Why something saved from this base at change number `change`, when it had read these
   * articles (`articleChanges`), no longer fits the database, or undefined when it fits:
   * every article it read must still be there with the same change number, or have
   * changed since (a catch-up reads those). A database restored from a backup or replaced fails.
   */
  misfit(change: number, saved: ReadonlyMap<string, number>): string | undefined {
    let found = 0;
    for (const [id, seq] of this.changeNumbers.all()) {
      const seen = saved.get(id);
      if (seen !== undefined) found += 1;
      // Unchanged since the save: it must be as it was read. Changed since: the catch-up reads it.
      if (seq <= change ? seen !== seq : seen !== undefined && seen > seq) return 'made from other data';
    }
    return found === saved.size ? undefined : 'articles missing from the database';
  }

  /**
   * Saves the index if it changed; call before closing the database. A background reading
   * stops and what it read is saved: the articles come in change order, so the next start
   * loads them and reads only the rest.
   */
  close(): void {
    if (this.building) this.building.stopped = true;
    this.saveIndex();
  }

  /**
   * Loads the saved index if it fits this database: every article it read must still be
   * there with the same change number, or have changed since (the catch-up reads those).
   * A database restored from a backup or replaced fails the check and is rebuilt.
   */
  private restoreSaved(): boolean {
    const file = this.saving.file;
    if (!file || !fs.existsSync(file)) return false;
    try {
      const bytes = fs.readFileSync(file);
      const split = bytes.indexOf(0x0a);
      const header = JSON.parse(bytes.subarray(0, split).toString('utf8')) as SavedIndexHeader;
      if (header.version !== INDEX_VERSION) return this.rejectSaved('built by another version');
      // A damaged byte in a term's postings would otherwise surface only when a question first reads that term.
      if (header.checksum !== checksumOf([bytes.subarray(split + 1)])) return this.rejectSaved('damaged');
      const saved = new Map(header.articles);
      const misfit = this.misfit(header.change, saved);
      if (misfit) return this.repairSaved(bytes.subarray(split + 1), saved, misfit);
      this.index.restore(bytes.subarray(split + 1));
      this.readLearnedElsewhere();
      this.seenArticles = saved;
      this.seenChange = header.change;
      this.savedChange = header.change;
      return true;
    } catch (error) {
      this.index.clear();
      this.saving.logger?.warn({ file, err: error }, 'the saved search index is unreadable; rebuilding it');
      return false;
    }
  }

  /**
   * A saved index that does not fit (a database restored from a backup, edited while its
   * index file was older) is still mostly right: when less than half of the articles
   * differ, it is loaded and only those are read again or dropped, which takes a fraction
   * of a rebuild. A different database altogether is rebuilt.
   */
  private repairSaved(serialized: Uint8Array, saved: ReadonlyMap<string, number>, misfit: string): boolean {
    const current = new Map(this.changeNumbers.all());
    const differ = [...current].filter(([id, seq]) => saved.get(id) !== seq).map(([id]) => id);
    const gone = [...saved.keys()].filter((id) => !current.has(id));
    if (differ.length + gone.length > current.size / 2) return this.rejectSaved(misfit);
    this.index.restore(serialized);
    this.readLearnedElsewhere();
    for (const id of gone) this.index.remove(id);
    const elsewhere = differ.length > 0 ? this.articles.learnedElsewhereIn(0) : new Map<string, LearnedElsewhere>();
    for (const id of differ) {
      const article = this.articles.get(id);
      if (!article) {
        this.index.remove(id);
        continue;
      }
      this.index.upsert(article);
      this.index.setLearnedElsewhere(id, elsewhere.get(id) ?? new Map());
    }
    this.seenArticles = new Map(current);
    let newest = 0;
    for (const seq of current.values()) if (seq > newest) newest = seq;
    this.seenChange = newest;
    // Written again at close, now that it fits.
    this.savedChange = -1;
    this.saving.logger?.info({ file: this.saving.file, reason: misfit, reread: differ.length, dropped: gone.length }, 'repaired the saved search index');
    return true;
  }

  /**
   * What workspaces taught articles they do not own is not saved with the index (it is small):
   * a restored index reads it from the database; the catch-up then reads what changed since.
   */
  private readLearnedElsewhere(): void {
    for (const [id, learned] of this.articles.learnedElsewhereIn(0)) this.index.setLearnedElsewhere(id, learned);
  }

  private rejectSaved(reason: string): false {
    this.saving.logger?.info({ file: this.saving.file, reason }, 'the saved search index does not fit the database; rebuilding it');
    return false;
  }

  /**
   * Brings the index up to date with the database. Cheap when nothing changed:
   * `PRAGMA data_version` only moves when another connection commits, and this
   * connection's own writes call `refresh` themselves. While the index is read in the
   * background that reading takes in every change, in order, so this does nothing.
   */
  refresh(options: { force?: boolean } = {}): number {
    if (this.building) return 0;
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    if (!options.force && dataVersion === this.seenDataVersion && this.seenChange > 0) return 0;
    this.seenDataVersion = dataVersion;
    return this.readChanges();
  }

  /** Takes into the index the articles changed since it last read (the first `limit` of them); returns how many. */
  private readChanges(limit?: number): number {
    const changed = this.articles.changedSince(this.seenChange, limit);
    // A slice cut short by `limit` takes only the deletions made before its last article, so none is skipped.
    const upTo = limit !== undefined && changed.length === limit ? changed.at(-1)!.changeSeq : Number.POSITIVE_INFINITY;
    const deleted = this.articles.deletedSince(this.seenChange).filter((d) => d.changeSeq <= upTo);
    if (changed.length === 0 && deleted.length === 0) return 0;
    if (this.seenChange === 0 && this.index.size === 0) {
      this.index.addAll(changed.map((c) => c.article));
    } else {
      for (const { article } of changed) this.index.upsert(article);
    }
    for (const { article, learnedElsewhere } of changed) this.index.setLearnedElsewhere(article.id, learnedElsewhere);
    for (const { article, changeSeq } of changed) this.seenArticles.set(article.id, changeSeq);
    // A tombstone exists only while its id has no article (a new article with the id removes it).
    for (const { id } of deleted) {
      this.index.remove(id);
      this.seenArticles.delete(id);
    }
    this.seenChange = Math.max(changed.at(-1)?.changeSeq ?? 0, deleted.at(-1)?.changeSeq ?? 0);
    return changed.length + deleted.length;
  }

  get(id: string): Article | undefined {
    return this.articles.get(id);
  }

  save(input: ValidArticleInput, workspace: string, edit: Edit): { article: Article; outcome: SaveOutcome } {
    const result = this.articles.save(input, workspace, edit);
    this.afterWrite();
    return result;
  }

  setStatus(id: string, status: ArticleStatus, edit: Edit): Article {
    const article = this.articles.setStatus(id, status, edit);
    this.afterWrite();
    return article;
  }

  /** Deletes an article for good (see ArticleStore.delete); it leaves the index at once. */
  delete(id: string, edit: Edit): Article {
    const article = this.articles.delete(id, edit);
    this.afterWrite();
    return article;
  }

  /** Adds an alternate question; with a `reason`, the change is kept as a revision (who, when, why). */
  addQuestion(id: string, text: string, origin: QuestionOrigin, by: string | null, reason?: string): Article {
    const article = this.articles.addQuestion(id, text, origin, by, 1, reason);
    this.afterWrite();
    return article;
  }

  /** Runs many writes in one transaction (imports), then updates the index once. */
  batch<T>(work: () => T): T {
    const result = this.db.transaction(work).immediate();
    this.afterWrite();
    return result;
  }

  private afterWrite(): void {
    if (this.db.inTransaction) return;
    this.refresh({ force: true });
  }
}

/**
 * Writes a file aside and renames it into place: a process loading it meanwhile reads the
 * old file or the new one, never half of one. Throws when it cannot (the temp file is removed).
 */
export function writeFileAtomically(file: string, parts: ReadonlyArray<string | Uint8Array>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(temporary, 'w');
    try {
      for (const part of parts) {
        const bytes = typeof part === 'string' ? Buffer.from(part) : part;
        for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
      }
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** How far a background reading of the articles into the index got. */
export interface IndexLoading {
  read: number;
  total: number;
}

interface Building {
  total: number;
  stopped: boolean;
  done: Promise<void>;
}

/** How long one slice of a background reading should take; Slack requests wait at most about this long. */
const BUILD_SLICE_MS = 20;
const FIRST_SLICE = 50;
const MAX_SLICE = 2000;
/** How long to wait before reading again when the database was busy. */
const BUILD_RETRY_MS = 1000;

/** Where and how the index is saved between runs. */
export interface IndexSaving {
  /** The file (see `savedIndexFile`); none for an in-memory database. */
  file?: string;
  logger?: Logger;
  /** Load the saved index but never write it (a read-only opening). */
  readOnly?: boolean;
}

interface SavedIndexHeader {
  version: string;
  /** The change number the index had read up to. */
  change: number;
  /** Every article read, with its change number then. */
  articles: Array<[string, number]>;
  /** CRC-32 of everything after the header line (about 25 ms for 64 MB). */
  checksum: number;
}

function checksumOf(chunks: readonly Uint8Array[]): number {
  let crc = 0;
  for (const chunk of chunks) crc = zlib.crc32(chunk, crc);
  return crc;
}
