// POST /v1/sites/:site/visitors: issues a guest (visitor) token where the site's policy allows guests.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../../../errors.ts';
import { siteOf } from '../../../plugins/site.ts';
import { issueGuestToken } from '../../../services/identity.ts';
import { errorResponses, SiteParams, WriteHeaders } from './common.schemas.ts';
import { VisitorBody, VisitorToken } from './visitors.schemas.ts';

export default async function visitorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/v1/sites/:site/visitors',
    {
      schema: {
        tags: ['identity'],
        summary: 'Issues a visitor (guest) token',
        params: SiteParams,
        headers: WriteHeaders,
        body: VisitorBody,
        response: { 201: VisitorToken, ...errorResponses(400, 403, 404, 413, 415, 422, 429) },
      },
      preValidation: async (request) => {
        // "No body" is allowed: validate it as {}.
        if (request.body === undefined || request.body === null) request.body = {};
      },
      preHandler: [
        app.limitWritesPerIp,
        async (request) => {
          const { policy } = siteOf(request);
          if (!policy.guestsMayRate && !policy.guestsMayComment) throw errors.guestsNotAllowed('this site does not allow guests');
        },
        app.limitWritesPerPrincipal,
      ],
    },
    async (request, reply) => {
      const site = siteOf(request);
      return app.idempotentWrite(request, reply, async () => ({
        status: 201,
        body: await issueGuestToken(site, app.config.guestTokenTtlDays),
      }));
    },
  );
}
