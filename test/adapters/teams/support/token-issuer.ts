import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer Bot Framework channel tokens carry. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/**
 * A local stand-in for the Bot Framework's OpenID metadata: botbuilder fetches the signing
 * keys from here (ToBotFromChannelOpenIdMetadataUrl), and the test signs channel tokens
 * with the matching private key, or with another key to forge one.
 */
export interface TokenIssuer {
  readonly metadataUrl: string;
  /** A channel token as Teams would send it, with claims overridable. */
  sign(claims: Record<string, unknown>, options?: { key?: 'trusted' | 'forged'; kid?: string }): string;
  /** How many times botbuilder asked for the metadata or the keys. */
  readonly lookups: number;
  /** While true, the metadata endpoint answers 500, as when the keys cannot be fetched. */
  failing: boolean;
  close(): Promise<void>;
}

export async function startTokenIssuer(options: { failing?: boolean } = {}): Promise<TokenIssuer> {
  let lookups = 0;
  const state = { failing: options.failing ?? false };
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forged = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'lore-test-key';
  const jwk = trusted.publicKey.export({ format: 'jwk' });
  let base = '';
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    lookups += 1;
    if (state.failing) {
      response.statusCode = 500;
      return response.end('{}');
    }
    if (request.url === '/v1/.well-known/openidconfiguration') return response.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/keys` }));
    if (request.url === '/v1/keys') return response.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    response.statusCode = 404;
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: CHANNEL_ISSUER, nbf: now - 60, exp: now + 3600, ...claims };
      return signJwt(payload, options.key === 'forged' ? forged.privateKey : trusted.privateKey, options.kid ?? kid);
    },
    get lookups() {
      return lookups;
    },
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
  return `${unsigned}.${signature}`;
}
