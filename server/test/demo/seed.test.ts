import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedDemo } from '../../src/demo/seed.ts';
import { getSummary } from '../../src/services/ratings.ts';
import { legs } from '../helpers.ts';

for (const leg of legs()) {
  describe(`demo seed (${leg.name})`, () => {
    it('creates the demo site and votes once, and converges on re-run', async () => {
      const { store, cleanup } = await leg.open();
      try {
        const site = await seedDemo(store, 3000);
        assert.equal(site.name, 'Kith demo store');
        assert.deepEqual(site.policy, { guestsMayRate: true, guestsMayComment: true, moderation: 'post' });
        assert.deepEqual(site.origins, ['http://localhost:3000', 'http://127.0.0.1:3000']);
        const again = await seedDemo(store, 4000);
        assert.deepEqual(again.origins, ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:4000', 'http://127.0.0.1:4000']);
        assert.equal(again.secret, site.secret);
        const s = await getSummary(store.db, 'demo', 'product/42');
        assert.deepEqual(s, { subject: 'product/42', average: 4.15, count: 20, histogram: [1, 1, 2, 6, 10] });
        assert.equal((await getSummary(store.db, 'demo', 'product/7')).count, 8);
        assert.equal((await getSummary(store.db, 'demo', 'product/99')).count, 5);
      } finally {
        await cleanup();
      }
    });
  });
}
