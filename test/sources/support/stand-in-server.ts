import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the stand-in answers the next request with, instead of the real answer. */
export type Fault =
  | { status: number; retryAfter?: string; body?: unknown }
  /** Never answers: the client's timeout must give up on it. */
  | 'hang'
  /** Closes the connection without an answer. */
  | 'drop'
  /** Answers 200 with a body cut off half-way. */
  | 'truncate'
  /** Answers as usual (to let some requests through before the faults). */
  | 'pass';

export interface Answer {
  status?: number;
  body: unknown;
}

/** A vendor API stand-in on 127.0.0.1: routes, credentials checked, faults injected, requests recorded. */
export interface StandIn {
  readonly origin: string;
  /** Every request's path and query, in order (faulted ones too). */
  readonly requests: string[];
  /** The next requests get these faults, one each, in order. */
  fail(...faults: Fault[]): void;
  /** Every n-th request is throttled with 429 and this Retry-After (0: never). */
  throttleEvery(n: number, retryAfter?: string): void;
  /** The Authorization header every request must carry (undefined: none needed). */
  expectAuthorization(value: string | undefined): void;
  close(): Promise<void>;
}

export async function startStandIn(route: (url: URL, origin: string) => Answer | undefined, unauthorized: () => unknown): Promise<StandIn> {
  const faults: Fault[] = [];
  const requests: string[] = [];
  const hung = new Set<http.ServerResponse>();
  let throttle = { every: 0, retryAfter: '1' };
  let authorization: string | undefined;
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    requests.push(`${url.pathname}${url.search}`);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const fault = faults.shift();
    if (fault === 'hang') {
      hung.add(response);
      return;
    }
    if (fault === 'drop') {
      request.socket.destroy();
      return;
    }
    if (fault && fault !== 'truncate' && fault !== 'pass') {
      json(fault.status, fault.body ?? { error: `stand-in fault ${fault.status}` }, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
      return;
    }
    if (throttle.every > 0 && requests.length % throttle.every === 0) {
      json(429, { error: 'TooManyRequests', description: 'You have been rate limited' }, { 'retry-after': throttle.retryAfter });
      return;
    }
    if (authorization !== undefined && request.headers.authorization !== authorization) {
      json(401, unauthorized());
      return;
    }
    const answer = route(url, origin);
    if (!answer) {
      json(404, { error: 'RecordNotFound', description: 'Not found' });
      return;
    }
    if (fault === 'truncate') {
      const text = JSON.stringify(answer.body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    json(answer.status ?? 200, answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    fail: (...more) => faults.push(...more),
    throttleEvery: (every, retryAfter = '1') => {
      throttle = { every, retryAfter };
    },
    expectAuthorization: (value) => {
      authorization = value;
    },
    close: async () => {
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A sleep that returns at once and remembers what it was asked to wait: retries without waiting. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
