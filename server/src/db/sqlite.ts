// Adapts node:sqlite's DatabaseSync to the small interface Kysely's SqliteDialect expects.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type Param = null | number | bigint | string | Uint8Array;

/** A statement cache: Kysely asks for a statement per query, and compiling SQL is most of a small read's cost
 * (the app issues a bounded set of distinct SQL texts). */
function statementCache(db: DatabaseSync) {
  const statements = new Map<string, StatementSync>();
  return (sqlText: string) => {
    let stmt = statements.get(sqlText);
    if (!stmt) {
      if (statements.size >= 500) statements.clear();
      stmt = db.prepare(sqlText);
      statements.set(sqlText, stmt);
    }
    return stmt;
  };
}

/** Runs a read synchronously on its own read-only connection. */
export type SyncReader = (sqlText: string, parameters: readonly unknown[]) => unknown[];

/**
 * A second, read-only connection for hot public reads (the rating summary). It sees committed data only
 * (WAL readers never see another connection's open transaction) and skips Kysely's per-query connection
 * mutex and promise chain, which under load cost several times the query itself.
 */
export function openSqliteReader(path: string): { read: SyncReader; close(): void } {
  const db = new DatabaseSync(path, { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000');
  const compiled = statementCache(db);
  return { read: (sqlText, parameters) => compiled(sqlText).all(...(parameters as Param[])), close: () => db.close() };
}

export function openSqlite(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA synchronous = NORMAL');
  const compiled = statementCache(db);
  return {
    close: () => db.close(),
    prepare(sqlText: string): SqliteStatement {
      const stmt = compiled(sqlText);
      const params = (p: ReadonlyArray<unknown>) => p as Param[];
      return {
        reader: stmt.columns().length > 0,
        all: (p) => stmt.all(...params(p)),
        run: (p) => stmt.run(...params(p)),
        iterate: (p) => stmt.iterate(...params(p)) as IterableIterator<unknown>,
      };
    },
  };
}
