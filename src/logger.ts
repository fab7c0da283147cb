import pino from 'pino';
import { redactSecrets, redactTokens } from './privacy/redact-secrets';

/** The logging calls the core makes; pino's logger satisfies it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** Values that must never be written (the configured tokens and secrets), whatever logs them. */
  secrets?: ReadonlyArray<string | undefined>;
}

/** Token-like fields never reach a log line, whatever logs them. */
const REDACTED_PATHS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'clientSecret', 'stateSecret', 'password',
  'appPassword', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.clientSecret',
  '*.stateSecret', '*.password', '*.appPassword', 'headers.authorization',
];

/** How deep log objects are searched for text to redact; deeper values are logged as they are. */
const SCRUB_DEPTH = 6;

/**
 * Structured JSON logs to stderr, or the stream given (stdout is for results a script may read).
 * Three layers keep secrets out: fields named like secrets are censored; every string logged,
 * the message and error messages included, has pasted secrets redacted (a question's text, a
 * Slack API error); and the finished line is searched once more for token-shaped values and
 * the configured secrets, which catches whatever a serializer added.
 */
export function createLogger(level: string = 'info', stream?: NodeJS.WritableStream, options: LoggerOptions = {}): Logger {
  const known = (options.secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
  // A secret is found in the line as JSON writes it.
  const knownInJson = known.map((secret) => JSON.stringify(secret).slice(1, -1));
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrub(arg, SCRUB_DEPTH, new WeakSet())) as Parameters<typeof method>);
        },
        streamWrite(line) {
          let result = redactTokens(line);
          for (const secret of knownInJson) result = result.split(secret).join('[redacted]');
          return result;
        },
      },
    },
    stream ?? pino.destination(2),
  );
}

/** A copy of a logged value with pasted secrets redacted in every string; errors become plain objects. */
function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null || depth <= 0 || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Error) {
    const { code, data } = value as Error & { code?: unknown; data?: unknown };
    return {
      type: value.name,
      message: redactSecrets(value.message),
      ...(value.stack ? { stack: redactSecrets(value.stack) } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(data !== undefined ? { data: scrub(data, depth - 1, seen) } : {}),
      ...(value.cause !== undefined ? { cause: scrub(value.cause, depth - 1, seen) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth - 1, seen));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth - 1, seen)]));
}

/** A logger that drops everything; for tests and library use. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
