// End to end, <kith-feed> as its users meet it: the real server (SQLite) reading feeds from a feed server on this
// machine (FEEDS_ALLOW_PRIVATE, as in development), the built bundle through the script tag on a host page under a
// strict CSP with Trusted Types, Chromium. A feed whose every field carries script renders as text and safe
// links, and nothing of it runs; an Atom feed's relative links come out absolute; the page's feeds are one request;
// the site's activity arrives live when someone rates; a title opens its item.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../server/test/process.ts';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { startKithServer, type KithServer } from './support/kith-server.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;
let feedServer: Server;
let feedOrigin = '';
const SITE = 'feedsite';

/** Every field of it carries script, an event handler, or a javascript: URL. */
const PWN = `&lt;script&gt;window.pwned=1;alert(1)&lt;/script&gt;&lt;img src=x onerror="window.pwned=2"&gt;`;
const HOSTILE = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Hostile ${PWN}news</title>
  <link>javascript:window.pwned=3</link>
  <description>${PWN}</description>
  <item>
    <title>First ${PWN}item</title>
    <link>javascript:window.pwned=4</link>
    <guid>hostile-1</guid>
    <pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate>
    <author>${PWN}</author>
    <category>${PWN}</category>
    <description><![CDATA[<p onclick="window.pwned=5">Safe <b>text</b> <a href="javascript:window.pwned=6">js link</a>
      <a href="https://example.com/ok" onmouseover="window.pwned=7">good link</a></p>
      <iframe src="javascript:window.pwned=8"></iframe><svg onload="window.pwned=9"><script>window.pwned=10</script></svg>
      <object data="javascript:window.pwned=11">fallback</object><style>body{display:none}</style>
      <form action="javascript:window.pwned=12"><button>go</button></form>
      <a href="data:text/html,<script>window.pwned=13</script>">data link</a>
      <math><mi xlink:href="javascript:window.pwned=14">m</mi></math>]]></description>
    <content:encoded><![CDATA[<img src="x" onerror="window.pwned=15"><script>window.pwned=16</script>]]></content:encoded>
    <enclosure url="javascript:window.pwned=17" type="audio/mpeg" length="1000"/>
  </item>
  <item>
    <title>Second item</title>
    <link>https://example.com/second</link>
    <guid>hostile-2</guid>
    <description>Plain &amp; simple</description>
  </item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
  <title type="html">Team &lt;em&gt;blog&lt;/em&gt;</title>
  <link href="/" rel="alternate"/>
  <id>urn:team-blog</id>
  <updated>2026-12-01T09:00:00Z</updated>
  <entry xml:base="posts/">
    <title>Relative links resolved</title>
    <link href="relative-links" rel="alternate"/>
    <id>urn:team-blog:1</id>
    <updated>2026-12-01T09:00:00Z</updated>
    <author><name>Ann Author</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">See <a href="../about">about us</a>.</div></content>
  </entry>
  <entry>
    <title>Older post</title>
    <link href="older"/>
    <id>urn:team-blog:2</id>
    <updated>2026-11-01T09:00:00Z</updated>
    <summary>Older.</summary>
  </entry>
</feed>`;

const page = (kithUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner news</title><link rel="icon" href="data:,">
<script src="${kithUrl}/dist/kith.js" data-site="${SITE}"></script></head>
<body><main>
<kith-feed id="hostile" src="${feedOrigin}/hostile.xml"></kith-feed>
<kith-feed id="atom" src="${feedOrigin}/team.atom" limit="2"></kith-feed>
<kith-feed id="activity" activity layout="compact" limit="5"></kith-feed>
</main></body></html>`;

let apiRequests: string[] = [];
/** Every path the page asked Kith's server for, in order. */
let kithRequests: string[] = [];

async function open(p: Page, path = '/news'): Promise<void> {
  apiRequests = [];
  kithRequests = [];
  p.on('request', (request) => {
    if (request.url().includes('/v1/')) apiRequests.push(new URL(request.url()).pathname);
    if (request.url().startsWith(kith.url)) kithRequests.push(new URL(request.url()).pathname);
  });
  await p.goto(host.origin + path);
  await p.waitForFunction(() => ['hostile', 'atom', 'activity'].every((id) => document.getElementById(id)?.matches(':state(loaded), :state(empty)')));
}

const items = (p: Page, id: string) =>
  p.locator(`#${id}`).evaluate((el) => [...el.shadowRoot!.querySelectorAll('[part=item]')].map((item) => ({ title: item.querySelector('.title')?.textContent?.trim() ?? '', html: item.innerHTML })));

