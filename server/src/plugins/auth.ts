// Route guards that resolve Authorization into request.principal.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors.ts';
import { authenticate, bearer, type Principal } from '../services/identity.ts';
import { siteOf } from './site.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

async function resolve(request: FastifyRequest): Promise<Principal> {
  const site = siteOf(request);
  const credential = bearer(request.headers.authorization);
  if (credential === null) throw errors.unauthorized('this route needs Authorization: Bearer <token>');
  const principal = await authenticate(request.server.store.db, site, credential);
  request.principal = principal;
  return principal;
}

/** A signed-in user or a visitor (guest) token. */
export async function requirePerson(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const principal = await resolve(request);
  if (principal.kind === 'key') throw errors.forbidden('this route needs a user or visitor token, not an API key');
}

/** An API key of this site. */
export async function requireApiKey(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const principal = await resolve(request);
  if (principal.kind !== 'key') throw errors.forbidden('this route needs an API key of this site');
}

/** An API key of this site, or a signed-in user whose token carries the moderator role (issue 8). */
export async function requireModerator(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const principal = await resolve(request);
  if (principal.kind === 'key' || (principal.kind === 'user' && principal.moderator)) return;
  throw errors.forbidden('this route needs an API key of this site or a user token with role "moderator"');
}

/** Guests may vote only where the site's policy says so. */
export async function guestsMayRate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (request.principal?.kind === 'guest' && !siteOf(request).policy.guestsMayRate) {
    throw errors.guestsNotAllowed('this site does not allow guests to rate');
  }
}
