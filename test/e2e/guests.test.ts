// End to end, the defences against ballot stuffing as a guest meets them: the built bundle through the
// script tag on a host page under a strict CSP and Trusted Types (no worker from a blob:, so the proof of
// work runs on the page), the real server, Chromium. A site asking for proof of work still lets a guest
// vote with one click; the cap per network stops the guest one over it; a moderator's purge by IP takes
// that network's votes back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { startKithServer, type KithServer } from './support/kith-server.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;

const doc = (site: string, subject: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Product</title><link rel="icon" href="data:,">
<script src="${kith.url}/dist/kith.js" data-site="${site}"></script></head>
<body><kith-rating subject="${subject}"></kith-rating></body></html>`;

const summary = async (site: string, subject: string) =>
  (await fetch(`${kith.url}/v1/sites/${site}/ratings?subject=${encodeURIComponent(subject)}`, { headers: { 'cache-control': 'no-cache' } })).json() as Promise<{
    count: number;
    histogram: number[];
  }>;

before(async () => {
  kith = await startKithServer([], { RATE_LIMIT_WRITES_PER_IP: '100000' });
  host = await startHostPage(kith.url);
  await kith.cli('site', 'create', '--id', 'pow', '--name', 'Proof of work', '--origin', host.origin, '--guests', 'rate', '--guest-proof-of-work', 'on');
  await kith.cli('site', 'create', '--id', 'capped', '--name', 'Capped', '--origin', host.origin, '--guests', 'rate', '--guest-votes-per-network', '2');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
});

/** A new guest (own browser profile) opens `path` and clicks star `n`; resolves with the page once settled. */
async function voteAsNewGuest(path: string, n: number): Promise<{ page: Page; close: () => Promise<void>; requests: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname.replace(/^\/v1\/sites\/\w+\//, '')}`));
  await page.goto(host.origin + path);
  await page.waitForFunction(() => document.querySelector('kith-rating')!.matches(':state(loaded)'));
  await page.locator('kith-rating').getByRole('radio', { name: n == 1 ? '1 star' : `${n} stars`, exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('kith-rating')!.matches(':state(pending)'), undefined, { timeout: 20_000 });
  return { page, requests, close: () => context.close() };
}

describe('guests against ballot stuffing, through the script tag', () => {
  test('a site that asks for proof of work: one click, the challenge solved on the page (no worker allowed), the vote saved', async () => {
    host.set('/pow', doc('pow', 'product/pow'));
    const started = Date.now();
    const { page, requests, close } = await voteAsNewGuest('/pow', 4);
    try {
      const seconds = (Date.now() - started) / 1000;
      assert.ok(requests.includes('GET visitors/challenge') && requests.includes('POST visitors'), requests.join(', '));
      // This host page (Trusted Types, no blob: in its CSP) lets no script make a worker, so the page itself solved it.
      const worker = await page.evaluate(() => {
        try {
          new Worker(URL.createObjectURL(new Blob([''])));
          return 'made';
        } catch (error) {
          return (error as Error).name;
        }
      });
      assert.notEqual(worker, 'made');
      assert.match(await page.locator('kith-rating').locator('[part=message]').innerText(), /Your rating: 4 stars/);
      assert.deepEqual((await summary('pow', 'product/pow')).histogram, [0, 0, 0, 1, 0]);
      console.log(`  proof of work on a strict-CSP page: vote saved ${seconds.toFixed(1)} s after the page was opened`);
    } finally {
      await close();
    }
  });

  test('the cap per network: the third guest of one network (cap 2) is told, the vote taken back; a purge by IP takes the others back', async () => {
    host.set('/capped', doc('capped', 'product/cap'));
    for (const n of [5, 5]) await (await voteAsNewGuest('/capped', n)).close();
    const third = await voteAsNewGuest('/capped', 5);
    try {
      await third.page.locator('kith-rating').locator('[part=message]').filter({ hasText: 'Too many guest ratings from your network today. Sign in to rate.' }).waitFor();
      assert.equal(await third.page.locator('kith-rating').locator('[part=count]').innerText(), '5 · 2 ratings');
    } finally {
      await third.close();
    }
    assert.deepEqual((await summary('capped', 'product/cap')).histogram, [0, 0, 0, 0, 2]);
    const listed = await kith.cli('votes', 'list', '--site', 'capped', '--ip', '127.0.0.1');
    assert.match(listed, /product\/cap/);
    assert.doesNotMatch(listed, /127\.0\.0\.1\b.*product/, 'the raw address is never stored or shown beside a vote');
    await kith.cli('votes', 'purge', '--site', 'capped', '--ip', '127.0.0.1');
    // The CLI is another process: the server's own copy of a summary lives up to 1 s (docs/performance.md).
    await new Promise((done) => setTimeout(done, 1100));
    assert.deepEqual((await summary('capped', 'product/cap')).histogram, [0, 0, 0, 0, 0]);
  });
});
