import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtlCache } from '../../src/lib/ttl-cache.ts';

describe('TtlCache', () => {
  it('returns a value until its time is up, then nothing', () => {
    const cache = new TtlCache<number>(1000);
    cache.set('a', 1, 0);
    assert.equal(cache.get('a', 999), 1);
    assert.equal(cache.get('a', 1000), undefined);
  });

  it('forgets a deleted key and starts over when full', () => {
    const cache = new TtlCache<string>(1000, 2);
    cache.set('a', 'x', 0);
    cache.delete('a');
    assert.equal(cache.get('a', 1), undefined);
    cache.set('b', 'y', 0);
    cache.set('c', 'z', 0);
    cache.set('d', 'w', 0); // full: cleared, then d stored
    assert.equal(cache.get('b', 1), undefined);
    assert.equal(cache.get('d', 1), 'w');
  });
});
