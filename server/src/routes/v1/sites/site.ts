// GET and PATCH /v1/sites/:site: the site's settings, for API keys of that site.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../../../errors.ts';
import { requireApiKey } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { normalizeOrigin, toPublic, updateSite } from '../../../services/sites.ts';
import { bearerSecurity, errorResponses, SiteParams, WriteHeaders } from './common.schemas.ts';
import { PublicSite, SitePatch } from './site.schemas.ts';

export default async function siteRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/v1/sites/:site',
    {
      schema: {
        tags: ['sites'],
        summary: "The site's settings (API key)",
        security: bearerSecurity,
        params: SiteParams,
        response: { 200: PublicSite, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requireApiKey],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return toPublic(siteOf(request));
    },
  );

  app.patch(
    '/v1/sites/:site',
    {
      schema: {
        tags: ['sites'],
        summary: "Changes the site's name, origins or policy (API key; policy objects are merged)",
        security: bearerSecurity,
        params: SiteParams,
        headers: WriteHeaders,
        body: SitePatch,
        response: { 200: PublicSite, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      preHandler: [app.limitWritesPerIp, requireApiKey, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      const { origins } = request.body;
      const bad = (origins ?? []).map((o, i) => [o, i] as const).filter(([o]) => normalizeOrigin(o) === null);
      if (bad.length > 0) {
        const details = bad.map(([o, i]) => ({ path: `body/origins/${i}`, message: `${JSON.stringify(o)} is not an origin (e.g. https://crm.example.com, or *)` }));
        throw errors.validation(details.map((d) => `${d.path} ${d.message}`).join('; '), details);
      }
      reply.header('cache-control', 'private, no-store');
      const site = siteOf(request);
      try {
        return await app.idempotentWrite(request, reply, async (trx) => {
          const updated = await updateSite(trx, site.id, request.body);
          if (!updated) throw errors.siteNotFound(site.id);
          return { status: 200, body: toPublic(updated) };
        });
      } finally {
        app.forgetSite(site.id);
      }
    },
  );
}
