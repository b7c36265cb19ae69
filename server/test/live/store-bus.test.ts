// The store-backed live bus: publish, subscribe, since, retention (on every store leg).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/db/index.ts';
import type { LiveEvent } from '../../src/live/bus.ts';
import { MAX_BACKLOG, StoreBus } from '../../src/live/store-bus.ts';
import { ACTIVITY_SUBJECT } from '../../../src/core/feed-document.ts';
import { legs } from '../helpers.ts';

for (const leg of legs()) {
  describe(leg.name, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ store, cleanup } = await leg.open());
    });
    after(async () => cleanup?.());

    it('publish stores the event and hands it to subscribers, ids increasing', async () => {
      const bus = new StoreBus(store);
      const heard: LiveEvent[] = [];
      const off = bus.subscribe((e) => heard.push(e));
      await bus.publish('alpha', 's1', 'rating', { subject: 's1', n: 1 });
      await bus.publish('alpha', 's2', 'rating', { subject: 's2', n: 2 });
      off();
      await bus.publish('alpha', 's1', 'rating', { subject: 's1', n: 3 });
      // Each rating also tells the site's activity channel (issue 11).
      assert.deepEqual(heard.map((e) => [e.subject, e.type]), [['s1', 'rating'], [ACTIVITY_SUBJECT, 'activity'], ['s2', 'rating'], [ACTIVITY_SUBJECT, 'activity']]);
      assert.deepEqual(heard[1]!.data, { subject: ACTIVITY_SUBJECT, of: 's1', type: 'rating' });
      heard.splice(3, 1);
      heard.splice(1, 1);
      assert.deepEqual(heard.map((e) => e.data), [{ subject: 's1', n: 1 }, { subject: 's2', n: 2 }]);
      assert.ok(heard[1]!.id > heard[0]!.id);
      assert.equal(heard[0]!.siteId, 'alpha');
      assert.equal(heard[0]!.type, 'rating');
      await bus.close();
    });

    it('since returns the events of the subjects after an id, oldest first', async () => {
      const bus = new StoreBus(store);
      const ids: number[] = [];
      const off = bus.subscribe((e) => ids.push(e.id));
      await bus.publish('alpha', 'a', 'comment-count', { subject: 'a', count: 1 });
      await bus.publish('beta', 'a', 'comment-count', { subject: 'a', count: 2 });
      await bus.publish('alpha', 'b', 'comment-count', { subject: 'b', count: 3 });
      await bus.publish('alpha', 'c', 'comment-count', { subject: 'c', count: 4 });
      off();
      const got = await bus.since('alpha', ['a', 'c'], ids[0]! - 1);
      assert.notEqual(got, 'too-old');
      assert.deepEqual((got as LiveEvent[]).map((e) => e.data), [{ subject: 'a', count: 1 }, { subject: 'c', count: 4 }]);
      assert.deepEqual(await bus.since('alpha', ['a', 'c'], ids[3]!), []);
      assert.equal(await bus.since('alpha', ['a'], ids[3]! + 100), 'too-old', 'an id this database never gave');
      await bus.close();
    });

    it('prunes events older than the retention window and says too-old for a resume before them', async () => {
      let now = Date.now();
      const bus = new StoreBus(store, { retentionMs: 60_000, now: () => now });
      const ids: number[] = [];
      bus.subscribe((e) => ids.push(e.id));
      await bus.publish('alpha', 'old', 'comment-count', { n: 1 });
      await bus.publish('alpha', 'old', 'comment-count', { n: 2 });
      now += 120_000;
      await bus.publish('alpha', 'old', 'comment-count', { n: 3 });
      await bus.prune(now);
      assert.equal(await bus.since('alpha', ['old'], ids[0]! - 1), 'too-old');
      const fromSecond = await bus.since('alpha', ['old'], ids[1]!);
      assert.deepEqual((fromSecond as LiveEvent[]).map((e) => e.data), [{ n: 3 }], 'right after the pruned ones: nothing missed');
      // Everything old: the newest row stays so a resume from it is not "too old".
      now += 120_000;
      await bus.prune(now);
      assert.deepEqual(await bus.since('alpha', ['old'], ids[2]!), []);
      await bus.close();
    });

    it('a backlog over the cap is too-old', async () => {
      const bus = new StoreBus(store);
      let first = 0;
      bus.subscribe((e) => (first ||= e.id));
      await bus.publish('alpha', 'busy', 'comment-count', { i: 0 });
      const createdAt = new Date().toISOString();
      await store.db
        .insertInto('live_events')
        .values(Array.from({ length: MAX_BACKLOG }, (_, i) => ({ site_id: 'alpha', subject: 'busy', type: 'comment-count', data: JSON.stringify({ i: i + 1 }), created_at: createdAt })))
        .execute();
      assert.equal(await bus.since('alpha', ['busy'], first - 1), 'too-old');
      assert.equal(((await bus.since('alpha', ['busy'], first)) as unknown[]).length, MAX_BACKLOG, 'exactly the cap is fine');
      await bus.close();
    });

    it('publish never throws: a failure is logged', async () => {
      const errors: unknown[] = [];
      const bus = new StoreBus(store, { log: { error: (o: unknown) => errors.push(o), warn: () => {} } as never });
      await bus.publish('alpha', 'x', 'rating', { big: 1n } as never);
      assert.equal(errors.length, 1);
      await bus.close();
    });
  });
}
