// Kith's own activity feeds (issue 11): comments, ratings and tags of a subject, a tag or the site, as JSON for
// widgets and as Atom 1.0, RSS 2.0 and JSON Feed 1.1. Each output is parsed back with the proxy's parser and with
// feedsmith's format parsers to check the elements its format requires. Private sites: user tokens and feed tokens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { parseFeedText } from '../../../../src/feeds/parse.ts';
import { readActivity, readSubjectsActivity } from '../../../../src/services/activity.ts';
import { updateSite } from '../../../../src/services/sites.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

const S = (text: string) => encodeURIComponent(text);

for (const leg of legs()) {
  describe(`activity feeds (${leg.name})`, () => {
    const t = useApp(leg);

    it('lists the newest comments, ratings and tags of a subject, named by its card, anonymous for votes and tags', async () => {
      const ann = await t.user(t.alpha, 'ann');
      const bob = await t.user(t.alpha, 'bob');
      await t.inject({ method: 'PUT', url: `/v1/sites/alpha/cards?subject=${S('product/42')}`, headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ name: 'Acme Widget' }) });
      assert.equal((await t.inject({ method: 'PUT', url: `/v1/sites/alpha/ratings/mine?subject=${S('product/42')}`, headers: { ...json, ...bearer(bob) }, payload: '{"value":4}' })).statusCode, 200);
      assert.equal((await t.inject({ method: 'POST', url: `/v1/sites/alpha/tags?subject=${S('product/42')}`, headers: { ...json, ...bearer(bob) }, payload: '{"tag":"Sturdy"}' })).statusCode, 200);
      const posted = await t.inject({ method: 'POST', url: `/v1/sites/alpha/comments?subject=${S('product/42')}`, headers: { ...json, ...bearer(ann) }, payload: JSON.stringify({ body: 'Works **well**. ]]> <script>alert(1)</script>' }) });
      assert.equal(posted.statusCode, 201, posted.body);
      await t.inject({ method: 'POST', url: `/v1/sites/alpha/comments?subject=${S('product/7')}`, headers: { ...json, ...bearer(ann) }, payload: JSON.stringify({ body: 'Elsewhere' }) });

      const res = await t.inject({ url: `/v1/sites/alpha/activity?subject=${S('product/42')}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['cache-control']), /^public/);
      const { feed } = res.json();
      assert.equal(feed.format, 'kith');
      assert.equal(feed.title, 'Alpha CRM: activity on Acme Widget');
      assert.deepEqual(feed.items.map((item: { title: string }) => item.title).sort(), ['Acme Widget was rated 4 of 5', 'Acme Widget was tagged Sturdy', 'ann commented on Acme Widget']);
      const comment = feed.items.find((item: { activity: { kind: string } }) => item.activity.kind === 'comment');
      assert.deepEqual(comment.activity, { kind: 'comment', subject: 'product/42', subjectName: 'Acme Widget', author: 'ann' });
      assert.equal(comment.author.name, 'ann');
      assert.equal(comment.content.type, 'root');
      assert.doesNotMatch(res.body, /user:bob|bob/, 'who rated and who tagged is not said');
      const siteRes = await t.inject({ url: "/v1/sites/alpha/activity" });
      assert.equal(siteRes.statusCode, 200, siteRes.body);
      const site = siteRes.json().feed;
      assert.equal(site.items.length, 4);
      assert.ok(site.items.every((item: { published: string }, i: number) => i === 0 || item.published <= site.items[i - 1].published), 'newest first');
      const tagged = (await t.inject({ url: `/v1/sites/alpha/activity?tag=${S('sturdy')}` })).json().feed;
      assert.deepEqual(tagged.items.map((item: { title: string }) => item.title), ['Acme Widget was tagged Sturdy']);
      assert.equal((await t.inject({ url: `/v1/sites/alpha/activity?subject=a&tag=b` })).statusCode, 400);
      assert.equal((await t.inject({ url: `/v1/sites/alpha/activity?limit=0` })).statusCode, 400);
      assert.equal((await t.inject({ url: `/v1/sites/alpha/activity?limit=1` })).json().feed.items.length, 1);
    });

    it('makes one item of the same stars or the same tag given by several people in a row, counting them', async () => {
      const people = await Promise.all(['fay', 'gus', 'hal', 'ivy'].map((name) => t.user(t.alpha, name)));
      const rate = (person: string, subject: string, value: number) =>
        t.inject({ method: 'PUT', url: `/v1/sites/alpha/ratings/mine?subject=${S(subject)}`, headers: { ...json, ...bearer(person) }, payload: JSON.stringify({ value }) });
      const tag = (person: string, subject: string, name: string) =>
        t.inject({ method: 'POST', url: `/v1/sites/alpha/tags?subject=${S(subject)}`, headers: { ...json, ...bearer(person) }, payload: JSON.stringify({ tag: name }) });
      const [fay, gus, hal, ivy] = people as [string, string, string, string];
      // Each event a few milliseconds after the last, so that newest first is this order (ties would go by id).
      const later = () => new Promise((done) => setTimeout(done, 5));
      // Oldest first: three people give 5 stars, one 4 stars, then two tag it "Quiet", one "Loud", then one more "Quiet".
      for (const [person, value] of [[fay, 5], [gus, 5], [hal, 5], [ivy, 4]] as const) assert.equal((await later(), await rate(person, 'espresso/1', value)).statusCode, 200);
      for (const [person, name] of [[fay, 'Quiet'], [gus, 'quiet'], [hal, 'Loud'], [ivy, 'Quiet']] as const) assert.equal((await later(), await tag(person, 'espresso/1', name)).statusCode, 200);
      // Another subject's same stars in between do not join the run.
      assert.equal((await later(), await rate(fay, 'espresso/2', 4)).statusCode, 200);
      const feed = (await t.inject({ url: `/v1/sites/alpha/activity?subject=${S('espresso/1')}` })).json().feed;
      assert.deepEqual(
        feed.items.map((item: { title: string }) => item.title),
        ['espresso/1 was tagged Quiet', 'espresso/1 was tagged Loud', 'espresso/1 was tagged Quiet by 2 people', 'espresso/1 was rated 4 of 5', 'espresso/1 was rated 5 of 5 by 3 people'],
      );
      assert.equal(feed.items[4].activity.people, 3);
      assert.equal(feed.items[0].activity.people, undefined, 'one person: no count');
      assert.equal(new Set(feed.items.map((item: { id: string }) => item.id)).size, 5, 'each item keeps its newest event\'s id');
      // The limit counts items, not events. A run that reaches the oldest row a read took at its limit may go on:
      // "or more". With 4 of each kind read, the taggings' read stops at the first "Quiet", which might not be the
      // first; with 3, at the second "Quiet", a run of one that says nothing of a count.
      const cut = (await t.inject({ url: `/v1/sites/alpha/activity?subject=${S('espresso/1')}&limit=5` })).json().feed.items;
      assert.deepEqual(cut.map((item: { title: string }) => item.title), feed.items.slice(0, 5).map((item: { title: string }) => item.title), 'five of each kind read: every run whole');
      const four = (await t.inject({ url: `/v1/sites/alpha/activity?subject=${S('espresso/1')}&limit=4` })).json().feed.items;
      assert.deepEqual(four.map((item: { title: string }) => item.title), ['espresso/1 was tagged Quiet', 'espresso/1 was tagged Loud', 'espresso/1 was tagged Quiet by 2 or more people', 'espresso/1 was rated 4 of 5']);
      assert.equal(four[2].activity.peopleAtLeast, true);
      const three = (await t.inject({ url: `/v1/sites/alpha/activity?subject=${S('espresso/1')}&limit=3` })).json().feed.items;
      assert.deepEqual(three.map((item: { title: string }) => item.title), ['espresso/1 was tagged Quiet', 'espresso/1 was tagged Loud', 'espresso/1 was tagged Quiet']);
      assert.equal(feed.items[2].activity.peopleAtLeast, undefined, 'the whole run read: an exact count');
      // A page's subject feeds, read together, count the same.
      for (const limit of [3, 4, 30]) {
        const options = { siteName: 'Alpha CRM', limit };
        const together = await readSubjectsActivity(t.store.db, t.store.dialect, t.alpha.id, ['espresso/1', 'espresso/2'], options);
        assert.deepEqual(together.get('espresso/1'), await readActivity(t.store.db, t.store.dialect, t.alpha.id, { subject: 'espresso/1' }, options), `limit ${limit}`);
      }
      const site = (await t.inject({ url: '/v1/sites/alpha/activity' })).json().feed;
      assert.deepEqual(site.items.slice(0, 2).map((item: { title: string }) => item.title), ['espresso/2 was rated 4 of 5', 'espresso/1 was tagged Quiet']);
      // Readers get the same items.
      const atom = parseFeedText((await t.inject({ url: `/v1/sites/alpha/activity.atom?subject=${S('espresso/1')}` })).body, 'https://kith.example/feed');
      assert.deepEqual(atom.items.map((item) => item.title), feed.items.map((item: { title: string }) => item.title));
    });

    it('reads a page of subjects\' activity at once (feeds/batch): each feed the same as its own read, cut at each subject\'s limit', async () => {
      const people = await Promise.all(['cat', 'dan', 'eve'].map((name) => t.user(t.alpha, name)));
      const subjects = ['deal/1', 'deal/2', 'deal/3', 'deal/4'];
      await t.inject({ method: 'PUT', url: `/v1/sites/alpha/cards?subject=${S('deal/2')}`, headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ name: 'Big deal' }) });
      // deal/1 and deal/2: more of every kind than the limit below; deal/3: only a tag; deal/4: nothing.
      for (const subject of subjects.slice(0, 2))
        for (const [index, person] of people.entries()) {
          await t.inject({ method: 'PUT', url: `/v1/sites/alpha/ratings/mine?subject=${S(subject)}`, headers: { ...json, ...bearer(person) }, payload: JSON.stringify({ value: index + 2 }) });
          await t.inject({ method: 'POST', url: `/v1/sites/alpha/tags?subject=${S(subject)}`, headers: { ...json, ...bearer(person) }, payload: JSON.stringify({ tag: `t${index}` }) });
          const posted = await t.inject({ method: 'POST', url: `/v1/sites/alpha/comments?subject=${S(subject)}`, headers: { ...json, ...bearer(person) }, payload: JSON.stringify({ body: `Note ${index}` }) });
          assert.equal(posted.statusCode, 201, posted.body);
        }
      await t.inject({ method: 'POST', url: `/v1/sites/alpha/tags?subject=${S('deal/3')}`, headers: { ...json, ...bearer(people[0]!) }, payload: '{"tag":"solo"}' });
      const { db, dialect } = t.store;
      for (const limit of [1, 4, 100]) {
        const options = { siteName: 'Alpha CRM', limit };
        const together = await readSubjectsActivity(db, dialect, t.alpha.id, [...subjects, 'deal/1'], options);
        assert.deepEqual([...together.keys()], subjects);
        for (const subject of subjects) assert.deepEqual(together.get(subject), await readActivity(db, dialect, t.alpha.id, { subject }, options), `${subject}, limit ${limit}`);
        assert.equal(together.get('deal/1')!.items.length, Math.min(limit, 9));
      }
      assert.equal((await readActivity(db, dialect, t.alpha.id, { subject: 'deal/2' }, { siteName: 'Alpha CRM', limit: 4 })).title, 'Alpha CRM: activity on Big deal');
      assert.deepEqual((await readActivity(db, dialect, t.alpha.id, { subject: 'deal/3' }, { siteName: 'Alpha CRM', limit: 4 })).items.map((item) => item.title), ['deal/3 was tagged solo']);
      // Through the route: each key's feed is its own read's; a subject of over 1024 bytes fails alone.
      const tooLong = `activity:subject=${'€'.repeat(495)}`;
      const keys = [...subjects.map((subject) => `activity:subject=${subject}`), tooLong, 'activity:tag=t1'];
      const res = await t.inject({ url: `/v1/sites/alpha/feeds/batch?${keys.map((key) => `subject=${S(key)}`).join('&')}` });
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items;
      for (const [index, subject] of subjects.entries())
        assert.deepEqual(items[index].feed, (await t.inject({ url: `/v1/sites/alpha/activity?subject=${S(subject)}&limit=100` })).json().feed, subject);
      assert.equal(items[4].error.code, 'validation_failed');
      assert.deepEqual(items[5].feed.items.map((item: { title: string }) => item.title), ['deal/2 was tagged t1', 'deal/1 was tagged t1'].map((title) => title.replace('deal/2', 'Big deal')));
      // A site that keeps its activity private: every subject key says so, none is read.
      await updateSite(t.store.db, 'alpha', { policy: { activityFeeds: 'token' } });
      t.app.forgetSite('alpha');
      const closed = (await t.inject({ url: `/v1/sites/alpha/feeds/batch?${keys.slice(0, 2).map((key) => `subject=${S(key)}`).join('&')}` })).json().items;
      assert.deepEqual(closed.map((item: { error?: { code: string } }) => item.error?.code), ['feed_token_required', 'feed_token_required']);
      await updateSite(t.store.db, 'alpha', { policy: { activityFeeds: 'public' } });
      t.app.forgetSite('alpha');
    });

    it('writes valid Atom 1.0, RSS 2.0 and JSON Feed 1.1 that read back as the same items', async () => {
      const widgetJson = (await t.inject({ url: `/v1/sites/alpha/activity?subject=${S('product/42')}` })).json().feed;
      for (const [format, type] of [['atom', 'application/atom+xml'], ['rss', 'application/rss+xml'], ['json', 'application/feed+json']] as const) {
        const res = await t.inject({ url: `/v1/sites/alpha/activity.${format}?subject=${S('product/42')}` });
        assert.equal(res.statusCode, 200, res.body);
        assert.match(String(res.headers['content-type']), new RegExp(`^${type.replace('+', '\\+')}`));
        assert.doesNotMatch(res.body, /<script>alert/, `${format}: the comment's markup is escaped`);
        const parsed = parseFeedText(res.body, 'https://kith.example/feed');
        assert.equal(parsed.title, widgetJson.title, format);
        assert.deepEqual(parsed.items.map((item) => item.title), widgetJson.items.map((item: { title: string }) => item.title), format);
        const comment = parsed.items.find((item) => item.title.endsWith('commented on Acme Widget'))!;
        assert.match(JSON.stringify(comment.content ?? comment.summary), /Works .*well.*\]\]> <script>alert\(1\)<\/script>/, `${format}: the comment's text survives, as text`);
        assert.equal(comment.published, widgetJson.items.find((item: { title: string }) => item.title === comment.title).published.replace(/\.\d+Z$/, 'Z'));
        // The elements each format requires.
        if (format === 'atom') {
          const atom = parseAtomFeed(res.body);
          assert.ok(atom.id && atom.title && atom.updated, 'feed id, title, updated');
          assert.ok(atom.links?.some((link) => link.rel === 'self' && link.href?.includes('/activity.atom')));
          for (const entry of atom.entries ?? []) assert.ok(entry.id && entry.title && entry.updated && (entry.authors?.length || atom.authors?.length), 'entry id, title, updated, author');
          assert.equal(new Set(atom.entries!.map((entry) => entry.id)).size, atom.entries!.length, 'entry ids are unique');
        } else if (format === 'rss') {
          const rss = parseRssFeed(res.body);
          assert.ok(rss.title && rss.link && rss.description, 'channel title, link, description');
          for (const item of rss.items ?? []) assert.ok((item.title || item.description) && item.guid?.value, 'item title or description, guid');
        } else {
          const feed = parseJsonFeed(JSON.parse(res.body));
          assert.equal(JSON.parse(res.body).version, 'https://jsonfeed.org/version/1.1');
          assert.ok(feed.title);
          for (const item of feed.items ?? []) assert.ok(item.id && (item.content_html !== undefined || item.content_text !== undefined), 'item id and content');
        }
        const again = await t.inject({ url: `/v1/sites/alpha/activity.${format}?subject=${S('product/42')}`, headers: { 'if-none-match': String(res.headers.etag) } });
        assert.equal(again.statusCode, 304, 'readers poll with If-None-Match');
      }
      // An empty feed is valid too.
      const empty = await t.inject({ url: `/v1/sites/alpha/activity.atom?subject=${S('nothing/here')}` });
      assert.ok(parseAtomFeed(empty.body).updated);
    });

    it('keeps a private site\'s activity to its signed-in users: their token, or a feed token for a reader', async () => {
      await updateSite(t.store.db, 'beta', { policy: { activityFeeds: 'token' } });
      t.app.forgetSite('beta');
      const anonymous = await t.inject({ url: '/v1/sites/beta/activity.atom' });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error.code, 'feed_token_required');
      const carol = await t.user(t.beta, 'carol');
      const signedIn = await t.inject({ url: '/v1/sites/beta/activity', headers: bearer(carol) });
      assert.equal(signedIn.statusCode, 200, signedIn.body);
      assert.match(String(signedIn.headers['cache-control']), /^private/);
      const issued = await t.inject({ method: 'POST', url: '/v1/sites/beta/activity/token', headers: bearer(carol) });
      assert.equal(issued.statusCode, 200, issued.body);
      const { token, feeds } = issued.json();
      assert.match(feeds.atom, /\/v1\/sites\/beta\/activity\.atom\?token=/);
      const path = new URL(feeds.rss).pathname + new URL(feeds.rss).search;
      assert.equal((await t.inject({ url: path })).statusCode, 200);
      const forged = await t.inject({ url: `/v1/sites/beta/activity.json?token=${S(`${token}x`)}` });
      assert.equal(forged.statusCode, 401);
      assert.equal(forged.json().error.code, 'feed_token_invalid');
      // Another site's feed token, and a feed token used as a user token, are worth nothing.
      const alphaToken = (await t.inject({ method: 'POST', url: '/v1/sites/alpha/activity/token', headers: bearer(await t.user(t.alpha, 'dan')) })).json().token;
      assert.equal((await t.inject({ url: `/v1/sites/beta/activity.json?token=${S(alphaToken)}` })).statusCode, 401);
      assert.equal((await t.inject({ method: 'PUT', url: '/v1/sites/beta/ratings/mine?subject=x', headers: { ...json, ...bearer(token) }, payload: '{"value":5}' })).statusCode, 401);
      // Visitors get no feed token.
      const guest = await t.guest(t.alpha);
      assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/activity/token', headers: bearer(guest) })).statusCode, 403);
      await updateSite(t.store.db, 'beta', { policy: { activityFeeds: 'public' } });
      t.app.forgetSite('beta');
      assert.equal((await t.inject({ url: '/v1/sites/beta/activity.atom' })).statusCode, 200);
    });
  });
}
