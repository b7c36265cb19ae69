// Idempotent writes: the key is claimed in the same transaction as the write, so a key is applied once
// even when two identical requests race (the loser hits the primary key and replays the winner's answer).
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { isUniqueViolation, type Store } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { errors } from '../errors.ts';

export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{1,200}$';
export const RETENTION_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 1000;

export interface WriteResponse<T = unknown> {
  status: number;
  body: T;
}

export interface IdempotentResponse extends WriteResponse {
  replayed: boolean;
}

export interface IdempotencyScope {
  siteId: string;
  principal: string;
  key: string | undefined;
  fingerprint: string;
}

export function fingerprint(method: string, url: string, body: unknown): string {
  const bodyHash = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
  return createHash('sha256').update(`${method} ${url} ${bodyHash}`).digest('hex');
}

const lastSweep = new WeakMap<Store, number>();

async function sweep(store: Store, now: number): Promise<void> {
  if (now - (lastSweep.get(store) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweep.set(store, now);
  await store.db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(now - RETENTION_MS).toISOString())
    .execute();
}

async function stored(store: Store, scope: IdempotencyScope, cutoff: string) {
  return store.db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'status', 'body'])
    .where('site_id', '=', scope.siteId)
    .where('principal', '=', scope.principal)
    .where('key', '=', scope.key!)
    .where('created_at', '>=', cutoff)
    .executeTakeFirst();
}

function replay(row: { fingerprint: string; status: number; body: string }, scope: IdempotencyScope): IdempotentResponse {
  if (row.fingerprint !== scope.fingerprint) throw errors.idempotencyKeyReused();
  return { status: Number(row.status), body: JSON.parse(row.body), replayed: true };
}

/**
 * Runs `work` in a transaction. With a key, the response is stored with it (same transaction) and a repeat
 * returns it again. A write that throws (4xx) stores nothing, so the client may retry with the same key.
 */
export async function runIdempotent(
  store: Store,
  scope: IdempotencyScope,
  work: (trx: Transaction<Database>) => Promise<WriteResponse<unknown>>,
): Promise<IdempotentResponse> {
  if (scope.key === undefined) {
    const result = await store.db.transaction().execute(work);
    return { ...result, replayed: false };
  }
  const now = Date.now();
  const cutoff = new Date(now - RETENTION_MS).toISOString();
  await sweep(store, now);
  const existing = await stored(store, scope, cutoff);
  if (existing) return replay(existing, scope);
  try {
    const result = await store.db.transaction().execute(async (trx) => {
      // An expired row with this key would block the insert.
      await trx
        .deleteFrom('idempotency_keys')
        .where('site_id', '=', scope.siteId)
        .where('principal', '=', scope.principal)
        .where('key', '=', scope.key!)
        .where('created_at', '<', cutoff)
        .execute();
      await trx
        .insertInto('idempotency_keys')
        .values({
          site_id: scope.siteId,
          principal: scope.principal,
          key: scope.key!,
          fingerprint: scope.fingerprint,
          status: 0,
          body: 'null',
          created_at: new Date(now).toISOString(),
        })
        .execute();
      const response = await work(trx);
      await trx
        .updateTable('idempotency_keys')
        .set({ status: response.status, body: JSON.stringify(response.body) })
        .where('site_id', '=', scope.siteId)
        .where('principal', '=', scope.principal)
        .where('key', '=', scope.key!)
        .execute();
      return response;
    });
    return { ...result, replayed: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await stored(store, scope, cutoff);
    if (!winner) throw error;
    return replay(winner, scope);
  }
}
