// The feed proxy's route (issue 11) against a local feed server: normalized JSON, encodings, content types,
// redirects, limits, conditional requests, one upstream fetch for concurrent reads, the last good copy served stale,
// the per-site host allowlist, and every kind of bad URL answered 4xx.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FetchOptions } from '../../../../src/feeds/fetch.ts';
import { FEED_CACHE_CONTROL } from '../../../../src/routes/v1/sites/feeds.ts';
import { FeedProxy } from '../../../../src/services/feeds.ts';
import { DEFAULT_POLICY, updateSite } from '../../../../src/services/sites.ts';
import { bearer, legs, useApp } from '../../../helpers.ts';

const LOCAL = '127.0.0.1';
let server: Server;
let port = 0;
const routes = new Map<string, (request: IncomingMessage, response: ServerResponse) => void>();
const hits = new Map<string, number>();

/** *.feeds.test is the local server; any other name is a public address nobody can reach here. */
const fetchOptions: FetchOptions = {
  resolve: async (name) => (/(^|\.)feeds\.test$/.test(name) ? [{ address: LOCAL, family: 4 }] : [{ address: '93.184.215.14', family: 4 }]),
  allowed: (address) => address === LOCAL || address === '93.184.215.14',
  timeoutMs: 1500,
  maxBytes: 256 * 1024,
};
const feedUrl = (path: string, host = 'feeds.test') => `http://${host}:${port}${path}`;
const query = (url: string) => `?url=${encodeURIComponent(url)}`;

function serve(path: string, handler: (request: IncomingMessage, response: ServerResponse) => void): string {
  routes.set(path, handler);
  return feedUrl(path);
}

function xml(body: string | Buffer, type = 'application/rss+xml; charset=utf-8', headers: Record<string, string> = {}) {
  return (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': type, ...headers });
    response.end(body);
  };
}

const RSS = (title: string, more = '') =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>https://news.example/</link>` +
  `<item><title>First</title><link>/posts/1</link><guid>post-1</guid><pubDate>Tue, 01 Dec 2026 09:30:00 GMT</pubDate>` +
  `<description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</description><enclosure url="/ep1.mp3" type="audio/mpeg" length="1234"/></item>${more}</channel></rss>`;

before(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) handler(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, LOCAL, done));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))));

