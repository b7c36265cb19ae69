// npm run screenshots's companion for <kith-feed> (node test/visual/feed-screenshots.ts after npm run build): the
// real server (FEEDS_ALLOW_PRIVATE) reading feeds from a feed server on this machine, on a host page: the card
// layout (light, dark, forced colors, Arabic, 320 px at 20 px, a 12 px host font), the compact layout in a CRM-like
// table of 13 px, Kith's activity, and every state: loading, empty, error, not set up, the saved copy offline.
// PNGs go to test-results/screenshots/feed-*.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser.ts';
import { repoRoot, startKithServer } from '../e2e/support/kith-server.ts';
import { startHostPage } from '../e2e/support/host-page.ts';

const out = join(repoRoot, 'test-results/screenshots');
mkdirSync(out, { recursive: true });

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toUTCString();
const NEWS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Barista Co. — product news</title><link>https://barista.example/news/</link><description>News</description>
<item><title>Firmware 2.4: quieter pump, faster warm-up</title><link>https://barista.example/news/24</link><guid>n24</guid><pubDate>${hoursAgo(3)}</pubDate><dc:creator>Mara Feld</dc:creator>
<description><![CDATA[<p>The <strong>Barista 42</strong> now reaches brewing temperature in 38 seconds, and its pump runs <em>4 dB quieter</em>. Read the <a href="https://barista.example/news/24#notes">full notes</a>.</p>]]></description></item>
<item><title>Podcast: “Crema” episode 12 — grinders explained</title><link>https://barista.example/podcast/12</link><guid>n22</guid><pubDate>${hoursAgo(30)}</pubDate><dc:creator>Crema podcast</dc:creator>
<description>Flat or conical burrs, stepless or stepped: what changes in the cup, and what does not.</description>
<enclosure url="https://barista.example/podcast/crema-12.mp3" length="48234567" type="audio/mpeg"/></item>
<item><title>Recipe: the flat white, step by step</title><link>https://barista.example/recipes/flat-white</link><guid>n23</guid><pubDate>Fri, 13 Nov 2026 16:40:00 GMT</pubDate><dc:creator>Jonas Ek</dc:creator>
<description><![CDATA[<ol><li>Pull a double ristretto.</li><li>Steam 120 ml whole milk to 60 °C.</li><li>Pour from close.</li></ol>]]></description></item>
</channel></rss>`;
const EMPTY = `<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet blog</title><link>https://quiet.example/</link><description>x</description></channel></rss>`;

const feeds = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const send = (body: string) => response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
  if (path == '/news.xml') return send(NEWS);
  if (path == '/empty.xml') return send(EMPTY);
  response.writeHead(404).end();
});
await new Promise<void>((done) => feeds.listen(0, '127.0.0.1', done));
const feedOrigin = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;

const kith = await startKithServer([], { FEEDS_ALLOW_PRIVATE: 'true' });
const host = await startHostPage(kith.url);
await kith.cli('site', 'create', '--id', 'crm', '--name', 'CRM', '--origin', host.origin, '--guests', 'rate');
// Activity: a few ratings and tags on accounts, from visitors.
const site = `${kith.url}/v1/sites/crm`;
for (let guest = 0; guest < 4; guest++) {
  const { token } = (await (await fetch(`${site}/visitors`, { method: 'POST', headers: { 'content-type': 'application/json', origin: host.origin }, body: '{}' })).json()) as { token: string };
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: host.origin };
  await fetch(`${site}/ratings/mine?subject=account%2F${guest}`, { method: 'PUT', headers: auth, body: JSON.stringify({ value: 2 + guest }) });
  await fetch(`${site}/tags?subject=account%2F${guest}`, { method: 'POST', headers: auth, body: JSON.stringify({ tag: ['renewal due', 'key account', 'upsell', 'EMEA'][guest] }) });
}

