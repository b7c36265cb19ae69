import { noteChange, readCacheMode, REVALIDATE_AFTER_WRITE_MS } from '../../src/core/freshness.js';
import { eq } from '../support/assert.js';

describe('freshness of public reads', () => {
  const prefix = `${location.origin}/v1/sites/fresh-${Math.random()}/`;

  it('lets the HTTP cache answer as the server allows, until this browser writes', () => {
    eq(readCacheMode(prefix), 'default');
    noteChange(prefix);
    eq(readCacheMode(prefix), 'no-cache', 'a reload right after a vote revalidates');
    eq(readCacheMode(prefix + 'other/'), 'default', 'per site');
  });

  it('goes back to the server caching once the write is older than max-age and stale-while-revalidate', () => {
    localStorage.setItem('kith-wrote ' + prefix, String(Date.now() - REVALIDATE_AFTER_WRITE_MS - 1));
    eq(readCacheMode(prefix), 'default');
  });
});
