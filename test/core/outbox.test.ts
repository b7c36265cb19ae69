import { createStore, entries, set } from 'idb-keyval';
import { configure } from '../../src/core/config.js';
import { enqueue, flush, outbox, queue, type Entry, type OutboxDetail } from '../../src/core/outbox.js';
import { eq, ok, until } from '../support/assert.js';
import { fakeServer } from '../support/fake-server.js';

const stored = async () => (await entries<number, Entry>(createStore('kith-outbox', 'kv'))).map(([, e]) => e);
const next = () =>
  new Promise<OutboxDetail>((resolve) => {
    const on = (ev: Event) => {
      const d = (ev as CustomEvent<OutboxDetail>).detail;
      if (d) outbox.removeEventListener('change', on), resolve(d);
    };
    outbox.addEventListener('change', on);
  });

describe('outbox', () => {
  it('stores a write in IndexedDB before sending it, and removes it after the 2xx', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    let seenBeforeSend: Entry[] = [];
    s.onWrite = async () => void (seenBeforeSend = await stored());
    const done = next();
    const e = await enqueue('PUT', 'ratings/mine?subject=o1', { value: 4 });
    const d = await done;
    ok(seenBeforeSend.some((x) => x.k == e.k), 'entry was in IndexedDB when the request arrived');
    eq((d.r as { value: number }).value, 4);
    eq(s.writes()[0].key, e.k, 'Idempotency-Key = entry key');
    eq((await stored()).some((x) => x.k == e.k), false);
  });

  it('drops a write the server refuses (4xx) and reports it', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.fail('PUT', 'ratings/mine', { status: 403, code: 'forbidden' });
    const done = next();
    await enqueue('PUT', 'ratings/mine?subject=o2', { value: 2 });
    const d = await done;
    eq(d.x?.code, 'forbidden');
    eq(queue.length, 0);
    eq((await stored()).filter((x) => x.u.includes(s.site)).length, 0);
  });

  it('keeps a write after a network failure and sends it once, same key, when back online', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.fail('PUT', 'ratings/mine', 'network', 3);
    const e = await enqueue('PUT', 'ratings/mine?subject=o3', { value: 5 });
    await until(() => s.writes().length == 3, 'three attempts');
    await until(async () => (await stored()).some((x) => x.k == e.k), 'still stored');
    ok(queue.some((x) => x.k == e.k), 'still pending');
    const done = next();
    dispatchEvent(new Event('online'));
    const d = await done;
    eq((d.r as { value: number }).value, 5);
    eq(new Set(s.writes().map((w) => w.key)), new Set([e.k]));
    eq(s.summary('o3').count, 1, 'applied once');
    eq(s.writes().length, 4);
  });

  it('sends what a previous page left in IndexedDB (flush on load), in order', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    const u = `${location.origin}/v1/sites/${s.site}/`;
    const box = createStore('kith-outbox', 'kv');
    const old = (o: number, k: string, m: Entry['m'], j?: unknown): Entry => ({ k, o, u, m, p: 'ratings/mine?subject=o4', j });
    await set(1, old(1, 'left-1', 'PUT', { value: 1 }), box);
    await set(2, old(2, 'left-2', 'DELETE'), box);
    await flush();
    eq(s.writes().map((w) => [w.method, w.key]), [['PUT', 'left-1'], ['DELETE', 'left-2']]);
    eq(s.summary('o4').count, 0);
    eq((await stored()).filter((x) => x.u == u).length, 0);
  });

  it('runs one flush at a time', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.latency = 50;
    await Promise.all([1, 2, 3].map((v) => enqueue('PUT', 'ratings/mine?subject=o5', { value: v })));
    await Promise.all([flush(), flush(), flush()]);
    await until(() => queue.length == 0, 'drained');
    eq(s.writes().map((w) => (w.body as { value: number }).value), [1, 2, 3], 'each sent once, in order');
  });
});
