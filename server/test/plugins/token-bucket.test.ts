// The write limiter (GCRA token bucket) on a clock the test moves, in every store that is configured:
// memory always, Redis with TEST_REDIS_URL, PostgreSQL with TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/config.ts';
import { openBuckets, TokenBucketLimit, type BucketStore } from '../../src/plugins/rate-limit.ts';

const MINUTE = 60_000;

const stores: [string, Config['rateLimitStore'] | null, string][] = [
  ['memory', { kind: 'memory' }, ''],
  ['redis', process.env.TEST_REDIS_URL ? { kind: 'redis', url: process.env.TEST_REDIS_URL } : null, 'TEST_REDIS_URL not set'],
  ['postgres', process.env.TEST_DATABASE_URL ? { kind: 'postgres', url: process.env.TEST_DATABASE_URL } : null, 'TEST_DATABASE_URL not set'],
];

for (const [name, config, skip] of stores) {
  describe(`token-bucket write limit (${name} store)`, { skip: config ? false : `${name} store skipped: ${skip}` }, () => {
    let store: BucketStore;
    before(async () => {
      store = await openBuckets(config!, (message) => assert.fail(message));
    });
    after(() => store?.close());

    /** `limit` a minute on a clock of its own (starting `offsetMs` into a minute), with fresh keys. */
    const limiter = (limit: number, offsetMs = 0) => {
      const clock = { now: Date.now() - (Date.now() % MINUTE) + offsetMs };
      const bucket = new TokenBucketLimit(store, `test-${randomUUID()}`, limit, MINUTE, () => clock.now);
      return { clock, hit: () => bucket.hit('k') };
    };

    it('caps a burst at a minute boundary near the limit (the fixed window allowed 119 of 60)', async () => {
      // The reported attack: the whole limit just before a minute ends, then again just after.
      const { clock, hit } = limiter(60, MINUTE - 100);
      const start = clock.now;
      let allowed = 0;
      for (let i = 0; i < 70; i++) if ((await hit()).allowed) allowed++;
      assert.equal(allowed, 60);
      // Then one attempt every 100 ms until 3.5 s after the first write.
      for (clock.now = start + 100; clock.now < start + 3_500; clock.now += 100) if ((await hit()).allowed) allowed++;
      console.log(`# limit 60/min: ${allowed} writes allowed in 3.5 s across a minute boundary (fixed window: 119)`);
      assert.equal(allowed, 63); // 60, plus one for each second that passed
    });

    it('never refuses a client that stays at the rate', async () => {
      const { clock, hit } = limiter(60, 12_345);
      // One write a second for three minutes, on top of a first burst of 30.
      for (let i = 0; i < 30; i++) assert.equal((await hit()).allowed, true);
      for (let i = 0; i < 180; i++, clock.now += 1_000) assert.equal((await hit()).allowed, true, `write ${i}`);
    });

    it('does not count refused writes; Retry-After is when the next one fits', async () => {
      const { clock, hit } = limiter(5);
      for (let i = 0; i < 5; i++) assert.equal((await hit()).allowed, true);
      let verdict = await hit();
      for (let i = 0; i < 50; i++) verdict = await hit(); // hammering while refused
      assert.deepEqual(verdict, { allowed: false, limit: 5, retryAfterSeconds: 12 }); // 60 s / 5
      clock.now += 11_000;
      assert.equal((await hit()).allowed, false);
      clock.now += 1_000;
      assert.equal((await hit()).allowed, true);
      assert.equal((await hit()).allowed, false);
    });

    it('answers the remaining count with each allowed write', async () => {
      const { hit } = limiter(3);
      assert.deepEqual(await hit(), { allowed: true, limit: 3, remaining: 2 });
      assert.deepEqual(await hit(), { allowed: true, limit: 3, remaining: 1 });
      assert.deepEqual(await hit(), { allowed: true, limit: 3, remaining: 0 });
      assert.equal((await hit()).allowed, false);
    });

    it('counts concurrent hits exactly', async () => {
      const { hit } = limiter(20);
      const verdicts = await Promise.all(Array.from({ length: 50 }, () => hit()));
      assert.equal(verdicts.filter((v) => v.allowed).length, 20);
    });
  });
}
