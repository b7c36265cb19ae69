// API keys: `kith_sk_…` secrets for server-to-server calls. Only a SHA-256 hash is stored.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const KEY_PREFIX = 'kith_sk_';

export interface ApiKey {
  id: string;
  siteId: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createKey(db: Kysely<Database>, siteId: string, name: string): Promise<{ key: string; record: ApiKey }> {
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const record: ApiKey = {
    id: `key_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
    siteId,
    name,
    prefix: key.slice(0, KEY_PREFIX.length + 6),
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  await db
    .insertInto('api_keys')
    .values({
      id: record.id,
      site_id: siteId,
      name,
      key_hash: hashKey(key),
      prefix: record.prefix,
      created_at: record.createdAt,
      revoked_at: null,
    })
    .execute();
  return { key, record };
}

export async function listKeys(db: Kysely<Database>, siteId: string): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().where('site_id', '=', siteId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, siteId: r.site_id, name: r.name, prefix: r.prefix, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Returns false when there is no such key (or it was already revoked). */
export async function revokeKey(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The live key with this secret, or null. */
export async function findKey(db: Kysely<Database>, key: string): Promise<ApiKey | null> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, siteId: row.site_id, name: row.name, prefix: row.prefix, createdAt: row.created_at, revokedAt: row.revoked_at } : null;
}
