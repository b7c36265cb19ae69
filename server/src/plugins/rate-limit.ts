// Write limits: one per principal, one per client IP, each N writes a minute as a token bucket (GCRA): a
// client may spend the whole minute's allowance at once, then earns one write back every 60/N s. The state
// is one timestamp per key, kept in this process's memory or in Redis or PostgreSQL (RATE_LIMIT_STORE), so
// instances that share a store share the limits. A fixed window let a client spend the limit at the end of
// one window and again at the start of the next (119 writes in 3.5 s against 60 a minute); here that edge
// is worth the limit plus what the elapsed seconds earn back (63 in 3.5 s at 60 a minute).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from '../config.ts';
import { errors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: counts the write against the client IP. */
    limitWritesPerIp: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler (after auth): counts the write against the principal. */
    limitWritesPerPrincipal: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** The configured bucket store (RATE_LIMIT_STORE), for other limits that several instances must share
     * (comment flood limits). */
    bucketStore: BucketStore;
  }
}

const MINUTE = 60_000;

/**
 * One step of GCRA for `key`: with `tat` the key's theoretical arrival time (when its bucket is full again),
 * a hit at `now` is allowed if max(tat, now) + intervalMs lies at most `periodMs` ahead, and then becomes the
 * new tat. Answers whether it was allowed and the tat after it. Each store does this atomically.
 */
export interface BucketStore {
  take(key: string, now: number, intervalMs: number, periodMs: number): Promise<{ allowed: boolean; tat: number }>;
  close(): Promise<void>;
}

export type Verdict = { allowed: true; limit: number; remaining: number } | { allowed: false; limit: number; retryAfterSeconds: number };

/** `limit` hits per `periodMs` for each key, in `store`. */
export class TokenBucketLimit {
  readonly limit: number;
  readonly periodMs: number;
  private readonly store: BucketStore;
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(store: BucketStore, prefix: string, limit: number, periodMs = MINUTE, now: () => number = Date.now) {
    this.store = store;
    this.prefix = prefix;
    this.limit = limit;
    this.periodMs = periodMs;
    this.now = now;
  }

  async hit(key: string): Promise<Verdict> {
    const now = this.now();
    const interval = this.periodMs / this.limit;
    const { allowed, tat } = await this.store.take(`${this.prefix}:${key}`, now, interval, this.periodMs);
    if (allowed) return { allowed, limit: this.limit, remaining: Math.max(0, Math.floor((this.periodMs - (tat - now)) / interval + 1e-9)) };
    // The next hit fits once max(tat, now) + interval − now ≤ period.
    const waitMs = Math.max(tat, now) + interval - this.periodMs - now;
    return { allowed, limit: this.limit, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000 - 1e-9)) };
  }
}

