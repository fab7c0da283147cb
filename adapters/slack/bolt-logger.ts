import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/index';

/**
 * Bolt's logger interface over Lore's, so Bolt's messages land in the same JSON logs.
 * Lore's logger decides what is written; Bolt's level calls are accepted and ignored.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const line = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  const errorOf = (parts: unknown[]) => parts.find((part): part is Error => part instanceof Error);
  return {
    debug: (...parts: unknown[]) => logger.debug({ source: 'bolt' }, line(parts)),
    info: (...parts: unknown[]) => logger.info({ source: 'bolt' }, line(parts)),
    warn: (...parts: unknown[]) => logger.warn({ source: 'bolt' }, line(parts)),
    error: (...parts: unknown[]) => logger.error({ source: 'bolt', err: errorOf(parts) }, line(parts)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.DEBUG,
    setName: () => undefined,
  };
}
