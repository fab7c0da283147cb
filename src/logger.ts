import pino from 'pino';

/** The logging calls the core makes; pino's logger satisfies it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Token-like fields never reach a log line, whatever logs them. */
const REDACTED_PATHS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'clientSecret', 'stateSecret', 'password',
  'appPassword', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.clientSecret',
  '*.stateSecret', '*.password', '*.appPassword', 'headers.authorization',
];

/** Structured JSON logs to stderr, or the stream given (stdout is for results a script may read). */
export function createLogger(level: string = 'info', stream?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream ?? pino.destination(2));
}

/** A logger that drops everything; for tests and library use. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
