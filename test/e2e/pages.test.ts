// End to end, where admins and marketers paste the rating: a CRM table of 50 inline ratings in a 120 px
// column, a category page of 200 ratings, a site that refuses guests, and Windows high contrast. The real
// server, the built bundle through the script tag, on another origin under a strict CSP, in Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { startKithServer, type KithServer } from './support/kith-server.ts';
import { voteAsGuests } from './support/votes.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;

/** Each value of `votes` is a new guest voting it on every subject (other visitors). */
const seed = (site: string, subjects: string[], votes: number[]) => voteAsGuests(`${kith.url}/v1/sites/${site}`, subjects, votes.length, (_, guest) => votes[guest]!);

const doc = (site: string, body: string, head = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page</title><link rel="icon" href="data:,">${head}
<script src="${kith.url}/dist/kith.js" data-site="${site}"></script></head><body>${body}</body></html>`;

before(async () => {
  // Seeding casts a few hundred votes from this one address: above the default per-IP write limit.
  kith = await startKithServer([], { RATE_LIMIT_WRITES_PER_IP: '100000', RATE_LIMIT_WRITES_PER_USER: '100000' });
  host = await startHostPage(kith.url);
  // Up to 100 guests from this one machine (one network): no guest cap, which would stop at 10 (issue 7).
  await kith.cli('site', 'create', '--id', 'crm', '--name', 'CRM', '--origin', host.origin, '--guests', 'rate', '--guest-votes-per-network', '0');
  // Seeded while it still lets guests rate; the test then closes it to guests.
  await kith.cli('site', 'create', '--id', 'members', '--name', 'Members', '--origin', host.origin, '--guests', 'rate');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
});

describe('<kith-rating> on the pages it is pasted into', () => {
  test('a CRM table: every inline rating fits its 120 px cell on one line, and the rows stay one line high', async () => {
    const subjects = Array.from({ length: 50 }, (_, i) => `account/${1001 + i}`);
    // Counts up to three digits, the widest a 120 px cell has to hold before "1.2K".
    await seed('crm', subjects, [5, 4, 4, 3, 5, 2, 4]);
    await seed('crm', subjects.slice(0, 5), Array.from({ length: 93 }, (_, i) => 1 + (i % 5)));
    const rows = subjects
      .map((s, i) => `<tr><td>Account ${i}</td><td>Owner ${i}</td><td class="rating"><kith-rating variant="inline" subject="${s}"></kith-rating></td></tr>`)
      .join('');
    // A CRM's table: 13 px, 6/8 px cell padding, a 120 px rating column (styles in a file: the CSP allows no inline styles).
    host.set(
      '/crm.css',
      'table{border-collapse:collapse;font:13px/1.4 sans-serif}td{padding:6px 8px;white-space:nowrap;border-bottom:1px solid #ddd}td.rating{width:120px;max-width:120px;box-sizing:border-box;overflow:hidden}',
      'text/css',
    );
    const textRow = '<tr><td>Account</td><td>Owner</td><td class="rating">No rating</td></tr>';
    host.set('/crm', doc('crm', `<table><tbody>${textRow}${rows}${textRow}</tbody></table>`, '<link rel="stylesheet" href="/crm.css">'));
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${host.origin}/crm`);
    await page.waitForFunction(() => [...document.querySelectorAll('kith-rating')].every((e) => e.matches(':state(loaded)')));
    const cells = await page.$$eval('td.rating', (tds) =>
      tds.map((td) => {
        const widget = td.querySelector('kith-rating');
        const count = widget?.shadowRoot?.querySelector<HTMLElement>('[part=count]');
        const row = td.getBoundingClientRect();
        return {
          text: count?.textContent ?? '',
          cut: count ? count.scrollWidth > count.clientWidth : false,
          inside: widget ? widget.getBoundingClientRect().right <= row.right - 8 + 0.5 : true,
          rowHeight: Math.round(row.height * 10) / 10,
        };
      }),
    );
    // Rows between others (collapsed borders make the first row half a border lower than the rest).
    const ratings = cells.slice(1, -1);
    const textOnly = cells.at(-1)!;
    assert.equal(ratings.length, 50);
    assert.deepEqual(ratings.filter((c) => c.cut || !c.inside), [], 'no rating is cut or spills out of its cell');
    assert.ok(ratings.some((c) => c.text.includes('(100)')), `three-digit counts are there: ${ratings[0]!.text}`);
    assert.deepEqual([...new Set(ratings.map((c) => c.rowHeight))], [textOnly.rowHeight], 'every row as high as a row of text only');
    await context.close();
  });

  test('a category page of 200 ratings makes at most 2 API requests, and opens one live stream', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `<p>Product ${i} <kith-rating variant="inline" subject="product/${i}"></kith-rating></p>`).join('');
    host.set('/category', doc('crm', body));
    const context = await browser.newContext();
    const page = await context.newPage();
    const api: string[] = [];
    page.on('request', (request) => request.url().includes('/v1/') && api.push(`${request.method()} ${new URL(request.url()).pathname}`));
    await page.goto(`${host.origin}/category`);
    await page.waitForFunction(() => [...document.querySelectorAll('kith-rating')].every((e) => e.matches(':state(loaded)')));
    await page.waitForTimeout(300);
    // The reads, and one live stream for all 200.
    assert.deepEqual(api.sort(), ['GET /v1/sites/crm/live', 'GET /v1/sites/crm/policy', 'GET /v1/sites/crm/ratings/batch']);
    await context.close();
  });

  test('a vote on a site that refuses guests: told before the click, the click asks the page to sign in, nothing is written', async () => {
    await seed('members', ['product/members'], [4]);
    await kith.cli('site', 'update', 'members', '--guests', 'none');
    // A running server sees CLI changes within its 5 s site cache.
    for (let tries = 0; (await (await fetch(`${kith.url}/v1/sites/members/policy`)).json()).guestsMayRate && tries < 60; tries++) await new Promise((r) => setTimeout(r, 200));
    host.set('/members', doc('members', '<kith-rating subject="product/members" sign-in-url="/login"></kith-rating><kith-rating variant="inline" subject="product/members"></kith-rating>'));
    host.set('/login', doc('members', '<h1>Sign in</h1>'));
    const context = await browser.newContext();
    const page = await context.newPage();
    const writes: string[] = [];
    page.on('request', (request) => request.method() != 'GET' && request.url().includes('/v1/') && writes.push(request.url()));
    await page.goto(`${host.origin}/members`);
    const card = page.locator('kith-rating').first();
    await card.locator('[part=message]').filter({ hasText: 'Sign in to rate' }).waitFor();
    assert.match((await card.getByRole('radiogroup').getAttribute('aria-label')) ?? '', /^Sign in to rate: 4 of 5 stars, 1 rating$/);
    await page.evaluate(() => document.addEventListener('kith-sign-in', (e) => ((window as any).signIn = (e as CustomEvent).detail)));
    await card.getByRole('radio', { name: '5 stars' }).click({ force: true });
    await page.waitForURL(`${host.origin}/login`);
    assert.deepEqual(writes, [], 'no vote and no visitor token was written');
    assert.equal((await (await fetch(`${kith.url}/v1/sites/members/ratings?subject=product%2Fmembers`)).json()).count, 1);
    await context.close();
  });

  test('Windows high contrast (forced colors): the stars and bars still paint', async () => {
    await seed('crm', ['product/contrast'], [4, 5, 3]);
    host.set('/contrast', doc('crm', '<kith-rating subject="product/contrast"></kith-rating>'));
    const context = await browser.newContext({ forcedColors: 'active' });
    const page = await context.newPage();
    await page.goto(`${host.origin}/contrast`);
    await page.waitForFunction(() => document.querySelector('kith-rating')!.matches(':state(loaded)'));
    // Count dark pixels inside the first star and inside the 4-star bar: painted, not vanished.
    const inked = async (selector: string) => {
      const png = await page.locator('kith-rating').locator(selector).first().screenshot();
      return await page.evaluate(async (data) => {
        const image = await createImageBitmap(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context2d = canvas.getContext('2d')!;
        context2d.drawImage(image, 0, 0);
        const pixels = context2d.getImageData(0, 0, image.width, image.height).data;
        let dark = 0;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! < 200) dark++;
        return dark / (pixels.length / 4);
      }, png.toString('base64'));
    };
    const star = await inked('[part=star]');
    const bar = await inked('[part=bar]');
    assert.ok(star > 0.2, `a full star is drawn in system colors (${star.toFixed(2)} of its box inked)`);
    assert.ok(bar > 0.9, `a chart bar is drawn (${bar.toFixed(2)})`);
    await context.close();
  });
});