const script = (attributes = 'data-site="crm"') => `<script src="${kith.url}/dist/kith.js" ${attributes}></script>`;
const rows = Array.from({ length: 4 }, (_, i) => `<tr><td>Account ${i}</td><td>Prospect</td><td class="activity"><kith-feed layout="compact" limit="1" subject="account/${i}"></kith-feed></td></tr>`).join('');
const page = (lang: string, style: string, body: string, attributes?: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/page.css"></head><body class="${style}">
${script(attributes)}${body}</body></html>`;
const main = `<h1>Partner news</h1><div class="col"><kith-feed id="f" src="${feedOrigin}/news.xml"></kith-feed></div>`;
host.set(
  '/page.css',
  `body{font:16px system-ui,sans-serif;margin:16px} body.dark{background:#111;color:#eee;color-scheme:dark} body.big{font-size:20px} body.small{font-size:12px}
   .col{max-width:36rem} table{border-collapse:collapse;font-size:13px} td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:start;white-space:nowrap} td.activity{width:120px;max-width:120px;overflow:hidden}`,
  'text/css',
);
for (const lang of ['en', 'ar']) for (const style of ['light', 'dark', 'big', 'small']) host.set(`/${lang}-${style}.html`, page(lang, style, main));
host.set('/table.html', page('en', 'light', `<h1>Accounts</h1><table><thead><tr><th>Account</th><th>Stage</th><th>Latest activity</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Everything</h2><div class="col"><kith-feed id="f" activity limit="5"></kith-feed></div>`));
host.set('/empty.html', page('en', 'light', `<div class="col"><kith-feed id="f" src="${feedOrigin}/empty.xml"></kith-feed></div>`));
host.set('/error.html', page('en', 'light', `<div class="col"><kith-feed id="f" src="${feedOrigin}/gone.xml"></kith-feed></div>`));
host.set('/refused.html', page('en', 'light', `<div class="col"><kith-feed id="f" src="http://169.254.169.254/latest/meta-data/"></kith-feed></div>`));
host.set('/unset.html', page('en', 'light', main, ''));

const browser = await launchChromium();
const shoot = async (name: string, path: string, options: object, act: (tab: Page) => Promise<void> = (tab) => settled(tab), before?: (tab: Page) => Promise<void>) => {
  const context = await browser.newContext({ viewport: { width: 760, height: 640 }, ...options });
  const tab = await context.newPage();
  tab.on('console', (message) => message.type() == 'error' && console.log(name, message.text()));
  await before?.(tab);
  await tab.goto(host.origin + path);
  await act(tab);
  await tab.waitForTimeout(300);
  await tab.screenshot({ path: join(out, `feed-${name}.png`), fullPage: true });
  await context.close();
};
const settled = (tab: Page, state = 'loaded') => tab.waitForFunction((st) => document.getElementById('f')?.matches(`:state(${st})`), state, { timeout: 15_000 });

for (const [name, path, options] of [
  ['light', '/en-light.html', {}],
  ['dark', '/en-dark.html', { colorScheme: 'dark' }],
  ['forced', '/en-light.html', { forcedColors: 'active' }],
  ['arabic', '/ar-light.html', {}],
  ['narrow-20px', '/en-big.html', { viewport: { width: 320, height: 700 } }],
  ['small-12px', '/en-small.html', {}],
] as const)
  await shoot(name, path, options);
await shoot('table-compact', '/table.html', {});
await shoot('empty', '/empty.html', {}, (tab) => settled(tab, 'empty'));
await shoot('error', '/error.html', {}, (tab) => settled(tab, 'error'));
await shoot('refused', '/refused.html', {}, (tab) => settled(tab, 'error'));
await shoot('not-set-up', '/unset.html', {}, (tab) => settled(tab, 'error'));
// Loading: the server's answer never comes.
await shoot('loading', '/en-dark.html', { colorScheme: 'dark' }, (tab) => settled(tab, 'loading'), (tab) => tab.route('**/feeds/batch**', () => {}));
// Offline: a first visit saves the feed; the second finds the server gone and shows that copy.
{
  const context = await browser.newContext({ viewport: { width: 760, height: 640 } });
  const tab = await context.newPage();
  await tab.goto(host.origin + '/en-light.html');
  await settled(tab);
  await tab.waitForTimeout(1500);
  await context.route(`${kith.url}/v1/**`, (route) => route.abort());
  await tab.reload();
  await settled(tab, 'stale');
  await tab.waitForTimeout(300);
  await tab.screenshot({ path: join(out, 'feed-offline.png'), fullPage: true });
  await context.close();
}
await browser.close();
await host.stop();
await kith.stop();
feeds.close();
console.log(`screenshots in ${out}`);
