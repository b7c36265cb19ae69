// npm run screenshots: the demo pages and every state of <kith-rating>, as users see them, in Debian's
// Chromium: light, dark, forced colors (Windows high contrast), 320 px wide, a 12 px and a 20 px host font,
// inside a CRM-like table. PNGs go to test-results/screenshots/ — open them and look: axe passing is not
// the same as looking right. States the server would not show on demand (loading, offline, refused, stale)
// are made by holding or failing the API calls in the browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser.ts';
import { repoRoot, startKithServer } from '../e2e/support/kith-server.ts';
import { startHostPage } from '../e2e/support/host-page.ts';
import { commentsScreenshots } from './comments-screenshots.ts';

const out = join(repoRoot, 'test-results/screenshots');
mkdirSync(out, { recursive: true });

const kith = await startKithServer(['--demo']);
const host = await startHostPage(kith.url);
await kith.cli('site', 'create', '--id', 'shop', '--name', 'Shop', '--origin', host.origin, '--guests', 'rate');
await kith.cli('site', 'create', '--id', 'members', '--name', 'Members only', '--origin', host.origin, '--guests', 'none');
const browser: Browser = await launchChromium();
const shots: string[] = [];

interface Look {
  scheme?: 'light' | 'dark';
  forcedColors?: boolean;
  width?: number;
}

async function open(look: Look, url: string, route?: (page: Page) => Promise<void>): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({
    viewport: { width: look.width ?? 1000, height: 900 },
    colorScheme: look.scheme ?? 'light',
    forcedColors: look.forcedColors ? 'active' : 'none',
    // The host page's strict CSP would drop the inline styles that set each state page's font and colors.
    bypassCSP: true,
  });
  const page = await context.newPage();
  if (route) await route(page);
  await page.goto(url);
  return { page, context };
}

async function shoot(name: string, page: Page, selector?: string) {
  const file = join(out, `${name}.png`);
  await page.waitForTimeout(250);
  if (selector) await page.locator(selector).first().screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: false });
  shots.push(file);
}

const loaded = (page: Page, n = 1) =>
  page.waitForFunction((count) => [...document.querySelectorAll('kith-rating')].filter((e) => e.matches(':state(loaded), :state(error), :state(stale)')).length >= count, n);

// The demo pages, in each look.
for (const [suffix, look] of Object.entries<Look>({ light: {}, dark: { scheme: 'dark' }, forced: { forcedColors: true }, narrow: { width: 320 } })) {
  for (const demo of ['index', 'category', 'crm']) {
    const { page, context } = await open(look, `${kith.url}/demo/${demo}.html`);
    await loaded(page);
    await shoot(`demo-${demo}-${suffix}`, page);
    await context.close();
  }
}