for (const leg of legs()) {
  describe(`feed proxy route (${leg.name})`, () => {
    const t = useApp(leg, {}, { feedFetch: fetchOptions });
    const read = (url: string, site = 'alpha') => t.inject({ url: `/v1/sites/${site}/feeds${query(url)}` });
    const leg_ = leg.name;

    it('reads a feed as normalized JSON: text titles, absolute links, ISO dates, the safe tree, enclosures', async () => {
      const url = serve(`/${leg_}/rss`, xml(RSS('News &amp; views')));
      const res = await read(url);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], FEED_CACHE_CONTROL);
      const body = res.json();
      assert.equal(body.url, url);
      assert.equal(body.stale, false);
      assert.deepEqual(body.feed, {
        format: 'rss',
        title: 'News & views',
        link: 'https://news.example/',
        items: [
          {
            id: 'post-1',
            title: 'First',
            link: `${feedUrl('')}/posts/1`,
            published: '2026-12-01T09:30:00Z',
            summary: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Hello ' }, { type: 'strong', children: [{ type: 'text', value: 'world' }] }] }] },
            enclosures: [{ url: `${feedUrl('')}/ep1.mp3`, type: 'audio/mpeg', length: 1234 }],
            categories: [],
          },
        ],
      });
      const again = await t.inject({ url: `/v1/sites/alpha/feeds${query(url)}`, headers: { 'if-none-match': res.headers.etag as string } });
      assert.equal(again.statusCode, 304);
      assert.equal(hits.get(`/${leg_}/rss`), 1, 'the second read came from the cache');
    });

    it('honours the encoding: the HTTP charset, the XML declaration, a UTF-16 byte order mark', async () => {
      const latin1 = Buffer.from(RSS('Caf\u00e9 cr\u00e8me').replace('encoding="utf-8"', 'encoding="iso-8859-1"'), 'latin1');
      const cases: [string, (request: IncomingMessage, response: ServerResponse) => void][] = [
        [`/${leg_}/charset`, xml(latin1, 'application/rss+xml; charset=ISO-8859-1')],
        [`/${leg_}/declared`, xml(latin1, 'text/xml')],
        [`/${leg_}/utf16`, xml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RSS('Caf\u00e9 cr\u00e8me').replace('utf-8', 'utf-16'), 'utf16le')]), 'application/xml')],
      ];
      for (const [path, handler] of cases) {
        const res = await read(serve(path, handler));
        assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
        assert.equal(res.json().feed.title, 'Café crème', path);
      }
    });

    it('reads a feed whatever type it is served as, and refuses what is not a feed (422)', async () => {
      assert.equal((await read(serve(`/${leg_}/as-text`, xml(RSS('Plain'), 'text/plain')))).json().feed.title, 'Plain');
      assert.equal((await read(serve(`/${leg_}/json`, xml(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [] }), 'application/feed+json')))).json().feed.title, 'J');
      for (const [path, body, type] of [
        [`/${leg_}/page`, '<!doctype html><html><body><h1>Not a feed</h1></body></html>', 'text/html'],
        [`/${leg_}/image`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image/png'],
        [`/${leg_}/empty`, '', 'application/rss+xml'],
      ] as const) {
        const res = await read(serve(path, xml(body, type)));
        assert.equal(res.statusCode, 422, `${path}: ${res.body}`);
        assert.equal(res.json().error.code, 'feed_unreadable');
      }
    });

    it('follows up to 5 redirects, refuses a sixth, and refuses a redirect to a private address', async () => {
      for (let hop = 0; hop < 6; hop += 1) {
        serve(`/${leg_}/hop${hop}`, (_request, response) => response.writeHead(302, { location: `/${leg_}/hop${hop + 1}` }).end());
      }
      serve(`/${leg_}/hop6`, xml(RSS('Six hops away')));
      serve(`/${leg_}/hop-start`, (_request, response) => response.writeHead(301, { location: `/${leg_}/hop2` }).end());
      const near = await read(feedUrl(`/${leg_}/hop-start`));
      assert.equal(near.statusCode, 200, near.body);
      assert.equal(near.json().feed.title, 'Six hops away');
      const far = await read(feedUrl(`/${leg_}/hop0`));
      assert.equal(far.statusCode, 422, far.body);
      assert.equal(far.json().error.code, 'feed_too_many_redirects');
      const metadata = await read(serve(`/${leg_}/to-metadata`, (_request, response) => response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()));
      assert.equal(metadata.statusCode, 403, metadata.body);
      assert.equal(metadata.json().error.code, 'feed_refused');
    });

    it('gives up on a slow feed (timeout) and a large one (size cap), with a readable 422', async () => {
      const slow = await read(serve(`/${leg_}/slow`, (_request, response) => setTimeout(() => xml(RSS('Late'))(_request, response), 3000)));
      assert.equal(slow.statusCode, 422, slow.body);
      assert.equal(slow.json().error.code, 'feed_timeout');
      const large = await read(serve(`/${leg_}/large`, xml(RSS('x'.repeat(300 * 1024)))));
      assert.equal(large.statusCode, 422, large.body);
      assert.equal(large.json().error.code, 'feed_too_large');
      const gone = await read(serve(`/${leg_}/gone`, (_request, response) => response.writeHead(410).end()));
      assert.equal(gone.statusCode, 422);
      assert.equal(gone.json().error.code, 'feed_http_error');
    });

    it('answers every bad URL with a 4xx that says what is wrong', async () => {
      const cases: [string, number, string][] = [
        ['javascript:alert(1)', 400, 'feed_url_invalid'],
        ['file:///etc/passwd', 400, 'feed_url_invalid'],
        ['not a url', 400, 'feed_url_invalid'],
        ['http://user:secret@feeds.test/', 400, 'feed_url_invalid'],
        // (these tests allow 127.0.0.1 itself: it is their feed server)
        ['http://127.0.0.2/feed', 403, 'feed_refused'],
        ['http://[::1]/feed', 403, 'feed_refused'],
        ['http://localhost/feed', 403, 'feed_refused'],
        ['http://169.254.169.254/latest/meta-data/', 403, 'feed_refused'],
        ['http://2130706434/', 403, 'feed_refused'],
        ['http://10.0.0.1/', 403, 'feed_refused'],
      ];
      for (const [url, status, code] of cases) {
        const res = await read(url);
        assert.equal(res.statusCode, status, `${url}: ${res.body}`);
        assert.equal(res.json().error.code, code, url);
      }
      assert.equal((await t.inject({ url: '/v1/sites/alpha/feeds' })).statusCode, 400);
      assert.equal((await t.inject({ url: `/v1/sites/alpha/feeds${query('https://a.example/')}&extra=1` })).statusCode, 400);
    });

    it('reads only the hosts a site allows, when it names them (policy.feedHosts)', async () => {
      serve(`/${leg_}/allowed`, xml(RSS('Allowed')));
      await updateSite(t.store.db, 'beta', { policy: { feedHosts: ['*.feeds.test'] } });
      t.app.forgetSite('beta');
      const allowed = await read(feedUrl(`/${leg_}/allowed`, 'news.feeds.test'), 'beta');
      assert.equal(allowed.statusCode, 200, allowed.body);
      const bare = await read(feedUrl(`/${leg_}/allowed`, 'feeds.test'), 'beta');
      assert.equal(bare.statusCode, 200, 'the wildcard covers the domain itself');
      const other = await read('https://elsewhere.example/feed.xml', 'beta');
      assert.equal(other.statusCode, 403, other.body);
      assert.equal(other.json().error.code, 'feed_host_not_allowed');
      await updateSite(t.store.db, 'beta', { policy: { feedHosts: [] } });
      t.app.forgetSite('beta');
    });

    it('imports an OPML feed list with an API key, lists it publicly, removes a feed, and refuses bad input', async () => {
      const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body><outline text="Folder">` +
        `<outline text="One" xmlUrl="https://one.example/feed"/><outline text="Local" xmlUrl="http://localhost/feed"/></outline>` +
        `<outline text="Two" xmlUrl="https://two.example/rss?x=1"/><outline text="Not a URL" xmlUrl="feed.xml"/></body></opml>`;
      const post = (body: string, headers: Record<string, string> = { 'content-type': 'text/x-opml', ...bearer(t.alphaKey) }) =>
        t.inject({ method: 'POST', url: '/v1/sites/alpha/feeds/import', headers, payload: body });
      const res = await post(opml);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        received: 4,
        stored: 2,
        refused: [
          { url: 'http://localhost/feed', title: 'Local', reason: 'localhost is a local name' },
          { url: 'feed.xml', title: 'Not a URL', reason: 'not an absolute URL' },
        ],
      });
      const list = await t.inject({ url: '/v1/sites/alpha/feeds/list' });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().items.map((feed: { url: string; title: string }) => [feed.title, feed.url]), [['One', 'https://one.example/feed'], ['Two', 'https://two.example/rss?x=1']]);
      const removed = await t.inject({ method: 'DELETE', url: `/v1/sites/alpha/feeds/list${query('https://one.example/feed')}`, headers: bearer(t.alphaKey) });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.deepEqual(removed.json(), { url: 'https://one.example/feed', removed: true });
      assert.equal((await t.inject({ url: '/v1/sites/alpha/feeds/list' })).json().items.length, 1);
      assert.equal((await post(opml, { 'content-type': 'text/x-opml' })).statusCode, 401, 'an API key is needed');
      assert.equal((await post(opml, { 'content-type': 'application/pdf', ...bearer(t.alphaKey) })).statusCode, 415);
      const notOpml = await post('<html><body>hello</body></html>');
      assert.equal(notOpml.statusCode, 400, notOpml.body);
      assert.match(notOpml.json().error.message, /not an OPML document/);
      assert.equal((await post('<opml')).statusCode, 400);
    });

    it('reads several feeds in one batch, external and Kith\'s own, each answered or failed on its own', async () => {
      const good = serve(`/${leg_}/batch-good`, xml(RSS('Batch')));
      const keys = [good, 'javascript:alert(1)', 'http://10.0.0.1/feed', 'activity', 'activity:subject=product/1', 'activity:tag=crm', good];
      const res = await t.inject({ url: `/v1/sites/alpha/feeds/batch?${keys.map((key) => `subject=${encodeURIComponent(key)}`).join('&')}` });
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items;
      assert.deepEqual(items.map((item: { subject: string }) => item.subject), keys.slice(0, 6), 'one answer per key, repeats once, in order');
      assert.equal(items[0].feed.title, 'Batch');
      assert.deepEqual(items[1].error.code, 'feed_url_invalid');
      assert.deepEqual(items[2].error.code, 'feed_refused');
      assert.equal(items[3].feed.format, 'kith');
      assert.equal(items[4].feed.format, 'kith');
      assert.equal(items[5].feed.title, 'Alpha CRM: activity tagged crm');
      assert.match(String(res.headers['cache-control']), /max-age=10/, 'a batch with a failed item is kept briefly');
      assert.equal((await t.inject({ url: `/v1/sites/alpha/feeds/batch` })).statusCode, 400);
      // As many keys as a page's widgets batch in one request: a CRM list of 200 rows, each its latest activity.
      const rows = Array.from({ length: 200 }, (_, i) => `subject=${encodeURIComponent(`activity:subject=account/${i}`)}`);
      const many = await t.inject({ url: `/v1/sites/alpha/feeds/batch?${rows.join('&')}` });
      assert.equal(many.statusCode, 200, many.body);
      assert.equal(many.json().items.length, 200);
      assert.equal((await t.inject({ url: `/v1/sites/alpha/feeds/batch?${rows.join('&')}&subject=activity` })).statusCode, 400, 'more than 200');
      await updateSite(t.store.db, 'beta', { policy: { activityFeeds: 'token' } });
      t.app.forgetSite('beta');
      const closed = (await t.inject({ url: '/v1/sites/beta/feeds/batch?subject=activity' })).json().items[0];
      assert.equal(closed.error.code, 'feed_token_required');
      const open = (await t.inject({ url: '/v1/sites/beta/feeds/batch?subject=activity', headers: bearer(await t.user(t.beta, 'erin')) })).json().items[0];
      assert.equal(open.feed.format, 'kith');
      await updateSite(t.store.db, 'beta', { policy: { activityFeeds: 'public' } });
      t.app.forgetSite('beta');
    });

    it('never lets script through: every field of a hostile feed comes out as text or the safe tree', async () => {
      const evil = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&lt;a href="javascript:alert(3)"&gt;x&lt;/a&gt;';
      const body = `<rss version="2.0"><channel><title>${evil}T</title><link>javascript:alert(4)</link><description>${evil}</description>` +
        `<item><title>${evil}I</title><link>javascript:alert(5)</link><description>${evil}</description><author>${evil}</author>` +
        `<category>${evil}</category><enclosure url="javascript:alert(6)" type="audio/mpeg"/></item></channel></rss>`;
      const res = await read(serve(`/${leg_}/evil`, xml(body)));
      assert.equal(res.statusCode, 200, res.body);
      assert.doesNotMatch(res.body, /<script|onerror|javascript:/i);
      const { feed } = res.json();
      assert.equal(feed.title, 'xT', 'the text of the link stays, as text');
      assert.equal(feed.link, undefined);
      assert.equal(feed.items[0].link, undefined);
      assert.deepEqual(feed.items[0].enclosures, []);
      assert.deepEqual(feed.items[0].categories, ['x']);
      assert.doesNotMatch(feed.items[0].author.name, /[<>]/);
    });
  });
}

describe('FeedProxy', () => {
  const [leg] = legs();
  const t = useApp(leg!, {}, { feedFetch: fetchOptions });

  it('shares one upstream fetch among concurrent reads of a URL', async () => {
    const url = serve('/shared', (request, response) => setTimeout(() => xml(RSS('Shared'))(request, response), 200));
    const proxy = new FeedProxy(t.store, { fetch: fetchOptions });
    const reads = await Promise.all(Array.from({ length: 20 }, () => proxy.read(url, DEFAULT_POLICY)));
    assert.ok(reads.every((read) => read.feed.title === 'Shared'));
    assert.equal(hits.get('/shared'), 1);
    assert.equal(proxy.fetches, 1);
  });

  it('renews a copy with a conditional request after its TTL, and serves the last good copy stale when the upstream fails', async () => {
    let state: 'ok' | 'down' = 'ok';
    let conditional = 0;
    const url = serve('/flaky', (request, response) => {
      if (state === 'down') return response.writeHead(503).end();
      if (request.headers['if-none-match'] === '"v1"') {
        conditional += 1;
        return response.writeHead(304).end();
      }
      xml(RSS('Flaky'), 'application/rss+xml', { etag: '"v1"' })(request, response);
    });
    const proxy = new FeedProxy(t.store, { fetch: fetchOptions, ttlMs: 0 });
    const first = await proxy.read(url, DEFAULT_POLICY);
    assert.equal(first.stale, false);
    const renewed = await proxy.read(url, DEFAULT_POLICY);
    assert.equal(conditional, 1, 'asked with If-None-Match, answered 304');
    assert.equal(renewed.feed.title, 'Flaky');
    assert.equal(renewed.fetchedAt, first.fetchedAt, 'a 304 keeps the copy');
    state = 'down';
    const stale = await proxy.read(url, DEFAULT_POLICY);
    assert.equal(stale.stale, true);
    assert.equal(stale.feed.title, 'Flaky');
    // Another instance (a new proxy on the same store) has the copy too.
    const elsewhere = await new FeedProxy(t.store, { fetch: fetchOptions, ttlMs: 0 }).read(url, DEFAULT_POLICY);
    assert.equal(elsewhere.stale, true);
    assert.equal(elsewhere.feed.title, 'Flaky');
  });

  it('remembers a failure for a minute instead of asking a dead feed on every read', async () => {
    const url = serve('/dead', (_request, response) => response.writeHead(500).end());
    const proxy = new FeedProxy(t.store, { fetch: fetchOptions });
    for (let i = 0; i < 5; i += 1) await assert.rejects(proxy.read(url, DEFAULT_POLICY), /500/);
    assert.equal(hits.get('/dead'), 1);
  });
});
