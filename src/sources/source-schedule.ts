import fs from 'node:fs';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SourceSync } from './source-sync';

export interface SourceScheduleOptions {
  sync: SourceSync;
  clock: Clock;
  logger: Logger;
  /** Time between syncs of each source (LORE_SYNC_MINUTES). */
  intervalMs: number;
  /** How often to look for a source that is due (default a minute, or the interval if shorter). */
  tickMs?: number;
  /** Sync a folder source soon after its files change (default true). */
  watchFolders?: boolean;
  /** How long a folder must be quiet after a change before it is synced: an editor or `git pull` writes many files (default 2 s). */
  debounceMs?: number;
}

/**
 * Syncs every source every interval while Lore serves. Whether a source is due is
 * decided by a claim in the database (see SourceStore.claim), so several processes
 * sharing the database sync each source once per interval between them, one at a time.
 * Folder sources are also watched, and synced a moment after their files change.
 */
export class SourceSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly watchers = new Map<string, { watcher: fs.FSWatcher; timer?: NodeJS.Timeout }>();
  /** Aborted at stop: a long sync stops between batches instead of holding up a shutdown. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: SourceScheduleOptions) {}

  /** Starts ticking (the first tick at once); never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    const tickMs = this.options.tickMs ?? Math.min(60_000, this.options.intervalMs);
    this.timer = setInterval(() => void this.tick(), tickMs).unref();
    void this.tick();
  }

  /** Stops ticking and watching, stops a sync under way (the next start finishes it), and waits for it to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const { watcher, timer } of this.watchers.values()) {
      watcher.close();
      if (timer) clearTimeout(timer);
    }
    this.watchers.clear();
    await this.running;
  }

  /** One round: every source not synced (by any process) within the interval is synced now. A round under way is joined. */
  tick(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    const { sync, clock, logger, intervalMs } = this.options;
    let sources;
    try {
      sources = sync.store.all();
    } catch (error) {
      logger.warn({ err: error }, 'could not read the sources; the next round tries again');
      return;
    }
    if (this.options.watchFolders !== false) this.watchFolders(sources.flatMap((s) => (s.settings.kind === 'folder' ? [{ name: s.name, path: s.settings.path }] : [])));
    for (const source of sources) {
      await this.syncOne(source.name, clock.now() - intervalMs);
    }
  }

  private async syncOne(name: string, dueBefore: number): Promise<void> {
    try {
      if (this.stopping.signal.aborted) return;
      const report = await this.options.sync.sync(name, { dueBefore, signal: this.stopping.signal });
      if (report) this.options.logger.info({ source: name, added: report.added, updated: report.updated, archived: report.archived, failed: report.failed, diverging: report.diverging }, 'synced a source on schedule');
    } catch (error) {
      // Kept on the source for `lore sources list`; the next interval tries again.
      this.options.logger.warn({ source: name, err: error }, 'a scheduled source sync failed');
    }
  }

  private watchFolders(folders: Array<{ name: string; path: string }>): void {
    for (const { name, path } of folders) {
      if (this.watchers.has(name)) continue;
      try {
        const entry: { watcher: fs.FSWatcher; timer?: NodeJS.Timeout } = {
          watcher: fs.watch(path, { recursive: true, persistent: false }, () => {
            if (entry.timer) clearTimeout(entry.timer);
            // Any time is due: a change is worth a sync now, but never two at once (the claim still holds).
            entry.timer = setTimeout(() => void this.syncOne(name, Number.MAX_SAFE_INTEGER), this.options.debounceMs ?? 2000).unref();
          }),
        };
        entry.watcher.on('error', (error) => this.options.logger.warn({ source: name, err: error }, 'stopped watching a folder source; it still syncs on schedule'));
        this.watchers.set(name, entry);
      } catch (error) {
        this.options.logger.warn({ source: name, path, err: error }, 'cannot watch a folder source; it still syncs on schedule');
      }
    }
  }
}