// One widget per state, on a plain page with a given host font, in a card and inline, light and dark.
const statePage = (site: string, body: string, font = 16, bg = '', lang = 'en') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<title>state</title><link rel="icon" href="data:,">
<script src="${kith.url}/dist/kith.js" data-site="${site}"></script></head>
<body style="font: ${font}px system-ui, sans-serif; margin: 16px;${bg}">${body}</body></html>`;
const both = (attrs = '') =>
  `<kith-rating subject="product/42" ${attrs}></kith-rating><p>Inline in text: <kith-rating variant="inline" subject="product/42" ${attrs}></kith-rating> after.</p>`;

type Setup = (page: Page) => Promise<void>;
const hold = (pattern: string): Setup => (page) => page.route(pattern, () => new Promise(() => {}));
const fail = (pattern: string, status: number, code: string): Setup => (page) =>
  page.route(pattern, (route: Route) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ error: { code, message: code } }) }));
const abort = (pattern: string): Setup => (page) => page.route(pattern, (route: Route) => route.abort('internetdisconnected'));

const states: Array<{ name: string; site?: string; body?: string; setup?: Setup; act?: (page: Page) => Promise<void> }> = [
  { name: 'ready' },
  { name: 'zero', body: both().replaceAll('product/42', 'product/none') },
  { name: 'loading', setup: hold('**/v1/sites/shop/ratings/batch**') },
  { name: 'error', setup: fail('**/v1/sites/shop/ratings/batch**', 503, 'unavailable') },
  { name: 'origin-refused', setup: fail('**/v1/sites/shop/ratings/batch**', 403, 'origin_not_allowed') },
  { name: 'not-set-up', site: '' },
  { name: 'sign-in', site: 'members' },
  { name: 'sign-in-link', site: 'members', body: both('sign-in-url="/login"') },
  { name: 'readonly', body: both('readonly') },
  {
    name: 'own-vote',
    act: async (page) => {
      await page.locator('kith-rating').first().getByRole('radio', { name: '4 stars' }).click();
      await page.mouse.move(0, 0);
      await page.waitForFunction(() => !document.querySelector('kith-rating')!.matches(':state(pending)'));
    },
  },
  {
    name: 'hover-preview',
    act: async (page) => {
      await page.locator('kith-rating').first().getByRole('radio', { name: '3 stars' }).hover();
    },
  },
  {
    name: 'pending-offline',
    setup: abort('**/ratings/mine?**'),
    act: async (page) => {
      await page.locator('kith-rating').first().getByRole('radio', { name: '5 stars' }).click();
      await page.mouse.move(0, 0);
      await page.waitForFunction(() => document.querySelector('kith-rating')!.shadowRoot!.textContent!.includes('back online'), undefined, { timeout: 10_000 });
    },
  },
  {
    name: 'refused',
    setup: fail('**/ratings/mine?**', 403, 'forbidden'),
    act: async (page) => {
      await page.locator('kith-rating').first().getByRole('radio', { name: '2 stars' }).click();
      await page.mouse.move(0, 0);
      await page.waitForFunction(() => document.querySelector('kith-rating')!.shadowRoot!.textContent!.includes('may not'));
    },
  },
  {
    name: 'stale',
    act: async (page) => {
      // A saved copy from this visit (written when the page is idle), then the server cannot be reached.
      await page.waitForTimeout(1500);
      await page.route('**/v1/sites/shop/ratings/batch**', (route: Route) => route.abort('internetdisconnected'));
      await page.reload();
      await page.waitForFunction(() => document.querySelector('kith-rating')!.matches(':state(stale)'), undefined, { timeout: 15_000 });
    },
  },
  {
    name: 'focus',
    act: async (page) => {
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowRight');
    },
  },
];

for (const state of states) {
  for (const [suffix, look] of Object.entries<Look>({ light: {}, dark: { scheme: 'dark' }, forced: { forcedColors: true } })) {
    for (const font of suffix == 'light' ? [12, 16, 20] : [16]) {
      const path = `/state-${state.name}-${suffix}-${font}`;
      const darkPage = suffix == 'dark' ? ' background: #17181b; color: #e8e8ea; color-scheme: dark;' : '';
      host.set(path, statePage(state.site ?? 'shop', state.body ?? both(), font, darkPage));
      const { page, context } = await open(look, host.origin + path, state.setup);
      if (state.name != 'loading') await loaded(page, 2);
      else await page.waitForTimeout(400);
      await state.act?.(page);
      await shoot(`state-${state.name}-${suffix}-${font}px`, page, 'body');
      await context.close();
    }
  }
}

// The states whose text or layout differ most between languages, in Arabic (right to left), Japanese and
// German (long words), light and 320 px wide. (Every language, light and dark, ready and voted:
// test/e2e/languages.test.ts.)
const radioOf = (page: Page, n: number) => page.locator('kith-rating').first().locator('[part~=star]').nth(n - 1);
const languageStates: Array<{ name: string; site?: string; setup?: Setup; act?: (page: Page) => Promise<void> }> = [
  { name: 'ready' },
  { name: 'error', setup: fail('**/v1/sites/shop/ratings/batch**', 503, 'unavailable') },
  { name: 'origin-refused', setup: fail('**/v1/sites/shop/ratings/batch**', 403, 'origin_not_allowed') },
  { name: 'sign-in', site: 'members' },
  {
    name: 'pending-offline',
    setup: abort('**/ratings/mine?**'),
    act: async (page) => {
      await radioOf(page, 5).click();
      await page.mouse.move(0, 0);
      await page.waitForFunction(() => document.querySelector('kith-rating')!.matches(':state(pending)'));
      await page.waitForTimeout(1500);
    },
  },
];
for (const lang of ['ar', 'ja', 'de'])
  for (const state of languageStates)
    for (const [suffix, look] of Object.entries<Look>({ light: {}, narrow: { width: 320 } })) {
      const path = `/lang-${lang}-${state.name}-${suffix}`;
      host.set(path, statePage(state.site ?? 'shop', both(), 16, '', lang));
      const { page, context } = await open(look, host.origin + path, state.setup);
      await loaded(page, 2);
      await state.act?.(page);
      await shoot(`lang-${lang}-${state.name}-${suffix}`, page, 'body');
      await context.close();
    }

// 320 px wide at a 20 px font: nothing may overflow the page (WCAG 1.4.10).
host.set('/narrow', statePage('shop', both(), 20));
{
  const { page, context } = await open({ width: 320 }, host.origin + '/narrow');
  await loaded(page, 2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await shoot('narrow-320-20px', page);
  console.log(`320 px at 20 px: horizontal overflow ${overflow} px`);
  await context.close();
}

// <kith-comments>: its thread, count and states (comments-*.png).
await commentsScreenshots({ kith, host, browser, open, shoot });

await browser.close();
await host.stop();
await kith.stop();
console.log(`${shots.length} screenshots in ${out}`);
