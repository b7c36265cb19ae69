// The admin CLI as an operator runs it (its own process), against a SQLite file of the test's own, plus the
// same database opened in the test to set up and check what the CLI did. Removed after the file's tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createDb, type Store } from '../src/db/index.ts';

export function cliDatabase(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `kith-${name}-`));
  const DATABASE_URL = `sqlite:${join(dir, 'kith.db')}`;
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    cli(...args: string[]) {
      const res = spawnSync(process.execPath, [join(import.meta.dirname, '../src/cli.ts'), ...args], { env: { ...process.env, DATABASE_URL }, encoding: 'utf8' });
      return { code: res.status, out: res.stdout, err: res.stderr };
    },
    async withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
      const store = await createDb(DATABASE_URL);
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    },
  };
}
