// End to end: the live stream. Two visitors (two browser contexts) on the same product page with the built
// script tag against the real server: B votes, A's count changes without a reload, through one stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { startKithServer, type KithServer } from './support/kith-server.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;

const page = (ratings: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Product</title>
<script src="${kith.url}/dist/kith.js" data-site="shop"></script></head>
<body><h1>Product</h1>${ratings}</body></html>`;

const countText = (p: Page, subject: string) => p.locator(`kith-rating[subject="${subject}"]`).locator('[part=count]');
const star = (p: Page, subject: string, n: number) =>
  p.locator(`kith-rating[subject="${subject}"]`).getByRole('radio', { name: n === 1 ? '1 star' : `${n} stars`, exact: true });

before(async () => {
  kith = await startKithServer();
  host = await startHostPage(kith.url);
  await kith.cli('site', 'create', '--id', 'shop', '--name', 'Shop', '--origin', host.origin, '--guests', 'rate');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
});

describe('live updates through the script tag against the real server', () => {
  test("B votes; A's count changes without a reload within 2 s, over one stream for all of A's widgets", async () => {
    host.set('/live', page(['product/live', 'product/other-1', 'product/other-2'].map((s) => `<kith-rating subject="${s}"></kith-rating>`).join('')));
    const alice = await browser.newContext();
    const bob = await browser.newContext();
    const a = await alice.newPage();
    const streams: Request[] = [];
    a.on('request', (request) => request.url().includes('/live?') && streams.push(request));
    const problems: string[] = [];
    a.on('pageerror', (e) => problems.push(String(e)));
    await a.goto(`${host.origin}/live`);
    await countText(a, 'product/live').filter({ hasText: 'No ratings yet' }).waitFor();
    const deadline = Date.now() + 5000;
    while (streams.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(streams.length, 1, 'one stream for the three widgets');
    assert.deepEqual(new URL(streams[0]!.url()).searchParams.getAll('subjects'), ['product/live', 'product/other-1', 'product/other-2']);

    const b = await bob.newPage();
    await b.goto(`${host.origin}/live`);
    await countText(b, 'product/live').filter({ hasText: 'No ratings yet' }).waitFor();
    await star(b, 'product/live', 4).click();
    const clicked = Date.now();
    await countText(a, 'product/live').filter({ hasText: '1 rating' }).waitFor({ timeout: 2000 });
    assert.ok(Date.now() - clicked < 2000);
    assert.match(await countText(a, 'product/live').innerText(), /4\s*·\s*1 rating/);
    // Only that subject changed on A's page; nothing was read again.
    assert.match(await countText(a, 'product/other-1').innerText(), /No ratings yet/);
    assert.equal(streams.length, 1, 'still one stream');

    // A second vote from B (a change of mind) arrives too.
    await star(b, 'product/live', 2).click();
    await countText(a, 'product/live').filter({ hasText: /^2\s*·\s*1 rating/ }).waitFor({ timeout: 2000 });
    assert.deepEqual(problems, []);
    await alice.close();
    await bob.close();
  });

  test("a vote made after A's widgets read their data but before A's stream opened still reaches A (the stream resumes from the reads' position)", async () => {
    host.set('/gap', page('<kith-rating subject="product/gap"></kith-rating>'));
    const alice = await browser.newContext();
    const bob = await browser.newContext();
    // A's live code is held back until B has voted: the vote falls between A's read and A's stream.
    let release!: () => void;
    const voted = new Promise<void>((resolve) => (release = resolve));
    await alice.route(/\/chunks\/live-[^/]+\.js$/, async (route) => {
      await voted;
      await route.continue();
    });
    const a = await alice.newPage();
    const streams: Request[] = [];
    a.on('request', (request) => request.url().includes('/live?') && streams.push(request));
    await a.goto(`${host.origin}/gap`);
    await countText(a, 'product/gap').filter({ hasText: 'No ratings yet' }).waitFor();

    const b = await bob.newPage();
    await b.goto(`${host.origin}/gap`);
    await star(b, 'product/gap', 5).click();
    await countText(b, 'product/gap').filter({ hasText: '1 rating' }).waitFor();
    assert.equal(streams.length, 0, "A's stream is not open yet");
    release();

    await countText(a, 'product/gap').filter({ hasText: /^5\s*·\s*1 rating/ }).waitFor({ timeout: 3000 });
    assert.equal(streams.length, 1);
    assert.match(new URL(streams[0]!.url()).searchParams.get('lastEventId') ?? '', /^\d+$/, 'the stream resumed from the read');
    await alice.close();
    await bob.close();
  });
});
