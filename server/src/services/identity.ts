// Who is calling: host-signed user JWTs, Kith-signed visitor (guest) tokens, and API keys.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Database } from '../db/schema.ts';
import { errors } from '../errors.ts';
import { findKey, KEY_PREFIX } from './keys.ts';
import type { Site } from './sites.ts';

export const CLOCK_TOLERANCE_SECONDS = 30;
export const GUEST_ISSUER = 'kith';

export type Principal =
  | { kind: 'user'; id: string; siteId: string; name?: string; avatar?: string; email?: string }
  | { kind: 'guest'; id: string; siteId: string }
  | { kind: 'key'; id: string; siteId: string };

const encoder = new TextEncoder();

function secretKey(secret: string): Uint8Array {
  return encoder.encode(secret);
}

function mapJoseError(error: unknown): never {
  if (error instanceof joseErrors.JWTExpired) throw errors.tokenExpired();
  throw errors.unauthorized('the token does not verify');
}

function optionalString(payload: JWTPayload, claim: string, max: number): string | undefined {
  const value = payload[claim];
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** C0 and C1 control characters, DEL and lone surrogates (with `u`, a surrogate range matches only an
 * unpaired one). A lone surrogate cannot be stored as UTF-8: `victim\ud800` and `victim\udfff` would both
 * be written as `victim\ufffd`, one voter. */
const NOT_PLAIN_TEXT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;

/** Verifies a user token signed by the host with HS256 and the site's secret. */
export async function verifyUserToken(site: Site, token: string): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, secretKey(site.secret), {
      algorithms: ['HS256'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    mapJoseError(error);
  }
  if (payload.aud !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(site.id)) throw errors.unauthorized(`the token's aud is not ${site.id}`);
  }
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || [...sub].length > 200 || NOT_PLAIN_TEXT.test(sub)) {
    throw errors.unauthorized('the token sub must be 1–200 characters without control characters or lone surrogates');
  }
  if (typeof payload.name === 'string' && NOT_PLAIN_TEXT.test(payload.name)) {
    throw errors.unauthorized('the token name must not contain control characters or lone surrogates');
  }
  return {
    kind: 'user',
    id: `user:${sub}`,
    siteId: site.id,
    name: optionalString(payload, 'name', 200),
    avatar: optionalString(payload, 'avatar', 2000),
    email: optionalString(payload, 'email', 320),
  };
}

export interface GuestToken {
  token: string;
  sub: string;
  expiresAt: string;
}

export async function issueGuestToken(site: Site, ttlDays: number, now = Date.now()): Promise<GuestToken> {
  const sub = `guest:${randomUUID()}`;
  const exp = Math.floor(now / 1000) + ttlDays * 86_400;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(GUEST_ISSUER)
    .setAudience(site.id)
    .setSubject(sub)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(exp)
    .sign(secretKey(site.guestSecret));
  return { token, sub, expiresAt: new Date(exp * 1000).toISOString() };
}

export async function verifyGuestToken(site: Site, token: string): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, secretKey(site.guestSecret), {
      algorithms: ['HS256'],
      issuer: GUEST_ISSUER,
      audience: site.id,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    mapJoseError(error);
  }
  if (typeof payload.sub !== 'string' || !/^guest:[0-9a-f-]{36}$/.test(payload.sub)) throw errors.unauthorized('not a visitor token');
  return { kind: 'guest', id: payload.sub, siteId: site.id };
}

/** Reads `Authorization: Bearer …` (or returns null when absent). */
export function bearer(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match) throw errors.unauthorized('Authorization must be "Bearer <credential>"');
  return match[1]!;
}

/**
 * Resolves a credential for a request on `site`. API keys of another site are a 403; tokens signed for
 * another site simply do not verify (401).
 */
export async function authenticate(db: Kysely<Database>, site: Site, credential: string): Promise<Principal> {
  if (credential.startsWith(KEY_PREFIX)) {
    const key = await findKey(db, credential);
    if (!key) throw errors.unauthorized('unknown or revoked API key');
    if (key.siteId !== site.id) throw errors.forbidden('this API key belongs to another site');
    return { kind: 'key', id: `key:${key.id}`, siteId: key.siteId };
  }
  let claims: JWTPayload;
  try {
    claims = decodeJwt(credential);
  } catch {
    throw errors.unauthorized('the credential is neither a token nor an API key');
  }
  return claims.iss === GUEST_ISSUER ? verifyGuestToken(site, credential) : verifyUserToken(site, credential);
}

/** Signs a user token the way a host's server would (used by the demo and by tests). */
export async function signUserToken(
  secret: string,
  claims: { sub: string; name?: string; aud?: string },
  expiresInSeconds = 600,
): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(secretKey(secret));
}
