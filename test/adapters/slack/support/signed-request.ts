import { createHmac } from 'node:crypto';
import http from 'node:http';

/** Slack's v0 signature: `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
export function signature(secret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface HttpResult {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface SendOptions {
  secret: string;
  /** Seconds since the epoch (default: now). */
  timestamp?: number;
  contentType?: string;
  /** Replaces the signature header (forgeries). */
  signatureHeader?: string;
  headers?: Record<string, string>;
}

/** POSTs a body signed like Slack signs it. */
export function sendSigned(url: string, body: string, options: SendOptions): Promise<HttpResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return request(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signatureHeader ?? signature(options.secret, timestamp, body),
      ...options.headers,
    },
  });
}

/** A plain HTTP request to the app under test. */
export function request(url: string, options: { method: string; body?: string | Buffer; headers?: Record<string, string> }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method, headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
      response.on('error', reject);
    });
    // Each request on its own connection, as Slack sends them; a server that refuses a huge body may close before reading it all.
    req.on('error', reject);
    req.end(options.body);
  });
}