/** A new visitor of the site (through the API, as another browser would be) rates `subject` `value` stars. */
async function rateAsVisitor(subject: string, value: number): Promise<void> {
  const site = `${kith.url}/v1/sites/${SITE}`;
  const { token } = (await (await fetch(`${site}/visitors`, { method: 'POST', headers: { 'content-type': 'application/json', origin: host.origin }, body: '{}' })).json()) as { token: string };
  const rated = await fetch(`${site}/ratings/mine?subject=${encodeURIComponent(subject)}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: host.origin }, body: JSON.stringify({ value }) });
  assert.equal(rated.status, 200);
}

before(async () => {
  feedServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path == '/hostile.xml') res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(HOSTILE);
    else if (path == '/team.atom') res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(ATOM);
    else res.writeHead(404).end();
  });
  const port = await freePort();
  await new Promise<void>((done) => feedServer.listen(port, '127.0.0.1', done));
  feedOrigin = `http://127.0.0.1:${port}`;
  kith = await startKithServer([], { FEEDS_ALLOW_PRIVATE: 'true' });
  host = await startHostPage(kith.url);
  await kith.cli('site', 'create', '--id', SITE, '--name', 'Feeds', '--origin', host.origin, '--guests', 'rate');
  host.set('/news', page(kith.url));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
  await new Promise((done) => feedServer?.close(done));
});

