import { createStore, entries, set } from 'idb-keyval';
import { configure } from '../../src/core/config.js';
import { outbox, outboxState, type OutboxChange, type OutboxEntry } from '../../src/core/outbox-queue.js';
import { enqueue, flush } from '../../src/core/outbox.js';
import { eq, ok, until } from '../support/assert.js';
import { fakeServer } from '../support/fake-server.js';

const outboxStore = createStore('kith-outbox', 'kv');
const stored = async () => (await entries<number, OutboxEntry>(outboxStore)).map(([, entry]) => entry);
const next = () =>
  new Promise<OutboxChange>((resolve) => {
    const on = (event: Event) => {
      const change = (event as CustomEvent<OutboxChange>).detail;
      if (change) outbox.removeEventListener('change', on), resolve(change);
    };
    outbox.addEventListener('change', on);
  });

describe('outbox', () => {
  it('stores a write in IndexedDB before sending it, and removes it after the 2xx', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    let seenBeforeSend: OutboxEntry[] = [];
    s.onWrite = async () => void (seenBeforeSend = await stored());
    const done = next();
    const entry = await enqueue('PUT', 'ratings/mine?subject=o1', { value: 4 });
    const change = await done;
    ok(seenBeforeSend.some((x) => x.key == entry.key), 'entry was in IndexedDB when the request arrived');
    eq((change.response as { value: number }).value, 4);
    eq(s.writes()[0]!.key, entry.key, 'Idempotency-Key = entry key');
    eq((await stored()).some((x) => x.key == entry.key), false);
  });

  it('drops a write the server refuses (4xx) and reports it', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.fail('PUT', 'ratings/mine', { status: 403, code: 'forbidden' });
    const done = next();
    await enqueue('PUT', 'ratings/mine?subject=o2', { value: 2 });
    const change = await done;
    eq(change.refusal?.code, 'forbidden');
    eq(outboxState.queue.length, 0);
    eq((await stored()).filter((x) => x.prefix.includes(s.site)).length, 0);
  });

  it('keeps a write after a network failure and sends it once, same key, when back online', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.fail('PUT', 'ratings/mine', 'network', 3);
    const entry = await enqueue('PUT', 'ratings/mine?subject=o3', { value: 5 });
    await until(() => s.writes().length == 3, 'three attempts');
    await until(async () => (await stored()).some((x) => x.key == entry.key), 'still stored');
    ok(outboxState.queue.some((x) => x.key == entry.key), 'still pending');
    const done = next();
    dispatchEvent(new Event('online'));
    const change = await done;
    eq((change.response as { value: number }).value, 5);
    eq(new Set(s.writes().map((w) => w.key)), new Set([entry.key]));
    eq(s.summary('o3').count, 1, 'applied once');
    eq(s.writes().length, 4);
  });

  it('sends what a previous page left in IndexedDB (flush on load), in order', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    const prefix = `${location.origin}/v1/sites/${s.site}/`;
    const left = (order: number, key: string, method: OutboxEntry['method'], body?: unknown): OutboxEntry => ({ key, order, prefix, method, path: 'ratings/mine?subject=o4', body });
    await set(1, left(1, 'left-1', 'PUT', { value: 1 }), outboxStore);
    await set(2, left(2, 'left-2', 'DELETE'), outboxStore);
    await flush();
    eq(s.writes().map((w) => [w.method, w.key]), [['PUT', 'left-1'], ['DELETE', 'left-2']]);
    eq(s.summary('o4').count, 0);
    eq((await stored()).filter((x) => x.prefix == prefix).length, 0);
  });

  it('sends writes an older Kith stored with one-letter fields, and rewrites them readably first', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    const prefix = `${location.origin}/v1/sites/${s.site}/`;
    await set(3, { k: 'old-key', o: 3, u: prefix, m: 'PUT', p: 'ratings/mine?subject=o-old', j: { value: 3 } }, outboxStore);
    let seen: unknown[] = [];
    s.onWrite = async () => void (seen = (await entries(outboxStore)).map(([, e]) => e));
    await flush();
    eq(s.writes().map((w) => [w.method, w.key, w.body]), [['PUT', 'old-key', { value: 3 }]]);
    eq(seen, [{ key: 'old-key', order: 3, prefix, method: 'PUT', path: 'ratings/mine?subject=o-old', body: { value: 3 } }], 'migrated in place');
    eq(s.votes.get('o-old')?.get('user-a'), 3, 'not lost');
  });

  it('replaces a waiting write to the same resource: fast re-votes send only the last value', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    await Promise.all([1, 2, 3].map((value) => enqueue('PUT', 'ratings/mine?subject=o5', { value })));
    await until(() => outboxState.queue.length == 0 && s.writes().length == 1, 'drained');
    eq(s.writes().map((w) => (w.body as { value: number }).value), [3]);
    eq((await stored()).filter((x) => x.path.endsWith('o5')).length, 0);
  });

  it('never replaces the write being sent, and keeps other resources apart', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.latency = 300;
    await enqueue('PUT', 'ratings/mine?subject=o6', { value: 1 });
    await until(() => s.writes().length == 1, 'first write in flight');
    await enqueue('PUT', 'ratings/mine?subject=o6', { value: 2 });
    await enqueue('PUT', 'ratings/mine?subject=o7', { value: 4 });
    await enqueue('DELETE', 'ratings/mine?subject=o6');
    await until(() => outboxState.queue.length == 0, 'drained', 8000);
    eq(s.writes().map((w) => [w.method, w.subject]), [['PUT', 'o6'], ['PUT', 'o7'], ['DELETE', 'o6']]);
  });
});
