import { remember, swr } from '../../src/core/cache.js';
import { eq, sleep } from '../support/assert.js';

const key = () => 'k' + Math.random();

describe('read cache (stale-while-revalidate)', () => {
  it('shows the cached value first, then the fresh one, and caches it', async () => {
    const k = key();
    await remember(k, 'old');
    const seen: string[] = [];
    await swr(k, () => sleep(50).then(() => 'new'), (v) => seen.push(v));
    eq(seen, ['old', 'new']);
    const again: string[] = [];
    await swr(k, () => Promise.reject(new Error('offline')), (v) => again.push(v));
    eq(again, ['new'], 'offline: the last seen value stays');
  });

  it('throws when loading fails and nothing is cached', async () => {
    const e = await swr(key(), () => Promise.reject(new Error('boom')), () => {}).catch((e) => e);
    eq(e.message, 'boom');
  });
});
