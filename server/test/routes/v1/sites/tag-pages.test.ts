// Issue 9: trending tags on a generated history (a spike against a tag's own usual rate wins over plain
// popularity) and the tag page (description, synonyms, counts, related tags), public and cacheable.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TRENDING_BASELINE_DAYS } from '../../../../src/services/tag-pages.ts';
import { legs, useApp } from '../../../helpers.ts';
import { assertTagCountsExact, seedTagging } from '../../../tag-helpers.ts';

const DAY = 86_400_000;
/** Noon UTC of the day `daysAgo` days before today (UTC). */
const noon = (daysAgo: number) => new Date((Math.floor(Date.now() / DAY) - daysAgo) * DAY + DAY / 2);

for (const leg of legs()) {
  describe(`tag pages and trending (${leg.name})`, () => {
    const t = useApp(leg);
    const read = async (path: string) => {
      const res = await t.inject({ url: `/v1/sites/alpha/tags/${path}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
      assert.ok(res.headers.etag);
      return res.json();
    };

    before(async () => {
      // 60 days of history: crm, the most popular tag, used 6 times every day; sales twice a day; gdpr once
      // every fourth day, then 5 times a day for the last 7 days; launch 4 times today and never before.
      const uses: Array<[string, number, number]> = [];
      for (let day = 0; day < 60; day++) {
        uses.push(['CRM', day, 6], ['sales', day, 2]);
        if (day < 7) uses.push(['GDPR', day, 5]);
        else if (day % 4 === 0) uses.push(['GDPR', day, 1]);
      }
      uses.push(['launch', 0, 4]);
      let n = 0;
      for (const [tag, daysAgo, times] of uses) {
        for (let i = 0; i < times; i++) await seedTagging(t.store.db, 'alpha', `account/${n++ % 40}`, tag, `user:u${n}`, noon(daysAgo));
      }
    });

    it('ranks a spike against its own usual rate above plain popularity', async () => {
      await assertTagCountsExact(t.store.db, 'alpha');
      const cloud = await t.store.db.selectFrom('tags').select(['key', 'uses']).where('site_id', '=', 'alpha').orderBy('uses', 'desc').execute();
      assert.equal(cloud[0]!.key, 'crm', 'crm is the most used tag overall');
      const week = await read('trending');
      assert.equal(week.days, 7);
      assert.deepEqual(week.items.map((item: any) => item.key), ['gdpr', 'launch']);
      const gdpr = week.items[0];
      // 35 uses in the window; the 28 days before it had a use every fourth day: 7 uses, 0.25 a day.
      assert.deepEqual(gdpr, { tag: 'GDPR', key: 'gdpr', count: 35, baseline: 7 / TRENDING_BASELINE_DAYS, score: Math.round(((35 / 7 + 1) / (0.25 + 1)) * 1000) / 1000 });
      assert.deepEqual(week.items[1], { tag: 'launch', key: 'launch', count: 4, baseline: 0, score: Math.round((4 / 7 + 1) * 1000) / 1000 });
      // Steady tags never trend, however popular.
      assert.ok(!week.items.some((item: any) => item.key === 'crm' || item.key === 'sales'));
      // One day: launch (4 today, nothing before: score 5) above gdpr (5 today against 36 uses in the 28
      // days before: score 6 / (36/28 + 1) = 2.625).
      const today = await read('trending?days=1');
      assert.deepEqual(today.items.map((item: any) => [item.key, item.count, item.score]), [['launch', 4, 5], ['gdpr', 5, 2.625]]);
      assert.deepEqual((await read('trending?days=1&limit=1')).items.map((item: any) => item.key), ['launch']);
      // A month: gdpr's spike is diluted by its quiet weeks, but still above its baseline.
      const month = await read('trending?days=30');
      assert.ok(month.items.every((item: any) => item.score > 1.5 && item.count >= 3));
    });

    it('answers 304 to a matching If-None-Match and refuses bad parameters', async () => {
      const first = await t.inject({ url: '/v1/sites/alpha/tags/trending' });
      const again = await t.inject({ url: '/v1/sites/alpha/tags/trending', headers: { 'if-none-match': String(first.headers.etag) } });
      assert.equal(again.statusCode, 304);
      for (const query of ['days=0', 'days=31', 'days=x', 'limit=0', 'limit=101', 'other=1']) {
        const res = await t.inject({ url: `/v1/sites/alpha/tags/trending?${query}` });
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().error.code, 'validation_failed');
      }
    });

    it("shows a tag's page: description, synonyms, counts, and the tags that share its subjects", async () => {
      await seedTagging(t.store.db, 'alpha', 'doc/1', 'Onboarding', 'user:a');
      await seedTagging(t.store.db, 'alpha', 'doc/1', 'Onboarding', 'user:b');
      await seedTagging(t.store.db, 'alpha', 'doc/2', 'Onboarding', 'user:a');
      await seedTagging(t.store.db, 'alpha', 'doc/1', 'HR', 'user:a');
      await seedTagging(t.store.db, 'alpha', 'doc/2', 'HR', 'user:c');
      await seedTagging(t.store.db, 'alpha', 'doc/2', 'Checklist', 'user:c');
      await seedTagging(t.store.db, 'alpha', 'doc/3', 'HR', 'user:c');
      await t.store.db.updateTable('tags').set({ description: 'Getting new people started' }).where('site_id', '=', 'alpha').where('key', '=', 'onboarding').execute();
      await t.store.db.insertInto('tag_synonyms').values({ site_id: 'alpha', from_key: 'welcome', to_key: 'onboarding', created_at: new Date().toISOString() }).execute();
      const expected = {
        tag: 'Onboarding',
        key: 'onboarding',
        description: 'Getting new people started',
        restricted: false,
        count: 3,
        subjects: 2,
        synonyms: ['welcome'],
        related: [
          { tag: 'HR', key: 'hr', count: 2 },
          { tag: 'Checklist', key: 'checklist', count: 1 },
        ],
      };
      assert.deepEqual(await read('page?tag=%20ONBOARDING'), expected);
      // Through its synonym, the page of the tag it leads to.
      assert.deepEqual(await read('page?tag=Welcome'), expected);
      const hr = await read('page?tag=hr');
      assert.deepEqual([hr.count, hr.subjects, hr.description, hr.synonyms, hr.related], [3, 3, null, [], [{ tag: 'Onboarding', key: 'onboarding', count: 2 }, { tag: 'Checklist', key: 'checklist', count: 1 }]]);

      const missing = await t.inject({ url: '/v1/sites/alpha/tags/page?tag=nobody' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'tag_not_found');
      const bad = await t.inject({ url: '/v1/sites/alpha/tags/page?tag=a%2Cb' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.details, { reason: 'comma', tag: 'a,b' });
      assert.equal((await t.inject({ url: '/v1/sites/alpha/tags/page' })).statusCode, 400);
      // Another site's tags are not this site's.
      assert.equal((await t.inject({ url: '/v1/sites/beta/tags/page?tag=onboarding' })).statusCode, 404);
    });

    it('counts related tags over at most the 500 most-tagged subjects', async () => {
      // 501 subjects carry "wide"; the least tagged one alone also carries "rare".
      for (let i = 0; i < 501; i++) {
        await seedTagging(t.store.db, 'alpha', `wide/${String(i).padStart(3, '0')}`, 'wide', 'user:a');
        if (i < 500) await seedTagging(t.store.db, 'alpha', `wide/${String(i).padStart(3, '0')}`, 'wide', 'user:b');
      }
      await seedTagging(t.store.db, 'alpha', 'wide/500', 'rare', 'user:a');
      await seedTagging(t.store.db, 'alpha', 'wide/000', 'common', 'user:a');
      const page = await read('page?tag=wide');
      assert.deepEqual([page.count, page.subjects], [1001, 501]);
      assert.deepEqual(page.related, [{ tag: 'common', key: 'common', count: 1 }]);
    });
  });
}
