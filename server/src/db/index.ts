// Creates the Kysely store for a DATABASE_URL and brings its schema up to date.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import { openSqlite, openSqliteReader, type SyncReader } from './sqlite.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL only: the schema the store lives in, when not the default. */
  schema?: string;
  /** PostgreSQL only: the connection URL (the live bus opens its own LISTEN connection with it). */
  url?: string;
  /** SQLite files only: synchronous reads of committed data on a separate read-only connection. */
  read?: SyncReader;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL only: use (and create) this schema instead of `public`; tests isolate themselves with it. */
  schema?: string;
  /** Run migrations (default true). */
  migrate?: boolean;
}

export async function createDb(databaseUrl: string, options: CreateDbOptions = {}): Promise<Store> {
  let store: Store;
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(path) }) });
    store = { db, dialect: 'sqlite', close: () => db.destroy() };
    // A second connection to ':memory:' would be another, empty database.
    if (path !== ':memory:' && path !== '') {
      const reader = openSqliteReader(path);
      store = { ...store, read: reader.read, close: () => (reader.close(), db.destroy()) };
    }
  } else {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    if (schema) {
      const setup = new pg.Client({ connectionString: databaseUrl });
      await setup.connect();
      try {
        await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } finally {
        await setup.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      application_name: 'kith',
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client that loses its connection emits 'error'; without a listener that would crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = { db, dialect: 'postgres', schema, url: databaseUrl, close: () => db.destroy() };
  }
  if (options.migrate !== false) {
    try {
      await migrate(store);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

export async function migrate(store: Store): Promise<void> {
  // Kysely looks its bookkeeping tables up by schema: name it, or a `public` copy could be found instead.
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider,
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/** Drops a PostgreSQL schema made for a test run. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export function randomSchemaName(): string {
  return `kith_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** True for a primary-key / unique violation on either store. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (e.code === '23505') return true; // PostgreSQL unique_violation
  // node:sqlite: code ERR_SQLITE_ERROR, errcode 1555 (PRIMARYKEY) / 2067 (UNIQUE)
  if (e.errcode === 1555 || e.errcode === 2067) return true;
  return typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed');
}

export async function ping(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db);
    return true;
  } catch {
    return false;
  }
}
