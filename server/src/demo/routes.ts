// Demo-only routes (node server/src/server.ts --demo): the static demo pages, and a token
// endpoint that plays the host CRM's server by signing short-lived user tokens for the demo site.
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../errors.ts';
import { signUserToken } from '../services/identity.ts';
import { REPO_ROOT } from '../routes/sdk.ts';
import { getSite } from '../services/sites.ts';
import { DEMO_SITE_ID } from './seed.ts';

export const DEMO_TOKEN_TTL_SECONDS = 600;

/** The demo pages server.ts prints at start (demo/ holds them). */
export const DEMO_PAGES = [
  { path: '/demo/', title: 'product page' },
  { path: '/demo/crm.html', title: 'CRM account list (account/1001 … account/1050)' },
  { path: '/demo/category.html', title: 'category page (product/101 … product/124)' },
  { path: '/demo/mashup.html', title: 'mashup: news feeds, the tag cloud and live activity' },
] as const;

const TokenQuery = Type.Object(
  {
    user: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export async function demoRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const root = `${REPO_ROOT}demo`;
  if (existsSync(root)) await fastify.register(fastifyStatic, { root, prefix: '/demo/', decorateReply: false, index: ['index.html'], redirect: true });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/demo/'));
  app.get(
    '/demo/token',
    { schema: { hide: true, querystring: TokenQuery } },
    async (request, reply) => {
      const site = await getSite(app.store.db, DEMO_SITE_ID);
      if (!site) throw errors.siteNotFound(DEMO_SITE_ID);
      const { user } = request.query;
      const name = request.query.name ?? user.charAt(0).toUpperCase() + user.slice(1);
      reply.header('cache-control', 'no-store');
      return { token: await signUserToken(site.secret, { sub: user, name, aud: site.id }, DEMO_TOKEN_TTL_SECONDS) };
    },
  );
}