describe('<kith-feed> end to end', () => {
  test('a feed whose every field carries script renders as text and safe links; nothing of it runs', async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const dialogs: string[] = [];
    p.on('dialog', (dialog) => (dialogs.push(dialog.message()), dialog.dismiss()));
    const violations: string[] = [];
    await p.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await p.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => (window as any).reportViolation(`${event.violatedDirective} ${event.blockedURI}`)));
    await open(p);
    const shown = await items(p, 'hostile');
    assert.deepEqual(shown.map((item) => item.title), ['First item', 'Second item']);
    const html = shown.map((item) => item.html).join('\n');
    assert.doesNotMatch(html, /<script|<iframe|<svg[^>]*onload|onerror|onclick|onmouseover|<object|<form|<style|javascript:|data:text/i);
    const hrefs = await p.locator('#hostile').evaluate((el) => [...el.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href')));
    assert.ok(hrefs.every((href) => /^https?:\/\//.test(href!)), hrefs.join(' '));
    assert.ok(hrefs.includes('https://example.com/ok'), 'the good link stays a link');
    const text = await p.locator('#hostile').evaluate((el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' '));
    assert.match(text, /Safe text js link good link/);
    assert.equal(await p.evaluate(() => (window as any).pwned), undefined, 'nothing ran');
    // Hover and click the items: no handler survived to run.
    await p.locator('#hostile [part=item]').first().hover();
    await p.locator('#hostile .summary p').first().click();
    assert.equal(await p.evaluate(() => (window as any).pwned), undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(violations, [], 'no CSP or Trusted Types violation: nothing was assigned as HTML');
    await context.close();
  });

  test('an Atom feed: xml:base and relative links resolved, its HTML title as text; one request for the page\'s feeds', async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await open(p);
    const header = await p.locator('#atom').evaluate((el) => el.shadowRoot!.querySelector('[part=header]')!.textContent!.trim());
    assert.equal(header, 'Team blog');
    const links = await p.locator('#atom').evaluate((el) => [...el.shadowRoot!.querySelectorAll('a')].map((a) => [a.textContent!.trim(), a.getAttribute('href')]));
    assert.deepEqual(links, [
      ['Team blog', 'https://blog.example/'],
      ['Relative links resolved', 'https://blog.example/posts/relative-links'],
      ['about us', 'https://blog.example/about'],
      ['Older post', 'https://blog.example/older'],
    ]);
    // The page's three feeds are one read; no policy read, no other request (but the activity's live stream).
    assert.deepEqual(apiRequests.filter((path) => !path.endsWith('/live')), [`/v1/sites/${SITE}/feeds/batch`]);
    // The loader started it while the widget's code was on its way: before the feed's rich-text chunk (which the
    // widget needs before it can ask), and without the SDK's HTTP client (ky), which the widget's own read would load.
    const batchAt = kithRequests.indexOf(`/v1/sites/${SITE}/feeds/batch`);
    const richTextAt = kithRequests.findIndex((path) => path.startsWith('/dist/chunks/rich-text-'));
    assert.ok(batchAt >= 0 && richTextAt > batchAt, kithRequests.join(', '));
    assert.ok(!kithRequests.some((path) => path.startsWith('/dist/chunks/ky-')), kithRequests.join(', '));
    // A title opens its item in a new tab (the blog answered here: there is no network).
    await context.route('https://blog.example/**', (route) => route.fulfill({ body: 'the post', contentType: 'text/plain' }));
    const [popup] = await Promise.all([p.waitForEvent('popup'), p.locator('#atom a.title').first().click()]);
    assert.equal(popup.url(), 'https://blog.example/posts/relative-links');
    await context.close();
  });

  test('the site\'s activity arrives live: someone rates, the compact feed shows it without a reload', async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await open(p);
    assert.ok(await p.locator('#activity').evaluate((el) => el.matches(':state(empty)')));
    // Another visitor rates a product, through the API: at once, maybe before the page's live stream is open (its
    // widgets subscribe after their first frame). The stream resumes from the position of the feed's read, so the
    // rating arrives either way (core/live.ts).
    await rateAsVisitor('product/7', 5);
    await p.waitForFunction(() => document.getElementById('activity')!.shadowRoot!.querySelector('[part=item] .title')?.textContent?.includes('product/7'), undefined, { timeout: 10_000 });
    const title = await p.locator('#activity [part=item] .title').first().textContent();
    assert.equal(title?.trim(), 'product/7 was rated 5 stars');
    const announced = await p.locator('#activity').evaluate((el) => el.shadowRoot!.querySelector('[aria-live=polite]')!.textContent!.trim());
    assert.equal(announced, '1 new item');
    // A second visitor gives the same stars: still one line, which now says how many gave them.
    await rateAsVisitor('product/7', 5);
    await p.waitForFunction(() => document.getElementById('activity')!.shadowRoot!.querySelector('[part=item] .title')?.textContent?.includes('by 2 people'), undefined, { timeout: 10_000 });
    assert.deepEqual((await items(p, 'activity')).map((item) => item.title), ['product/7 was rated 5 stars by 2 people']);
    await context.close();
  });

  // In German too: define() waits for the wording and the widget's texts in the first feed's language.
  const columnTitle = {
    en: (stars: number) => `Rated ${stars} ${stars == 1 ? 'star' : 'stars'}`,
    de: (stars: number) => `Mit ${stars} ${stars == 1 ? 'Stern' : 'Sternen'} bewertet`,
  };
  for (const lang of ['en', 'de'] as const) {
    test(`a CRM column of activity feeds shows its data in the task that defines the widget (laid out once, not empty and then filled), ${lang}`, async () => {
      // Subjects of their own for each language: one rating each (the same stars from a second visitor would make one
      // line "by 2 people").
      for (let i = 0; i < 6; i++) await rateAsVisitor(`crm/${lang}/${i}`, 1 + (i % 5));
      host.set(
        `/column-${lang}`,
        `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Accounts</title><link rel="icon" href="data:,">
<script src="${kith.url}/dist/kith.js" data-site="${SITE}"></script></head>
<body><table><tr><th>Account</th><th>Latest</th></tr>
${Array.from({ length: 6 }, (_, i) => `<tr><td>Account ${i}</td><td><kith-feed subject="crm/${lang}/${i}" layout="compact" limit="1"></kith-feed></td></tr>`).join('\n')}
</table></body></html>`,
      );
      const context = await browser.newContext();
      // The wording chunk (and its German catalog) comes after the page's feeds were read (a slow file server):
      // define() waits for them.
      await context.route(/\/dist\/chunks\/feed[.-]activity-[^/]+\.js$/, async (route) => {
        await new Promise((done) => setTimeout(done, 300));
        await route.continue();
      });
      const p = await context.newPage();
      // What the feeds show in the first task after the widget's class is defined, and how often they render.
      await p.addInitScript(() => {
        const define = CustomElementRegistry.prototype.define;
        CustomElementRegistry.prototype.define = function (this: CustomElementRegistry, ...args: Parameters<CustomElementRegistry['define']>) {
          if (args[0] == 'kith-feed') {
            const render = args[1].prototype.render;
            (window as any).renders = 0;
            args[1].prototype.render = function (this: unknown) {
              (window as any).renders++;
              return render.call(this);
            };
          }
          define.apply(this, args);
          if (args[0] == 'kith-feed')
            setTimeout(() => {
              (window as any).afterDefine = [...document.querySelectorAll('kith-feed')].map((el) => (el.matches(':state(loaded)') ? el.shadowRoot!.querySelector('.title')!.textContent : 'not loaded'));
            });
        };
      });
      await p.goto(`${host.origin}/column-${lang}`);
      await p.waitForFunction(() => (window as any).afterDefine);
      const shown = await p.evaluate(() => (window as any).afterDefine as string[]);
      assert.deepEqual(shown, Array.from({ length: 6 }, (_, i) => columnTitle[lang](1 + (i % 5))));
      // Each feed rendered once: the wording chunk's arrival, already awaited, does not render them all again.
      await p.waitForTimeout(500);
      assert.equal(await p.evaluate(() => (window as any).renders), 6);
      await context.close();
    });
  }
});
