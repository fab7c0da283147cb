import { AuthenticationConstants } from 'botframework-connector';
import { z } from 'zod';

/** botbuilder accepts a token this far past its expiry (and before its start), so this check does too. */
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

const jwtHeader = z.object({
  alg: z.string().refine((alg) => AuthenticationConstants.AllowedSigningAlgorithms.includes(alg), 'is not an RSA signature Bot Framework uses'),
  kid: z.string().min(1).max(256),
});

const jwtPayload = z.object({
  iss: z.url({ protocol: /^https$/ }),
  aud: z.string().min(1),
  exp: z.number().finite(),
  nbf: z.number().finite().optional(),
});

/**
 * Why a Bot Framework token can never pass botbuilder's validation, judged from its text
 * alone, or `undefined` when only its signature can tell. Checked first so that a forged
 * or stale token is refused without fetching signing keys: `alg: none`, HS256, no key id,
 * another app's audience, a non-URL issuer, or expired.
 */
export function whyNeverValid(authorization: string, appId: string, nowMs: number): string | undefined {
  const bearer = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!bearer) return authorization ? 'not a Bearer JWT' : 'no token';
  const header = jwtHeader.safeParse(decodeSegment(bearer[1]!));
  if (!header.success) return `token header: ${describe(header.error)}`;
  const payload = jwtPayload.safeParse(decodeSegment(bearer[2]!));
  if (!payload.success) return `token claims: ${describe(payload.error)}`;
  const { aud, exp, nbf } = payload.data;
  if (aud !== appId) return 'the token is for another app';
  const now = nowMs / 1000;
  if (exp + CLOCK_TOLERANCE_SECONDS < now) return 'the token has expired';
  if (nbf !== undefined && nbf - CLOCK_TOLERANCE_SECONDS > now) return 'the token is not valid yet';
  return undefined;
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'not JSON'}: ${issue?.message ?? 'invalid'}`;
}
