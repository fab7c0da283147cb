import { LoreError } from '../errors';
import type { Logger } from '../logger';

/** How a sync talks to a vendor's API; injectable so tests run fast against local stand-ins. */
export interface SourceHttpOptions {
  fetch?: typeof fetch;
  /** Waits between attempts; tests pass one that does not really wait. */
  sleep?: (ms: number) => Promise<void>;
  /** How long one request may take before it is abandoned and tried again (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request before the sync gives up (default 6). */
  attempts?: number;
  /** Wait before the first retry of a failed request; doubles each time (default 1 s). */
  backoffMs?: number;
  /** The longest a `Retry-After` is honoured; a source asking for more fails this sync (default 5 min). */
  maxWaitMs?: number;
  logger?: Logger;
  /** Stops requests and waits at once (Lore shutting down). */
  signal?: AbortSignal;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * GETs JSON from one source with the faults vendors really have handled: 429 waits as
 * long as `Retry-After` says (within a bound), 5xx, timeouts and dropped connections are
 * retried with a doubling backoff, and a refused credential stops at once with a
 * message naming the source. The authorization header is never logged or put in an error.
 */
export class SourceHttp {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly source: string,
    private readonly authorization: string | undefined,
    private readonly options: SourceHttpOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? realSleep;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.attempts = options.attempts ?? 6;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
  }

  /** The parsed JSON body of a successful GET of `url`. */
  async getJson(url: string): Promise<unknown> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(this.timeoutMs);
        response = await this.fetch(url, {
          headers: { accept: 'application/json', ...(this.authorization ? { authorization: this.authorization } : {}) },
          signal: this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout,
          redirect: 'follow',
        });
      } catch (error) {
        this.throwIfStopped();
        lastProblem = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs / 1000} s` : `could not connect (${describe(error)})`;
        await this.retryAfter(attempt, this.backoff(attempt), lastProblem, url);
        continue;
      }
      if (response.ok) {
        try {
          return await response.json();
        } catch (error) {
          // A body cut short by a dropped connection reads as bad JSON: worth another try.
          lastProblem = `the answer was not JSON (${describe(error)})`;
          await this.retryAfter(attempt, this.backoff(attempt), lastProblem, url);
          continue;
        }
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 401 || response.status === 403) {
        throw new LoreError(
          'SOURCE_AUTH',
          `The source ${this.source} refused Lore's credentials (HTTP ${response.status}); the token may have expired or lack access. Check --email and the variable named by --token-env, then sync again.`,
        );
      }
      if (response.status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? this.backoff(attempt);
        lastProblem = 'rate limited (HTTP 429)';
        if (wait > this.maxWaitMs) {
          throw new LoreError('SOURCE_FAILED', `The source ${this.source} asked Lore to wait ${Math.ceil(wait / 1000)} s (HTTP 429 Retry-After); sync again later.`);
        }
        await this.retryAfter(attempt, wait, lastProblem, url);
        continue;
      }
      if (response.status >= 500 || response.status === 408) {
        lastProblem = `HTTP ${response.status}`;
        await this.retryAfter(attempt, this.backoff(attempt), lastProblem, url);
        continue;
      }
      throw new LoreError('SOURCE_FAILED', `The source ${this.source} answered HTTP ${response.status} for ${withoutQuery(url)}; check its --url, spaces or sections.`);
    }
    throw new LoreError('SOURCE_FAILED', `The source ${this.source} failed ${this.attempts} times in a row (${lastProblem}) at ${withoutQuery(url)}; nothing was changed, sync again later.`);
  }

  private backoff(attempt: number): number {
    return this.backoffMs * 2 ** (attempt - 1);
  }

  private async retryAfter(attempt: number, waitMs: number, problem: string, url: string): Promise<void> {
    if (attempt >= this.attempts) return;
    this.options.logger?.warn({ source: this.source, url: withoutQuery(url), problem, waitMs, attempt }, 'a source request failed; retrying');
    const signal = this.options.signal;
    if (!signal) return this.sleep(waitMs);
    this.throwIfStopped();
    let onAbort = () => undefined as void;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([this.sleep(waitMs), aborted]);
    signal.removeEventListener('abort', onAbort);
    this.throwIfStopped();
  }

  private throwIfStopped(): void {
    if (this.options.signal?.aborted) throw stoppedError(this.source);
  }
}

/** The sync was stopped from outside (Lore shutting down): nothing more is changed, the next sync finishes. */
export function stoppedError(source: string): LoreError {
  return new LoreError('SOURCE_FAILED', `The sync of ${source} was stopped before it finished; nothing more was changed, and the next sync completes it.`);
}

/** `Retry-After` as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A URL without its query, for messages: cursors and filters are noise there. */
function withoutQuery(url: string): string {
  return url.split('?')[0]!;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message ?? String(error);
}

/** The `Authorization` header for an e-mail and token (Basic) or a token alone (Bearer), or none. */
export function authorizationFor(
  source: string,
  email: string | undefined,
  tokenEnv: string | undefined,
  env: Record<string, string | undefined>,
  basicUser: (email: string) => string = (e) => e,
): string | undefined {
  if (!tokenEnv) return undefined;
  const token = env[tokenEnv]?.trim();
  if (!token) {
    throw new LoreError('SOURCE_AUTH', `The source ${source} reads its token from the environment variable ${tokenEnv}, which is not set; set it and sync again.`);
  }
  return email ? `Basic ${Buffer.from(`${basicUser(email)}:${token}`).toString('base64')}` : `Bearer ${token}`;
}
