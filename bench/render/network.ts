// What a page downloads, from the Chrome DevTools Protocol's Network domain of its tab: every request the
// page makes except the document itself, the browser's favicon request and data: URLs, split into calls to the Kith API (…/v1/…) and files
// (scripts, stylesheets, from the Kith server or the Shoelace CDN). Bytes are response bodies as they came
// over the wire, still compressed, without headers: Network.loadingFinished's encodedDataLength (all bytes
// received for the request) minus Network.responseReceived's response.encodedDataLength (the bytes received
// up to the end of the headers), which is how playwright computes request.sizes().responseBodySize.
// (Network.dataReceived is no good: Chromium reports 0 for a body that arrives together with its headers.)
// A response the HTTP cache answers counts as a request "from cache" and 0 bytes.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface Traffic {
  api: number;
  files: number;
  /** Of the above, answered by the browser's cache (memory or disk) without a network round trip. */
  apiCached: number;
  filesCached: number;
  apiBytes: number;
  filesBytes: number;
}

interface Seen {
  url: string;
  api: boolean;
  cached: boolean;
  headerBytes: number;
  bytes: number;
  finished: boolean;
}

export interface NetworkWatch {
  /** Forgets everything seen so far (call before a navigation). */
  reset(): void;
  /** Resolves once no request is in flight and nothing happened for `quietMs` (at most `maxMs`). */
  settle(quietMs?: number, maxMs?: number): Promise<void>;
  traffic(): Traffic;
}

export async function watchNetwork(context: BrowserContext, page: Page, kithOrigin: string): Promise<NetworkWatch> {
  const cdp: CDPSession = await context.newCDPSession(page);
  let requests = new Map<string, Seen>();
  let last = Date.now();
  const seen = (id: string) => requests.get(id);
  cdp.on('Network.requestWillBeSent', (e) => {
    last = Date.now();
    const url = e.request.url;
    // Not the page's own requests: the document, and the favicon Chromium fetches by itself.
    if (e.type === 'Document' || !/^https?:/.test(url) || new URL(url).pathname === '/favicon.ico') return;
    // A redirect reuses the request id: the hop before it is a request of its own, and finished.
    const before = seen(e.requestId);
    if (before && e.redirectResponse) requests.set(`${e.requestId}#${requests.size}`, { ...before, finished: true });
    requests.set(e.requestId, { url, api: url.startsWith(`${kithOrigin}/v1/`), cached: false, headerBytes: 0, bytes: 0, finished: false });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = seen(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    last = Date.now();
    const r = seen(e.requestId);
    if (!r) return;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.cached = true;
    r.headerBytes = e.response.encodedDataLength;
  });
  cdp.on('Network.dataReceived', () => (last = Date.now()));
  cdp.on('Network.loadingFinished', (e) => {
    last = Date.now();
    const r = seen(e.requestId);
    if (!r) return;
    r.finished = true;
    r.bytes = r.cached ? 0 : Math.max(0, e.encodedDataLength - r.headerBytes);
  });
  cdp.on('Network.loadingFailed', (e) => {
    last = Date.now();
    const r = seen(e.requestId);
    if (r) r.finished = true;
  });
  await cdp.send('Network.enable');

  return {
    reset() {
      requests = new Map();
      last = Date.now();
    },
    async settle(quietMs = 150, maxMs = 5_000) {
      const until = Date.now() + maxMs;
      while (Date.now() < until) {
        const busy = [...requests.values()].some((r) => !r.finished);
        if (!busy && Date.now() - last >= quietMs) return;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    traffic() {
      const t: Traffic = { api: 0, files: 0, apiCached: 0, filesCached: 0, apiBytes: 0, filesBytes: 0 };
      for (const r of requests.values()) {
        if (r.api) {
          t.api++;
          t.apiCached += Number(r.cached);
          t.apiBytes += r.bytes;
        } else {
          t.files++;
          t.filesCached += Number(r.cached);
          t.filesBytes += r.bytes;
        }
      }
      return t;
    },
  };
}
