// Who is calling: host-signed user JWTs, Kith-signed visitor (guest) tokens, and API keys.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { TtlCache } from '../lib/ttl-cache.ts';
import { decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Database } from '../db/schema.ts';
import { errors, HttpError } from '../errors.ts';
import { findKey, KEY_PREFIX } from './keys.ts';
import type { Site } from './sites.ts';

export const CLOCK_TOLERANCE_SECONDS = 30;
export const GUEST_ISSUER = 'kith';

export type Principal =
  | {
      kind: 'user';
      id: string;
      siteId: string;
      name?: string;
      avatar?: string;
      email?: string;
      /** The `verified` claim: true, or the site's own 1–40 character wording ("Customer since 2019"). */
      verified?: true | string;
      /** The `role` claim is "moderator" or an array containing it: may moderate this site's comments. */
      moderator?: true;
    }
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

/** Only an http(s) URL is shown as an avatar: anything else (javascript:, data:, a relative path) is ignored,
 * not refused, so a host that sends an odd value still signs its users in. */
function avatarOf(payload: JWTPayload): string | undefined {
  const value = optionalString(payload, 'avatar', 2000);
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `verified: true`, or a wording of 1–40 plain characters shown as is; any other value is ignored. */
function verifiedOf(payload: JWTPayload): true | string | undefined {
  const value = payload.verified;
  if (value === true) return true;
  if (typeof value !== 'string' || NOT_PLAIN_TEXT.test(value) || value.trim() === '') return undefined;
  const length = [...value].length;
  return length <= 40 ? value : undefined;
}

/** `role: "moderator"` or `role: [..., "moderator", ...]`. */
function isModerator(payload: JWTPayload): boolean {
  const role = payload.role;
  return role === 'moderator' || (Array.isArray(role) && role.includes('moderator'));
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
  const verified = verifiedOf(payload);
  return {
    kind: 'user',
    id: `user:${sub}`,
    siteId: site.id,
    name: optionalString(payload, 'name', 200),
    avatar: avatarOf(payload),
    email: optionalString(payload, 'email', 320),
    ...(verified !== undefined ? { verified } : {}),
    ...(isModerator(payload) ? { moderator: true as const } : {}),
  };
}

export interface GuestToken {
  token: string;
  sub: string;
  expiresAt: string;
}

/** A new visitor identity, or with `sub` a renewed token for an existing one. */
export async function issueGuestToken(site: Site, ttlDays: number, now = Date.now(), sub = `guest:${randomUUID()}`): Promise<GuestToken> {
  const exp = Math.floor(now / 1000) + ttlDays * 86_400;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(GUEST_ISSUER)
    .setAudience(site.id)
    .setSubject(sub)
    // In ms precision (a NumericDate may have a fraction), so a token minted right after "revoke all" in the
    // same second is not taken for one minted before it.
    .setIssuedAt(now / 1000)
    .setExpirationTime(exp)
    .sign(secretKey(site.guestSecret));
  return { token, sub, expiresAt: new Date(exp * 1000).toISOString() };
}

export const tokenRevoked = () =>
  new HttpError(401, 'token_revoked', 'this visitor token was revoked; get a new one with POST /v1/sites/:site/visitors');

/** How long an instance trusts its copy of a site's revoked visitors (like a cached site row). */
export const REVOCATION_CACHE_MS = 5_000;
const revokedCaches = new WeakMap<Kysely<Database>, TtlCache<Promise<ReadonlySet<string>>>>();

function revokedCache(db: Kysely<Database>) {
  let cache = revokedCaches.get(db);
  if (!cache) revokedCaches.set(db, (cache = new TtlCache(REVOCATION_CACHE_MS, 1_000)));
  return cache;
}

/** The site's revoked visitor subs, read at most once per REVOCATION_CACHE_MS per instance: checking a
 * token costs no database read. Small: rows go once every token of the sub would have expired anyway. */
function revokedSubs(db: Kysely<Database>, siteId: string): Promise<ReadonlySet<string>> {
  const cache = revokedCache(db);
  const hit = cache.get(siteId);
  if (hit) return hit;
  const read = db
    .selectFrom('revoked_visitors')
    .select('sub')
    .where('site_id', '=', siteId)
    .execute()
    .then((rows) => new Set(rows.map((row) => row.sub)));
  read.catch(() => cache.delete(siteId));
  return cache.set(siteId, read);
}

/** Makes this instance see a revocation at once (other instances within REVOCATION_CACHE_MS). */
export function forgetRevocations(db: Kysely<Database>, siteId: string): void {
  revokedCache(db).delete(siteId);
}

async function checkNotRevoked(db: Kysely<Database>, site: Site, payload: JWTPayload): Promise<void> {
  if (site.guestTokensValidAfter !== null && (payload.iat ?? 0) * 1000 < site.guestTokensValidAfter) throw tokenRevoked();
  if ((await revokedSubs(db, site.id)).has(payload.sub!)) throw tokenRevoked();
}

const GUEST_SUB = /^guest:[0-9a-f-]{36}$/;

/** Verifies a visitor token; `graceSeconds` also accepts one that expired at most that long ago (renewal). */
async function verifyGuestClaims(site: Site, token: string, graceSeconds = 0): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, secretKey(site.guestSecret), {
      algorithms: ['HS256'],
      issuer: GUEST_ISSUER,
      audience: site.id,
      clockTolerance: CLOCK_TOLERANCE_SECONDS + graceSeconds,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    mapJoseError(error);
  }
  if (typeof payload.sub !== 'string' || !GUEST_SUB.test(payload.sub)) throw errors.unauthorized('not a visitor token');
  return payload;
}

