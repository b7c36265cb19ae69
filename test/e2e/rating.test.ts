// End to end: the real server (SQLite), a site created with the admin CLI, the built dist/kith.js pasted
// into a plain HTML page on another origin under a strict CSP, and Chromium clicking like a visitor.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { repoRoot, startKithServer, type KithServer } from './support/kith-server.ts';
import { voteAsGuests } from './support/votes.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;

const page = (subject: string, extra = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Product</title>
<script src="${kith.url}/dist/kith.js" data-site="shop"></script></head>
<body><h1>Product</h1><kith-rating subject="${subject}"></kith-rating>${extra}</body></html>`;

/** The public summary, straight from the server. */
async function summary(subject: string) {
  const res = await fetch(`${kith.url}/v1/sites/shop/ratings?subject=${encodeURIComponent(subject)}`);
  assert.equal(res.status, 200);
  return (await res.json()) as { average: number; count: number; histogram: number[] };
}

/** Casts a vote as a fresh guest through the REST API (another visitor on another device). */
const voteAsNewGuest = (subject: string, value: number) => voteAsGuests(`${kith.url}/v1/sites/shop`, [subject], 1, () => value);

async function open(context: BrowserContext, path: string): Promise<Page> {
  const p = await context.newPage();
  const problems: string[] = [];
  p.on('pageerror', (e) => problems.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && !/net::ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource/.test(m.text()) && problems.push(m.text()));
  (p as Page & { problems: string[] }).problems = problems;
  await p.goto(`${host.origin}${path}`);
  return p;
}

const countText = (p: Page) => p.locator('kith-rating').first().locator('[part=count]');
const status = (p: Page) => p.locator('kith-rating').first().locator('[part=message]');
const star = (p: Page, n: number) => p.locator('kith-rating').first().getByRole('radio', { name: n === 1 ? '1 star' : `${n} stars`, exact: true });

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

describe('<kith-rating> through the script tag against the real server', () => {
  test('renders the stars, average and count the server has', async () => {
    await voteAsNewGuest('product/render', 5);
    await voteAsNewGuest('product/render', 4);
    await voteAsNewGuest('product/render', 3);
    host.set('/render', page('product/render'));
    const context = await browser.newContext();
    const p = await open(context, '/render');
    await countText(p).filter({ hasText: '3 ratings' }).waitFor();
    assert.match(await countText(p).innerText(), /4\s*·\s*3 ratings/);
    const group = p.locator('kith-rating').getByRole('radiogroup');
    assert.match((await group.getAttribute('aria-label')) ?? '', /4 of 5 stars, 3 ratings/);
    // The fourth star is full, the fifth empty: the average is drawn, not only written.
    const fills = await p.locator('kith-rating [part=star]').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.getPropertyValue('--_fill')));
    assert.deepEqual(fills, ['100%', '100%', '100%', '100%', '0%']);
    assert.deepEqual((p as Page & { problems: string[] }).problems, []);
    await context.close();
  });

  test('a click is saved on the server and a reload shows it; a second visitor changes the count', async () => {
    host.set('/persist', page('product/persist'));
    const alice = await browser.newContext();
    let p = await open(alice, '/persist');
    await countText(p).filter({ hasText: 'No ratings yet' }).waitFor();
    await star(p, 4).click();
    await status(p).filter({ hasText: 'Your rating: 4 stars' }).waitFor();
    assert.equal((await summary('product/persist')).count, 1);
    assert.deepEqual((await summary('product/persist')).histogram, [0, 0, 0, 1, 0]);

    await p.reload();
    await countText(p).filter({ hasText: '1 rating' }).waitFor();
    await status(p).filter({ hasText: 'Your rating: 4 stars' }).waitFor();
    assert.equal(await star(p, 4).getAttribute('aria-checked'), 'true');

    // Another visitor (own browser profile, own visitor token) votes 2: both see 2 ratings.
    const bob = await browser.newContext();
    const q = await open(bob, '/persist');
    await countText(q).filter({ hasText: '1 rating' }).waitFor();
    assert.equal(await star(q, 4).getAttribute('aria-checked'), 'false');
    await star(q, 2).click();
    await status(q).filter({ hasText: 'Your rating: 2 stars' }).waitFor();
    assert.equal((await summary('product/persist')).count, 2);
    assert.equal((await summary('product/persist')).average, 3);

    await p.reload();
    await countText(p).filter({ hasText: '2 ratings' }).waitFor();
    await status(p).filter({ hasText: 'Your rating: 4 stars' }).waitFor();
    assert.equal(await star(p, 4).getAttribute('aria-checked'), 'true');

    // Alice changes her mind by keyboard: focus her star, End moves to 5, Enter votes.
    await star(p, 4).focus();
    await p.keyboard.press('End');
    await p.keyboard.press('Enter');
    await status(p).filter({ hasText: 'Your rating: 5 stars' }).waitFor();
    assert.deepEqual((await summary('product/persist')).histogram, [0, 1, 0, 0, 1]);
    await alice.close();
    await bob.close();
  });

  test('a vote made offline shows as pending and is sent exactly once when back online', async () => {
    host.set('/offline', page('product/offline'));
    const context = await browser.newContext();
    const p = await open(context, '/offline');
    await countText(p).filter({ hasText: 'No ratings yet' }).waitFor();
    const puts: number[] = [];
    p.on('requestfinished', async (req) => {
      if (req.method() === 'PUT' && req.url().includes('/ratings/mine')) puts.push((await req.response())?.status() ?? 0);
    });

    await context.setOffline(true);
    await star(p, 5).click();
    await status(p).filter({ hasText: /back online|Saving/ }).waitFor();
    // Shown optimistically, but honestly pending: the server has nothing yet.
    await countText(p).filter({ hasText: '1 rating' }).waitFor();
    assert.equal(await star(p, 5).getAttribute('aria-checked'), 'true');
    assert.equal((await summary('product/offline')).count, 0);
    await status(p).filter({ hasText: 'Will be sent when you are back online' }).waitFor();

    await context.setOffline(false);
    await status(p).filter({ hasText: 'Your rating: 5 stars' }).waitFor({ timeout: 15_000 });
    assert.equal((await summary('product/offline')).count, 1);

    // A reload (which flushes the outbox on start) sends nothing more.
    await p.reload();
    await countText(p).filter({ hasText: '1 rating' }).waitFor();
    await p.waitForTimeout(500);
    assert.deepEqual(puts, [200]);
    assert.equal((await summary('product/offline')).count, 1);
    await context.close();
  });

  test('works as type="module" too, and for tags the host page adds later', async () => {
    await voteAsNewGuest('product/late', 2);
    host.set(
      '/module',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Late</title>
<script type="module" src="${kith.url}/dist/kith.js" data-site="shop"></script></head>
<body><div id="slot"></div></body></html>`,
    );
    const context = await browser.newContext();
    const p = await open(context, '/module');
    await p.waitForFunction(() => 'Kith' in window);
    assert.equal(await p.evaluate(() => customElements.get('kith-rating')), undefined, 'no chunk before a tag exists');
    await p.evaluate(() => {
      // DOM API, not innerHTML: the host page is under Trusted Types.
      const el = document.createElement('kith-rating');
      el.setAttribute('subject', 'product/late');
      document.getElementById('slot')!.append(el);
    });
    await countText(p).filter({ hasText: '1 rating' }).waitFor();
    await context.close();
  });

  test('a page on an origin the site does not list: the widget names page and site, the console names the fix, no retry; after the fix it works', async () => {
    await kith.cli('site', 'create', '--id', 'intranet', '--name', 'Intranet', '--origin', host.origin, '--guests', 'rate');
    // A signed-in page: its reads carry a token, so the browser asks first (a CORS preflight) and must
    // still be able to read the refusal.
    const foreignPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Foreign</title>
<script src="${kith.url}/dist/kith.js" data-site="intranet" data-token="some-user-token"></script></head>
<body><kith-rating subject="product/render"></kith-rating></body></html>`;
    host.set('/foreign', foreignPage);
    const context = await browser.newContext();
    const p = await context.newPage();
    const consoleErrors: string[] = [];
    p.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && consoleErrors.push(m.text()));
    const requests: string[] = [];
    p.on('request', (r) => r.url().includes('/v1/sites/intranet/') && requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await p.addInitScript(() => addEventListener('kith-error', (e) => ((window as any).kithErrors ??= []).push((e as CustomEvent).detail.code)));
    // Same host page server, but reached as localhost: a different origin from the one the site lists.
    const foreign = host.origin.replace('127.0.0.1', 'localhost');
    await p.goto(`${foreign}/foreign`);
    await status(p).filter({ hasText: `This page (${foreign}) may not use site intranet.` }).waitFor();
    assert.equal(await status(p).getByRole('button').count(), 0, 'no Retry: retrying cannot help');
    assert.equal(await countText(p).innerText(), '');
    assert.deepEqual(await p.evaluate(() => (window as any).kithErrors), ['origin_not_allowed'], 'kith-error says origin_not_allowed, not network');
    const fix = `npm run kith -- site update intranet --add-origin ${foreign}`;
    assert.deepEqual(consoleErrors.filter((text) => text.startsWith('Kith:')), [
      `Kith: this page (${foreign}) may not use site "intranet" on ${kith.url}. On the Kith server, run: ${fix}`,
    ]);
    await p.waitForTimeout(500);
    assert.equal(requests.filter((r) => r.startsWith('GET') && r.endsWith('/ratings/batch')).length, 1, 'a 403 is not retried');
    // The admin runs the command the console named (the server picks the change up within 5 s).
    await kith.cli(...fix.replace('npm run kith -- ', '').split(' '));
    await assert.doesNotReject(async () => {
      for (let tries = 0; ; tries++) {
        await p.reload();
        try {
          await countText(p).filter({ hasText: /rating/ }).waitFor({ timeout: 1500 });
          return;
        } catch (error) {
          if (tries > 6) throw error;
        }
      }
    });
    await context.close();
  });

  test('two copies of the SDK on one page do not throw, and a tag without data-site says so', async () => {
    await voteAsNewGuest('product/twice', 3);
    const tag = `<script src="${kith.url}/dist/kith.js" data-site="shop"></script>`;
    host.set('/twice', page('product/twice').replace('</head>', `${tag}</head>`));
    host.set(
      '/nosite',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No site</title>
<script src="${kith.url}/dist/kith.js"></script></head><body><kith-rating subject="product/twice"></kith-rating></body></html>`,
    );
    const context = await browser.newContext();
    const p = await open(context, '/twice');
    await countText(p).filter({ hasText: '1 rating' }).waitFor();
    assert.deepEqual((p as Page & { problems: string[] }).problems, []);
    const q = await open(context, '/nosite');
    await status(q).filter({ hasText: 'Kith is not set up on this page: the script tag has no data-site.' }).waitFor();
    await context.close();
  });

  test('npm entry points: the class module registers nothing, the define module registers the tag', async () => {
    host.set('/esm', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ESM</title></head><body></body></html>');
    const context = await browser.newContext();
    const p = await open(context, '/esm');
    for (const [tag, name, className] of [
      ['kith-rating', 'rating', 'KithRating'],
      ['kith-comments', 'comments', 'KithComments'],
      ['kith-tag-cloud', 'tag-cloud', 'KithTagCloud'],
      ['kith-id-card', 'id-card', 'KithIdCard'],
      ['kith-feed', 'feed', 'KithFeed'],
    ] as const) {
      const result = await p.evaluate(
        async ({ base, tag, name, className }) => {
          const cls = await import(`${base}/dist/widgets/${name}/${name}.component.js`);
          const afterClass = customElements.get(tag);
          const index = await import(`${base}/dist/index.js`);
          const afterIndex = customElements.get(tag);
          await import(`${base}/dist/widgets/${name}/${name}.js`);
          return {
            afterClass: String(afterClass),
            afterIndex: String(afterIndex),
            defined: customElements.get(tag) === cls[className],
            sameClass: index[className] === cls[className],
            exports: Object.keys(index).sort(),
          };
        },
        { base: kith.url, tag, name, className },
      );
      assert.equal(result.afterClass, 'undefined', `${tag}: the class module defines nothing`);
      assert.equal(result.afterIndex, 'undefined', `${tag}: the index defines nothing`);
      assert.equal(result.defined, true, `${tag}: the define module defines the class`);
      assert.equal(result.sameClass, true);
      assert.deepEqual(result.exports, ['KithComments', 'KithElement', 'KithError', 'KithFeed', 'KithIdCard', 'KithRating', 'KithTagCloud', 'VERSION', 'configure', 'registerStrings']);
    }
    await context.close();
  });

  test('every path in the package.json exports map exists after the build, with types', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const targets = Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
    for (const target of targets) assert.ok(existsSync(join(repoRoot, target)), `${target} exists`);
    assert.ok(targets.filter((t) => t.endsWith('.d.ts')).length >= 3, 'types for index, define and class modules');
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: { tagName?: string }[] }[] };
    for (const tag of ['kith-rating', 'kith-comments', 'kith-tag-cloud'])
      assert.ok(manifest.modules.some((m) => m.declarations?.some((d) => d.tagName === tag)), `custom-elements.json describes <${tag}>`);
  });

  test('a signed-in user from the host (data-token, HS256 with the site secret) votes; a guest is told to sign in', async () => {
    // What an admin does: create a site for signed-in users only, keep the printed secret on the CRM's server.
    const created = await kith.cli('site', 'create', '--id', 'crm', '--name', 'CRM', '--origin', host.origin, '--guests', 'none');
    const secret = /^secret:\s+(\S+)/m.exec(created)?.[1];
    assert.ok(secret, 'the CLI prints the secret');
    // What the CRM's server does for each page view.
    const token = await new SignJWT({ name: 'Alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setAudience('crm')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
    const crmPage = (tokenAttr: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contact</title>
<script src="${kith.url}/dist/kith.js" data-site="crm"${tokenAttr}></script></head>
<body><kith-rating subject="contact/003A1"></kith-rating></body></html>`;
    host.set('/crm-alice', crmPage(` data-token="${token}"`));
    host.set('/crm-guest', crmPage(''));

    const context = await browser.newContext();
    const p = await open(context, '/crm-alice');
    await countText(p).filter({ hasText: 'No ratings yet' }).waitFor();
    await star(p, 5).click();
    await status(p).filter({ hasText: 'Your rating: 5 stars' }).waitFor();
    const mine = await fetch(`${kith.url}/v1/sites/crm/ratings/mine?subject=contact%2F003A1`, { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(await mine.json(), { subject: 'contact/003A1', value: 5 });

    const guest = await browser.newContext();
    const q = await open(guest, '/crm-guest');
    await countText(q).filter({ hasText: '1 rating' }).waitFor();
    // Told before acting (the site's public policy), and a click does not vote.
    await status(q).filter({ hasText: 'Sign in to rate.' }).waitFor();
    // The star is aria-disabled (playwright would wait for it to be enabled); a visitor can still click it.
    await star(q, 1).click({ force: true });
    await q.waitForTimeout(500);
    await countText(q).filter({ hasText: '5 · 1 rating' }).waitFor();
    assert.equal((await fetch(`${kith.url}/v1/sites/crm/ratings?subject=contact%2F003A1`).then((r) => r.json()) as { count: number }).count, 1);
    await context.close();
    await guest.close();
  });
});
