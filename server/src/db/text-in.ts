// `column in (…values)` with the whole list in ONE bound parameter, so the SQL text does not change with the
// number of values: one prepared statement (SQLite's statement cache, PostgreSQL's plan) serves every batch
// size. The column is a trusted identifier written in the calling code, never input.
import { sql } from 'kysely';
import type { Dialect } from './index.ts';

export function textIn(dialect: Dialect, column: string, values: readonly string[]) {
  return dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} = any(${[...values]}::text[])`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}