/** Verifies a visitor token, without a revocation check when no store is given (tests of the signature). */
export async function verifyGuestToken(site: Site, token: string, db?: Kysely<Database>): Promise<Principal> {
  const payload = await verifyGuestClaims(site, token);
  if (db) await checkNotRevoked(db, site, payload);
  return { kind: 'guest', id: payload.sub!, siteId: site.id };
}

/** A new token for the same visitor `sub`, from a current token or one expired at most `graceDays` ago, unless
 * it was revoked: the visitor's votes stay theirs although each token lives only days. */
export async function renewGuestToken(db: Kysely<Database>, site: Site, token: string, ttlDays: number, graceDays: number): Promise<GuestToken> {
  if (token.startsWith(KEY_PREFIX)) throw errors.unauthorized('renew takes a visitor token, not an API key');
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw errors.unauthorized('the credential is not a visitor token');
  }
  if (claims.iss !== GUEST_ISSUER) throw errors.unauthorized('renew takes a visitor token (iss "kith")');
  let payload: JWTPayload;
  try {
    payload = await verifyGuestClaims(site, token, graceDays * 86_400);
  } catch (error) {
    // Past the grace period the identity is gone: the client mints a new one.
    if (error instanceof HttpError && error.code === 'token_expired') {
      throw new HttpError(401, 'token_expired', `the token expired more than ${graceDays} days ago and cannot be renewed; get a new one with POST …/visitors`);
    }
    throw error;
  }
  await checkNotRevoked(db, site, payload);
  return issueGuestToken(site, ttlDays, Date.now(), payload.sub!);
}

/** Revokes one visitor: every token of `sub`, now and renewed. Returns false when it was already revoked. */
export async function revokeVisitor(db: Kysely<Database>, siteId: string, sub: string, keepDays: number, now = Date.now()): Promise<boolean> {
  // Rows older than any token they could still refuse are dropped on the way.
  await db.deleteFrom('revoked_visitors').where('revoked_at', '<', new Date(now - keepDays * 86_400_000).toISOString()).execute();
  const result = await db
    .insertInto('revoked_visitors')
    .values({ site_id: siteId, sub, revoked_at: new Date(now).toISOString() })
    .onConflict((oc) => oc.columns(['site_id', 'sub']).doNothing())
    .executeTakeFirst();
  forgetRevocations(db, siteId);
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export const isGuestSub = (sub: string) => GUEST_SUB.test(sub);

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
  return claims.iss === GUEST_ISSUER ? verifyGuestToken(site, credential, db) : verifyUserToken(site, credential);
}

/** Signs a user token the way a host's server would (used by the demo and by tests). */
export async function signUserToken(
  secret: string,
  claims: { sub: string; name?: string; aud?: string; avatar?: string; verified?: unknown; role?: unknown },
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
