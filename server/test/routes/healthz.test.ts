import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { createDb } from '../../src/db/index.ts';
import { legs, testConfig, useApp } from '../helpers.ts';

for (const leg of legs()) {
  describe(`GET /healthz (${leg.name})`, () => {
    const t = useApp(leg);
    it('is 200 {ok:true} when the database answers', async () => {
      const res = await t.inject({ url: '/healthz' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { ok: true });
    });
  });
}

describe('GET /healthz without a database', () => {
  it('is 503 {ok:false}', async () => {
    const store = await createDb('sqlite::memory:');
    const app = await buildApp(testConfig(), { store });
    await store.close();
    const res = await app.inject({ url: '/healthz' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), { ok: false });
    await app.close();
  });
});
