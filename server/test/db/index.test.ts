import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createDb, isUniqueViolation, migrate } from '../../src/db/index.ts';
import { legs } from '../helpers.ts';

for (const leg of legs()) {
  describe(`store (${leg.name})`, () => {
    it('migrates idempotently and reports unique violations the same way', async () => {
      const { store, cleanup } = await leg.open();
      try {
        await migrate(store); // second run: nothing to do
        await store.db.insertInto('sites').values({ id: 's1', name: 'S', secret: 'x', guest_secret: 'y', origins: '[]', policy: '{}', created_at: 'now' }).execute();
        const error = await store.db
          .insertInto('sites')
          .values({ id: 's1', name: 'S', secret: 'x', guest_secret: 'y', origins: '[]', policy: '{}', created_at: 'now' })
          .execute()
          .then(() => null, (e: unknown) => e);
        assert.ok(isUniqueViolation(error), String(error));
        // Vote values outside 1..5 are refused by the database too.
        const bad = await store.db
          .insertInto('rating_votes')
          .values({ site_id: 's1', subject: 'a', principal: 'p', value: 9, updated_at: 'now' })
          .execute()
          .then(() => null, (e: unknown) => e);
        assert.ok(bad instanceof Error);
      } finally {
        await cleanup();
      }
    });
  });
}

describe('SQLite file store', () => {
  it('creates the data folder and uses WAL with foreign keys on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kith-db-'));
    try {
      const store = await createDb(`sqlite:${join(dir, 'nested', 'kith.db')}`);
      assert.ok(existsSync(join(dir, 'nested', 'kith.db')));
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      assert.equal(mode.rows[0]!.journal_mode, 'wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
      assert.equal(fk.rows[0]!.foreign_keys, 1);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
