import type { Logger } from '../../../src/logger';

/** One line a logger was given. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

/** A Logger that keeps every entry, children included, for tests to look at. */
export function recordingLogger(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}): Logger & { entries: LogEntry[] } {
  const log = (level: LogEntry['level']) => (obj: object, msg?: string) => void entries.push({ level, obj: { ...bindings, ...(obj as Record<string, unknown>) }, msg });
  return {
    entries,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  };
}
