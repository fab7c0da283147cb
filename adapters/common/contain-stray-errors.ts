import type { Logger } from '../../src/index';

/** What the process-wide handlers are installed on: the process itself, outside tests. */
export type ErrorSource = Pick<NodeJS.Process, 'on' | 'off'>;

/**
 * Keeps a server up through an error nothing else caught (a timer, an upkeep round, a
 * training worker's message, a promise nobody awaited): it is logged, with what to do,
 * and Lore goes on serving. Node's default would end the process, and with it every
 * request in flight, over a fault in work nobody is waiting for. Returns what removes
 * the handlers again (the server stopped).
 */
export function containStrayErrors(logger: Logger, source: ErrorSource = process): () => void {
  const report = (kind: string) => (error: unknown) => {
    logger.error({ err: error, kind }, 'a background task failed unexpectedly; Lore goes on serving (please report this log line)');
  };
  const onException = report('uncaughtException');
  const onRejection = report('unhandledRejection');
  source.on('uncaughtException', onException);
  source.on('unhandledRejection', onRejection);
  return () => {
    source.off('uncaughtException', onException);
    source.off('unhandledRejection', onRejection);
  };
}
