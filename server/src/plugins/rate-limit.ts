// Write limits: one counter per principal, one per client IP (in memory, so per server instance).
// Built on @fastify/rate-limit's createRateLimit so both counters are checked on the same request.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: counts the write against the client IP. */
    limitWritesPerIp: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler (after auth): counts the write against the principal. */
    limitWritesPerPrincipal: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const MINUTE = 60_000;

export default fp(
  async function rateLimitPlugin(app: FastifyInstance) {
    await app.register(rateLimit, { global: false, cache: 10_000 });
    const perIp = app.createRateLimit({
      max: app.config.rateLimitWritesPerIp,
      timeWindow: MINUTE,
      keyGenerator: (request) => `ip:${request.ip}`,
    });
    const perPrincipal = app.createRateLimit({
      max: app.config.rateLimitWritesPerUser,
      timeWindow: MINUTE,
      keyGenerator: (request) => `p:${request.site?.id ?? ''}:${request.principal?.id ?? `anon:${request.ip}`}`,
    });

    const check = async (limit: typeof perIp, request: FastifyRequest, reply: FastifyReply) => {
      const result = await limit(request);
      if (result.isAllowed) return;
      if (result.isExceeded) throw errors.rateLimited(Math.max(1, result.ttlInSeconds));
      reply.header('x-ratelimit-limit', String(result.max)).header('x-ratelimit-remaining', String(result.remaining));
    };
    app.decorate('limitWritesPerIp', (request: FastifyRequest, reply: FastifyReply) => check(perIp, request, reply));
    app.decorate('limitWritesPerPrincipal', (request: FastifyRequest, reply: FastifyReply) => check(perPrincipal, request, reply));
  },
  { name: 'kith-rate-limit', dependencies: ['kith-store'] },
);
