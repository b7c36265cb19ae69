// Visitor (guest) tokens: POST /v1/sites/:site/visitors issues one where the site's policy allows guests
// (after a proof of work where the policy asks for one: GET …/visitors/challenge), POST …/visitors/renew
// gives a fresh token for the same visitor, and POST …/visitors/revoke (API key) revokes one visitor or all.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../../../errors.ts';
import { requireApiKey } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { bearer, issueGuestToken, renewGuestToken, revokeVisitor } from '../../../services/identity.ts';
import { newChallenge, proofOfWorkRequired, redeemSolution } from '../../../services/proof-of-work.ts';
import { revokeAllGuestTokens } from '../../../services/sites.ts';
import { bearerSecurity, errorResponses, SiteParams, WriteHeaders } from './common.schemas.ts';
import { NoQuery } from './policy.schemas.ts';
import { PowChallenge, RenewBody, RevokeBody, RevokeResult, VisitorBody, VisitorToken } from './visitors.schemas.ts';

/** "No body" is allowed: validate it as {}. */
async function emptyBodyAsObject(request: FastifyRequest) {
  if (request.body === undefined || request.body === null) request.body = {};
}

async function guestsAllowed(request: FastifyRequest) {
  const { policy } = siteOf(request);
  if (!policy.guestsMayRate && !policy.guestsMayComment) throw errors.guestsNotAllowed('this site does not allow guests');
}

export default async function visitorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/v1/sites/:site/visitors/challenge',
    {
      schema: {
        tags: ['identity'],
        summary: 'A proof-of-work challenge to solve before POST …/visitors (sites with guestProofOfWork)',
        params: SiteParams,
        querystring: NoQuery,
        response: { 200: PowChallenge, ...errorResponses(400, 403, 404) },
      },
      preHandler: [guestsAllowed],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return newChallenge(app.store.db, siteOf(request).id, app.config.guestPowMaxNumber);
    },
  );

  app.post(
    '/v1/sites/:site/visitors',
    {
      schema: {
        tags: ['identity'],
        summary: 'Issues a visitor (guest) token',
        description:
          'Where the policy has guestProofOfWork, the body must be { "altcha": <solved challenge> }: without it 403 proof_of_work_required, with a wrong, expired or reused one 400 proof_of_work_invalid.',
        params: SiteParams,
        headers: WriteHeaders,
        body: VisitorBody,
        response: { 201: VisitorToken, ...errorResponses(400, 403, 404, 413, 415, 422, 429) },
      },
      preValidation: emptyBodyAsObject,
      preHandler: [app.limitWritesPerIp, guestsAllowed, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const { altcha } = request.body;
      if (site.policy.guestProofOfWork && altcha === undefined) throw proofOfWorkRequired();
      return app.idempotentWrite(request, reply, async (trx) => {
        if (site.policy.guestProofOfWork) await redeemSolution(trx, app.store.db, site.id, altcha!);
        return { status: 201, body: await issueGuestToken(site, app.config.guestTokenTtlDays) };
      });
    },
  );

  app.post(
    '/v1/sites/:site/visitors/renew',
    {
      schema: {
        tags: ['identity'],
        summary: 'A fresh visitor token for the same visitor (sub), from a current one or one expired within the grace period',
        description:
          'Authorization: Bearer <visitor token>. 401 token_expired past GUEST_TOKEN_RENEW_GRACE_DAYS, 401 token_revoked when revoked: then mint a new identity with POST …/visitors.',
        security: bearerSecurity,
        params: SiteParams,
        headers: WriteHeaders,
        body: RenewBody,
        response: { 200: VisitorToken, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      preValidation: emptyBodyAsObject,
      preHandler: [app.limitWritesPerIp, guestsAllowed],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const credential = bearer(request.headers.authorization);
      if (credential === null) throw errors.unauthorized('renew needs Authorization: Bearer <visitor token>');
      reply.header('cache-control', 'private, no-store');
      const renewed = await renewGuestToken(app.store.db, site, credential, app.config.guestTokenTtlDays, app.config.guestTokenRenewGraceDays);
      request.principal = { kind: 'guest', id: renewed.sub, siteId: site.id };
      await app.limitWritesPerPrincipal(request, reply);
      return renewed;
    },
  );

  app.post(
    '/v1/sites/:site/visitors/revoke',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revokes one visitor ({ visitor }) or every visitor token issued so far ({ all: true }) (API key)',
        security: bearerSecurity,
        params: SiteParams,
        headers: WriteHeaders,
        body: RevokeBody,
        response: { 200: RevokeResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      preHandler: [app.limitWritesPerIp, requireApiKey, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const site = siteOf(request);
      reply.header('cache-control', 'private, no-store');
      const now = Date.now();
      if ('all' in request.body) {
        await revokeAllGuestTokens(app.store.db, site.id, now);
        app.forgetSite(site.id);
        return { revoked: 'all' as const, at: new Date(now).toISOString() };
      }
      const keepDays = app.config.guestTokenTtlDays + app.config.guestTokenRenewGraceDays + 1;
      await revokeVisitor(app.store.db, site.id, request.body.visitor, keepDays, now);
      return { revoked: request.body.visitor, at: new Date(now).toISOString() };
    },
  );
}
