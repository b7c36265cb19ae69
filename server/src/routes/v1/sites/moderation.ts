// GET /v1/sites/:site/moderation/guest-votes and POST …/guest-votes/purge (API key): the guest votes of one
// network or one visitor, listed, or retracted with the aggregates in the same transaction.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../../../errors.ts';
import { requireApiKey } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { listGuestVotes, purgeGuestVotes, type GuestVoteFilter } from '../../../services/moderation.ts';
import { networkHashOf } from '../../../services/networks.ts';
import { bearerSecurity, errorResponses, SiteParams, WriteHeaders } from './common.schemas.ts';
import { GuestVoteList, GuestVotesFilterBody, GuestVotesQuery, PurgeResult } from './moderation.schemas.ts';

export default async function moderationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** One of network, visitor or ip, as a filter (an ip becomes its network's hash). */
  const filterOf = async (where: 'querystring' | 'body', input: { network?: string; visitor?: string; ip?: string }): Promise<GuestVoteFilter> => {
    const given = (['network', 'visitor', 'ip'] as const).filter((name) => input[name] !== undefined);
    if (given.length !== 1) {
      const message = 'give exactly one of network, visitor or ip';
      throw errors.validation(`${where} ${message}`, [{ path: where, message }]);
    }
    if (input.visitor !== undefined) return { visitor: input.visitor };
    if (input.network !== undefined) return { network: input.network };
    const network = await networkHashOf(app.store.db, input.ip!);
    if (network === null) throw errors.validation(`${where}/ip is not an IPv4 or IPv6 address`, [{ path: `${where}/ip`, message: 'is not an IPv4 or IPv6 address' }]);
    return { network };
  };

  app.get(
    '/v1/sites/:site/moderation/guest-votes',
    {
      schema: {
        tags: ['moderation'],
        summary: 'The guest votes of one network or one visitor, newest first (API key)',
        security: bearerSecurity,
        params: SiteParams,
        querystring: GuestVotesQuery,
        response: { 200: GuestVoteList, ...errorResponses(400, 401, 403, 404) },
      },
      preHandler: [requireApiKey],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const filter = await filterOf('querystring', request.query);
      const list = await listGuestVotes(app.store.db, siteOf(request).id, filter, Number(request.query.limit ?? 100));
      return 'network' in filter ? { network: filter.network, ...list } : list;
    },
  );

  app.post(
    '/v1/sites/:site/moderation/guest-votes/purge',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Retracts every guest vote of one network or one visitor; the aggregates change in the same transaction (API key)',
        security: bearerSecurity,
        params: SiteParams,
        headers: WriteHeaders,
        body: GuestVotesFilterBody,
        response: { 200: PurgeResult, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      preHandler: [app.limitWritesPerIp, requireApiKey, app.limitWritesPerPrincipal],
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const filter = await filterOf('body', request.body);
      const site = siteOf(request);
      return app.idempotentWrite(request, reply, async (trx) => ({ status: 200, body: await purgeGuestVotes(trx, app.store.dialect, site.id, filter) }));
    },
  );
}
