// Suggestions are a range of the tags' primary key (keys compare by code point in both stores), so a prefix
// no tag has costs as little as a common one; and trending is computed at most once a minute per site.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyAfterPrefix, suggestTags } from '../../src/services/tags.ts';
import { legs, useApp } from '../helpers.ts';
import { seedTagging } from '../tag-helpers.ts';

describe('keyAfterPrefix', () => {
  it('is the prefix with its last code point one higher, past the surrogates; none after U+10FFFF', () => {
    assert.equal(keyAfterPrefix('cr'), 'cs');
    assert.equal(keyAfterPrefix('straß'), 'stra\u00e0');
    assert.equal(keyAfterPrefix('a😀'), 'a😁');
    assert.equal(keyAfterPrefix('\ud7ff'), '\ue000');
    assert.equal(keyAfterPrefix('x\u{10ffff}'), undefined);
    assert.equal(keyAfterPrefix(''), undefined);
  });
});

for (const leg of legs()) {
  describe(`suggestions by key range (${leg.name})`, () => {
    const t = useApp(leg);

    it('finds exactly the keys that start with the prefix, by code point, whatever the letters around them', async () => {
      const tags = ['crm', 'cr', 'crème', 'crx', 'cs', 'cq', 'CRM2', 'Zürich', 'zz', 'z', '日本', '日本語', '日', '😀 happy', '😁', 'straße'];
      for (const [i, tag] of tags.entries()) for (let n = 0; n <= i % 3; n++) await seedTagging(t.store.db, 'alpha', `doc/${i}`, tag, `user:s${n}`);
      const keys = async (prefix: string) => (await suggestTags(t.store.db, t.store.dialect, 'alpha', prefix, 50)).map((item) => item.key).sort();
      assert.deepEqual(await keys('cr'), ['cr', 'crm', 'crm2', 'crx', 'crème'].sort());
      assert.deepEqual(await keys('CR'), ['cr', 'crm', 'crm2', 'crx', 'crème'].sort());
      assert.deepEqual(await keys('z'), ['z', 'zz', 'zürich'].sort());
      assert.deepEqual(await keys('zü'), ['zürich']);
      assert.deepEqual(await keys('日本'), ['日本', '日本語'].sort());
      assert.deepEqual(await keys('😀'), ['😀 happy']);
      assert.deepEqual(await keys('STRASSE'), ['strasse']);
      assert.deepEqual(await keys('xy'), []);
    });

    it('answers trending from a memo for a minute: a spike right after a read shows on a later minute', async () => {
      const read = async () => (await t.inject({ url: '/v1/sites/alpha/tags/trending?days=1' })).json().items.map((item: { key: string }) => item.key);
      const before = await read();
      for (let n = 0; n < 5; n++) await seedTagging(t.store.db, 'alpha', `spike/${n}`, 'sudden', `user:p${n}`);
      assert.deepEqual(await read(), before, 'the same answer within the minute');
    });
  });
}