/** This process only. Single-threaded, so a read and a write in one call are atomic. */
export function memoryBuckets(): BucketStore {
  const tats = new Map<string, number>();
  // Full buckets need no entry: drop them once a minute so the map holds only recent writers.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, tat] of tats) if (tat <= now) tats.delete(key);
  }, MINUTE);
  sweep.unref();
  return {
    async take(key, now, interval, period) {
      const next = Math.max(tats.get(key) ?? now, now) + interval;
      if (next - now > period) return { allowed: false, tat: tats.get(key)! };
      tats.set(key, next);
      return { allowed: true, tat: next };
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

// One round trip; the key expires when its bucket is full again. Times travel as strings (Lua would cut
// numbers in replies to integers).
const GCRA_LUA = `
local now, interval, period = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if tat < now then tat = now end
local nxt = tat + interval
if nxt - now > period then return {0, tostring(tat)} end
redis.call('SET', KEYS[1], tostring(nxt), 'PX', math.ceil(nxt - now))
return {1, tostring(nxt)}`;

async function redisBuckets(url: string, warn: (message: string) => void): Promise<BucketStore> {
  const where = new URL(url).host;
  // No offline queue: while Redis is away a call fails at once (and the fallback counts) instead of waiting.
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5000 });
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) warn(`rate limits: Redis at ${where}: ${error.message}`);
    down = true;
  });
  client.on('ready', () => (down = false));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`RATE_LIMIT_STORE: cannot connect to Redis at ${where}: ${(error as Error).message}`);
  }
  client.defineCommand('kithGcra', { numberOfKeys: 1, lua: GCRA_LUA });
  const gcra = (client as unknown as { kithGcra(...args: (string | number)[]): Promise<[number, string]> }).kithGcra.bind(client);
  return {
    async take(key, now, interval, period) {
      const [allowed, tat] = await gcra(`kith:rl:${key}`, now, interval, period);
      return { allowed: allowed === 1, tat: Number(tat) };
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

async function postgresBuckets(url: string, warn: (message: string) => void): Promise<BucketStore> {
  const where = new URL(url).host;
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
  pool.on('error', (error) => warn(`rate limits: PostgreSQL at ${where}: ${error.message}`));
  try {
    await pool.query('create table if not exists kith_rate_limits (key text primary key, tat double precision not null)');
  } catch (error) {
    // Two instances starting at once may race to create it; the loser finds it there.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') {
      await pool.end();
      throw new Error(`RATE_LIMIT_STORE: cannot use PostgreSQL at ${where}: ${(error as Error).message}`);
    }
  }
  // Rows of full buckets carry nothing; delete them now and then (any instance may).
  const sweep = setInterval(() => {
    pool.query('delete from kith_rate_limits where tat < $1', [Date.now()]).catch(() => {});
  }, 5 * MINUTE);
  sweep.unref();
  return {
    async take(key, now, interval, period) {
      // The row lock of the upsert makes read, check and write one step; no row back means refused.
      const taken = await pool.query<{ tat: number }>(
        `insert into kith_rate_limits as r (key, tat) values ($1, $2::float8 + $3::float8)
         on conflict (key) do update set tat = greatest(r.tat, $2::float8) + $3::float8
           where greatest(r.tat, $2::float8) + $3::float8 - $2::float8 <= $4::float8
         returning tat`,
        [key, now, interval, period],
      );
      if (taken.rows.length === 1) return { allowed: true, tat: Number(taken.rows[0]!.tat) };
      const current = await pool.query<{ tat: number }>('select tat from kith_rate_limits where key = $1', [key]);
      return { allowed: false, tat: Number(current.rows[0]?.tat ?? now) };
    },
    async close() {
      clearInterval(sweep);
      await pool.end();
    },
  };
}

/** The store RATE_LIMIT_STORE names. If a shared store fails mid-run, each instance counts in its own
 * memory until it answers again (the limits then hold per instance) rather than refusing every write or
 * letting all of them through. */
export async function openBuckets(config: Config['rateLimitStore'], warn: (message: string) => void): Promise<BucketStore> {
  if (config.kind === 'memory') return memoryBuckets();
  const shared = config.kind === 'redis' ? await redisBuckets(config.url, warn) : await postgresBuckets(config.url, warn);
  const fallback = memoryBuckets();
  let failing = false;
  return {
    async take(key, now, interval, period) {
      try {
        const result = await shared.take(key, now, interval, period);
        failing = false;
        return result;
      } catch (error) {
        if (!failing) warn(`rate limits: ${config.kind} store failed, counting per instance until it answers (${(error as Error).message})`);
        failing = true;
        return fallback.take(key, now, interval, period);
      }
    },
    async close() {
      await Promise.all([shared.close(), fallback.close()]);
    },
  };
}

export default fp(
  async function rateLimitPlugin(app: FastifyInstance) {
    const store = await openBuckets(app.config.rateLimitStore, (message) => app.log.warn(message));
    app.addHook('onClose', () => store.close());
    app.decorate('bucketStore', store);
    const perIp = new TokenBucketLimit(store, 'ip', app.config.rateLimitWritesPerIp);
    const perPrincipal = new TokenBucketLimit(store, 'p', app.config.rateLimitWritesPerUser);

    const check = async (verdict: Promise<Verdict>, reply: FastifyReply) => {
      const result = await verdict;
      if (!result.allowed) throw errors.rateLimited(result.retryAfterSeconds);
      reply.header('x-ratelimit-limit', String(result.limit)).header('x-ratelimit-remaining', String(result.remaining));
    };
    app.decorate('limitWritesPerIp', (request: FastifyRequest, reply: FastifyReply) => check(perIp.hit(request.ip), reply));
    app.decorate('limitWritesPerPrincipal', (request: FastifyRequest, reply: FastifyReply) =>
      check(perPrincipal.hit(`${request.site?.id ?? ''}:${request.principal?.id ?? `anon:${request.ip}`}`), reply),
    );
  },
  { name: 'kith-rate-limit', dependencies: ['kith-store'] },
);
