// Runs a route's write through services/idempotency.ts: Idempotency-Key scope, replay header, status.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from '../errors.ts';
import { fingerprint, IDEMPOTENCY_KEY_PATTERN, runIdempotent, type WriteResponse } from '../services/idempotency.ts';
import { siteOf } from './site.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs `work` in a transaction under the request's Idempotency-Key; returns the (possibly replayed) body. */
    idempotentWrite<T>(
      request: FastifyRequest,
      reply: FastifyReply,
      work: (trx: Transaction<Database>) => Promise<WriteResponse<T>>,
    ): Promise<T>;
  }
}

const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export default fp(
  async function idempotencyPlugin(app: FastifyInstance) {
    app.decorate('idempotentWrite', async function <T>(request: FastifyRequest, reply: FastifyReply, work: (trx: Transaction<Database>) => Promise<WriteResponse<T>>): Promise<T> {
      const header = request.headers['idempotency-key'];
      if (header !== undefined && (typeof header !== 'string' || !KEY.test(header))) {
        throw errors.validation('headers/idempotency-key must be 1–200 characters of A-Z a-z 0-9 _ . : -', [
          { path: 'headers/idempotency-key', message: 'must be 1–200 characters of A-Z a-z 0-9 _ . : -' },
        ]);
      }
      const site = siteOf(request);
      const result = await runIdempotent(
        app.store,
        {
          siteId: site.id,
          // Anonymous writes (visitor token requests) are scoped to the client IP.
          principal: request.principal?.id ?? `anon:${request.ip}`,
          key: header,
          fingerprint: fingerprint(request.method, request.url, request.body),
        },
        work,
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.code(result.status);
      return result.body as T;
    });
  },
  { name: 'kith-idempotency', dependencies: ['kith-store', 'kith-site'] },
);
