import { BATCH_MAX_KEYS, BATCH_MAX_QUERY_CHARS, coalesce, subjectQueries, subjectQuery } from '../../src/core/batch.js';
import { eq, ok } from '../support/assert.js';

describe('batch', () => {
  it('coalesces reads made in one task into one load per group, sorted and without duplicates', async () => {
    const loads: [string, string[]][] = [];
    const read = coalesce<string>(async (group, keys) => {
      loads.push([group, keys]);
      return new Map(keys.map((key) => [key, group + ':' + key]));
    });
    const results = await Promise.all([read('a', 'z'), read('a', 'x'), read('b', 'y'), read('a', 'x')]);
    eq(results, ['a:z', 'a:x', 'b:y', 'a:x']);
    eq(loads, [['a', ['x', 'z']], ['b', ['y']]]);
    await read('a', 'later');
    eq(loads.length, 3, 'a later task makes a new load');
  });

  it('rejects every read of a failed load, and resolves undefined for keys the load did not find', async () => {
    const read = coalesce<string>(async (_group, keys) => {
      if (keys.includes('bad')) throw new Error('boom');
      return new Map();
    });
    const [missing, failed] = await Promise.allSettled([read('g', 'nothing'), Promise.resolve().then(() => read('h', 'bad'))]);
    eq(missing, { status: 'fulfilled', value: undefined });
    eq(failed.status, 'rejected');
  });

  it('splits past the key limit and the URL length limit, never otherwise', () => {
    const many = Array.from({ length: 450 }, (_, i) => `product/${String(i).padStart(3, '0')}`);
    eq(subjectQueries(many).map((chunk) => chunk.length), [BATCH_MAX_KEYS, BATCH_MAX_KEYS, 50]);
    const long = Array.from({ length: 30 }, (_, i) => `https://shop.example.com/a/very/long/product/page/${i}/${'x'.repeat(300)}`);
    const chunks = subjectQueries(long);
    ok(chunks.length > 1, 'long subjects split');
    for (const chunk of chunks) ok(subjectQuery(chunk).length <= BATCH_MAX_QUERY_CHARS + 1, 'each URL within the limit');
    eq(chunks.flat().length, 30);
    eq(subjectQueries(['b', 'a']), [['a', 'b']]);
    eq(subjectQuery(['product/1', 'a b']), '?subject=product%2F1&subject=a%20b');
  });
});
