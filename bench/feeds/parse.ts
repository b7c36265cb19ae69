// The feed proxy's parse of one big feed beside feedsmith's alone on the same bytes, in this process, alternating
// so that machine noise hits both. The proxy does more than feedsmith: it decodes the bytes, reads dates, resolves
// links and turns every item's HTML into the safe tree (parse5); the ratio is what that costs. Measured twice: as
// the proxy answers (it keeps the first MAX_ITEMS items, 100, though the XML is read whole), and reading every
// item, the same work feedsmith alone does.
import { parseFeed } from 'feedsmith';
import { parseFeedBytes } from '../../server/src/feeds/parse.ts';

export interface ParseTimes {
  bytes: number;
  items: number;
  feedsmithMs: number;
  /** As the proxy answers: the first 100 items. */
  proxyMs: number;
  /** Every item, like feedsmith. */
  proxyAllMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function measureParse(feed: string, rounds = 15): ParseTimes {
  const bytes = Buffer.from(feed);
  const items = (feed.match(/<item>/g) ?? []).length;
  const feedsmith: number[] = [];
  const proxy: number[] = [];
  const proxyAll: number[] = [];
  const options = { contentType: 'application/rss+xml; charset=utf-8', url: 'https://news.example/feed.xml' };
  // Warm up both (JIT).
  for (let i = 0; i < 3; i++) {
    parseFeed(bytes.toString('utf8'));
    parseFeedBytes(bytes, options);
    parseFeedBytes(bytes, { ...options, maxItems: Infinity });
  }
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    // feedsmith takes a string: decoding the bytes is part of its work too.
    const parsed = parseFeed(bytes.toString('utf8'));
    feedsmith.push(performance.now() - start);
    if (parsed.format != 'rss') throw new Error('bench feed not read as RSS');
    start = performance.now();
    const { document } = parseFeedBytes(bytes, options);
    proxy.push(performance.now() - start);
    if (!document.items.length) throw new Error('bench feed read as empty');
    start = performance.now();
    const all = parseFeedBytes(bytes, { ...options, maxItems: Infinity }).document;
    proxyAll.push(performance.now() - start);
    if (all.items.length != items) throw new Error(`the proxy read ${all.items.length} of ${items} items`);
  }
  return { bytes: bytes.length, items, feedsmithMs: median(feedsmith), proxyMs: median(proxy), proxyAllMs: median(proxyAll) };
}
