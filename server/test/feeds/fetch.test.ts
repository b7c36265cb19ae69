// The feed proxy's fetcher (issue 11) against a local feed server: it fetches through a name the stub resolver
// maps to the server (the only address these tests allow), follows redirects and checks each target, refuses a
// redirect to every blocked URL of the SSRF corpus, connects only to the address it checked (DNS rebinding), and
// keeps to its limits: redirects, time, size (after decompression too), conditional requests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isPublicAddress } from '../../src/feeds/addresses.ts';
import { FeedFetchError, fetchFeed, MAX_REDIRECTS, type FetchOptions } from '../../src/feeds/fetch.ts';

const LOCAL = '127.0.0.1';
let server: Server;
let port = 0;
let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.end();
let lookups = 0;

/** feeds.test and its subdomains are the local server; anything else is a public address nobody can reach here. */
const options = (more: FetchOptions = {}): FetchOptions => ({
  resolve: async (name) => {
    lookups++;
    return /(^|\.)feeds\.test$/.test(name) ? [{ address: LOCAL, family: 4 }] : [{ address: '93.184.215.14', family: 4 }];
  },
  allowed: (address) => address == LOCAL || address == '93.184.215.14',
  ...more,
});
const url = (path: string) => `http://feeds.test:${port}${path}`;

const refusal = async (promise: Promise<unknown>, code: string) => {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof FeedFetchError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
};

before(async () => {
  server = createServer((request, response) => handle(request, response));
  await new Promise<void>((done) => server.listen(0, LOCAL, done));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))));

describe('fetchFeed', () => {
  it('fetches a feed with its type and validators, and answers notModified to a conditional request', async () => {
    handle = (request, response) => {
      if (request.headers['if-none-match'] == '"v1"') return response.writeHead(304).end();
      response.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' });
      response.end('<feed xmlns="http://www.w3.org/2005/Atom"/>');
    };
    const got = await fetchFeed(url('/atom'), options());
    assert.equal(got.notModified, false);
    if (got.notModified) return;
    assert.equal(got.body.toString(), '<feed xmlns="http://www.w3.org/2005/Atom"/>');
    assert.equal(got.contentType, 'application/atom+xml; charset=utf-8');
    assert.equal(got.etag, '"v1"');
    assert.equal(got.lastModified, 'Tue, 01 Dec 2026 10:00:00 GMT');
    assert.deepEqual(await fetchFeed(url('/atom'), options({ etag: '"v1"' })), { notModified: true, url: url('/atom') });
  });

  it(`follows up to ${MAX_REDIRECTS} redirects (relative and absolute), not one more`, async () => {
    handle = (request, response) => {
      const hops = Number(new URL(request.url!, 'http://x').searchParams.get('hops'));
      if (hops > 0) return response.writeHead(302, { location: hops % 2 ? `/r?hops=${hops - 1}` : url(`/r?hops=${hops - 1}`) }).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss/>');
    };
    const got = await fetchFeed(url(`/r?hops=${MAX_REDIRECTS}`), options());
    assert.ok(!got.notModified && got.body.toString() == '<rss/>' && got.url == url('/r?hops=0'));
    await refusal(fetchFeed(url(`/r?hops=${MAX_REDIRECTS + 1}`), options()), 'feed_too_many_redirects');
  });

  it('refuses a redirect to every blocked URL of the SSRF corpus that needs no DNS', async () => {
    const { cases } = JSON.parse(readFileSync(new URL('../../../../shared/corpora/ssrf/ssrf-cases.json', import.meta.url), 'utf8')) as {
      cases: { id: number; input: string; kind: string; expect: string; needs_dns_or_network: boolean }[];
    };
    const targets = cases.filter((c) => c.kind == 'url' && c.expect == 'block' && !c.needs_dns_or_network);
    assert.ok(targets.length > 100);
    let location = '';
    handle = (_request, response) => {
      try {
        response.writeHead(302, { location }).end();
      } catch {
        response.writeHead(302, { location: encodeURI(location) }).end(); // a header cannot carry every character
      }
    };
    for (const target of targets) {
      location = target.input;
      // The first hop may reach the local server; the target gets the default check (public addresses only), and
      // a name in it resolves to a public address: only the check of the target itself can refuse it.
      let first = true;
      await refusal(fetchFeed(url('/go'), options({ allowed: (address) => (first ? ((first = false), address == LOCAL) : isPublicAddress(address)) })), 'feed_refused').catch((error) => {
        throw new Error(`#${target.id} ${target.input}: ${error.message}`);
      });
    }
  });

  it('connects to the address it checked: a name that answers differently later (DNS rebinding) is not asked again', async () => {
    handle = (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"https://jsonfeed.org/version/1.1","items":[]}');
    let answers = 0;
    const rebinding: FetchOptions = {
      resolve: async () => (answers++ == 0 ? [{ address: LOCAL, family: 4 }] : [{ address: '169.254.169.254', family: 4 }]),
      allowed: (address) => address == LOCAL,
    };
    const got = await fetchFeed(`http://rebind.example:${port}/feed.json`, rebinding);
    assert.ok(!got.notModified && got.body.toString().includes('jsonfeed'));
    assert.equal(answers, 1, 'looked up once, and the socket used that answer');
  });

  it('refuses a name with any address that is not allowed, and says when it does not resolve', async () => {
    await refusal(fetchFeed('http://mixed.example/feed', { resolve: async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }] }), 'feed_refused');
    await refusal(fetchFeed('http://nx.example/feed', { resolve: async () => Promise.reject(new Error('ENOTFOUND')) }), 'feed_unreachable');
    await refusal(fetchFeed('ftp://example.com/feed'), 'feed_refused');
  });

  it('keeps to its limits: time, size as sent and size after decompression; an upstream error is said', async () => {
    handle = () => {}; // never answers
    const started = Date.now();
    await refusal(fetchFeed(url('/slow'), options({ timeoutMs: 300 })), 'feed_timeout');
    assert.ok(Date.now() - started < 3000);
    handle = (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(2048) }).end('x'.repeat(2048));
    await refusal(fetchFeed(url('/big'), options({ maxBytes: 1024 })), 'feed_too_large');
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      for (let i = 0; i < 4; i++) response.write('y'.repeat(512));
      response.end();
    };
    await refusal(fetchFeed(url('/chunked'), options({ maxBytes: 1024 })), 'feed_too_large');
    const bomb = gzipSync(Buffer.alloc(6 * 1024 * 1024));
    handle = (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb);
    assert.ok(bomb.length < 20_000);
    await refusal(fetchFeed(url('/bomb'), options()), 'feed_too_large');
    handle = (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync('<rss/>'));
    const small = await fetchFeed(url('/gz'), options());
    assert.ok(!small.notModified && small.body.toString() == '<rss/>');
    handle = (_request, response) => response.writeHead(503).end();
    await assert.rejects(fetchFeed(url('/down'), options()), (error: FeedFetchError) => error.code == 'feed_http_error' && error.status == 503);
  });
});
