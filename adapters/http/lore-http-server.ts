import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/index';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A path the server answers itself, before the fallback sees the request. */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle: RequestHandler;
}

export interface LoreHttpServerOptions {
  routes: readonly Route[];
  /** Everything the routes do not claim (Slack's Bolt receiver); 404 when unset. */
  fallback?: RequestHandler;
  /** What GET /healthz reports besides `ok`. */
  health: () => Record<string, unknown>;
  logger: Logger;
}

/** One HTTP server for every adapter: Slack and Teams share PORT, as their app settings expect. */
export interface LoreHttpServer {
  listen(listen: { port: number; host?: string }): Promise<AddressInfo>;
  /** Stops taking connections, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

export const HEALTH_PATH = '/healthz';

/**
 * Serves GET /healthz, the adapters' own routes (Teams' /api/messages), and hands the
 * rest to the fallback (Slack's receiver, which answers its own paths and 404s the
 * others). A handler that throws gets a 500, never a crashed process.
 */
export function createLoreHttpServer(options: LoreHttpServerOptions): LoreHttpServer {
  const { logger } = options;
  const routes: Route[] = [{ method: 'GET', path: HEALTH_PATH, handle: (_request, response) => json(response, 200, { ok: true, ...options.health() }) }, ...options.routes];
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const route = routes.find((candidate) => candidate.path === path);
    let handled: void | Promise<void>;
    try {
      if (route && request.method !== route.method) handled = json(response, 405, { ok: false, error: `use ${route.method} ${route.path}` });
      else if (route) handled = route.handle(request, response);
      else if (options.fallback) handled = options.fallback(request, response);
      else handled = json(response, 404, { ok: false, error: 'not found' });
    } catch (error) {
      handled = Promise.reject(error);
    }
    Promise.resolve(handled).catch((error: unknown) => {
      logger.error({ err: error, path }, 'an HTTP request failed');
      if (!response.headersSent) json(response, 500, { ok: false, error: 'Lore could not handle this request; see its log' });
      else response.end();
    });
  });
  // Slow clients must not hold a socket open forever; Teams and Slack send whole requests at once.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    listen: (listen) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(listen.port, listen.host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets with no request in flight would hold close() open; busy ones finish first.
        server.closeIdleConnections();
      }),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
