// End to end, in six languages: the built bundle through the script tag on a host page in each language,
// light and dark. Text in the page's language with numbers to match, right to left in Arabic, and only the
// catalogs of the languages on the page downloaded (an English page: none). Screenshots of each go to
// test-results/screenshots/lang-*.png: look at them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LANGUAGES } from '../../src/core/languages.ts';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { repoRoot, startKithServer, type KithServer } from './support/kith-server.ts';
import { voteAsGuests } from './support/votes.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;
const shots = join(repoRoot, 'test-results/screenshots');

const catalog = async (language: string) => (await import(`../../src/widgets/rating/i18n/${language}.ts`)).default;

const doc = (lang: string, body: string, dark = false) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Page</title><link rel="icon" href="data:,">
${dark ? '<link rel="stylesheet" href="/dark.css">' : ''}
<script src="${kith.url}/dist/kith.js" data-site="shop"></script></head><body>${body}</body></html>`;

before(async () => {
  kith = await startKithServer([], { RATE_LIMIT_WRITES_PER_IP: '100000' });
  host = await startHostPage(kith.url);
  host.set('/dark.css', ':root{color-scheme:dark;background:#17181b;color:#e8e8ea}', 'text/css');
  // 14 guests from this one machine (one network): no guest cap, which would stop at 10 (issue 7).
  await kith.cli('site', 'create', '--id', 'shop', '--name', 'Shop', '--origin', host.origin, '--guests', 'rate', '--guest-votes-per-network', '0');
  await voteAsGuests(`${kith.url}/v1/sites/shop`, ['product/1', 'product/2'], 14, (_, guest) => [5, 4, 4, 3, 5, 2, 4, 5, 5, 4, 1, 4, 5, 3][guest]!);
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
});

/** Opens `path` and resolves once every rating shows server data; `catalogs`: the language chunks fetched. */
async function open(path: string, dark = false): Promise<{ page: Page; catalogs: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 700, height: 420 }, colorScheme: dark ? 'dark' : 'light' });
  const page = await context.newPage();
  const catalogs: string[] = [];
  page.on('request', (request) => {
    const chunk = new URL(request.url()).pathname.match(/\/dist\/chunks\/([a-z]{2})-[\w-]+\.js$/);
    if (chunk) catalogs.push(chunk[1]!);
  });
  await page.goto(host.origin + path);
  await page.waitForFunction(() => [...document.querySelectorAll('kith-rating')].every((rating) => rating.matches(':state(loaded)')));
  return { page, catalogs, close: () => context.close() };
}

const shadowText = (page: Page, selector: string, index = 0) =>
  page.$$eval('kith-rating', (ratings, [selector, index]) => ratings[index as number]!.shadowRoot!.querySelector(selector as string)!.textContent!.replace(/\s+/g, ' ').trim(), [selector, index]);

describe('<kith-rating> in six languages', () => {
  for (const language of LANGUAGES)
    for (const dark of [false, true])
      test(`${language}, ${dark ? 'dark' : 'light'}: the page's language and numbers, ${language == 'en' ? 'no catalog' : 'only its catalogs'}`, async () => {
        const path = `/${language}-${dark ? 'dark' : 'light'}`;
        host.set(
          path,
          doc(
            language,
            '<kith-rating subject="product/1"></kith-rating><p>… <kith-rating variant="inline" subject="product/2"></kith-rating> …</p>',
            dark,
          ),
        );
        const { page, catalogs, close } = await open(path, dark);
        try {
          const strings = await catalog(language);
          const average = new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(54 / 14);
          assert.equal(await shadowText(page, '[part=count] b'), average, 'the average in the language');
          // (Right-to-left text isolates its parameters, as Fluent does: U+2068 … U+2069.)
          const label = (await page.$eval('kith-rating', (rating) => rating.shadowRoot!.querySelector('[part=stars]')!.getAttribute('aria-label')))!.replace(/[\u2068\u2069]/g, '');
          assert.ok(label!.startsWith(strings.label.replace(/\{action\}.*/, '') + strings.rate), `the stars' name is in ${language}: ${label}`);
          const base = await page.$eval('kith-rating', (rating) => ({ dir: rating.shadowRoot!.querySelector('[part=base]')!.getAttribute('dir'), lang: rating.shadowRoot!.querySelector('[part=base]')!.getAttribute('lang') }));
          assert.deepEqual(base, { dir: language == 'ar' ? 'rtl' : 'ltr', lang: language });
          assert.deepEqual(catalogs.sort(), language == 'en' ? [] : [language, language], 'the shared and the rating catalog of this language, nothing else');
          await page.screenshot({ path: join(shots, `lang-${language}-${dark ? 'dark' : 'light'}.png`) });
        } finally {
          await close();
        }
      });

  test('a CRM page that mixes languages row by row, and a vote on the right-to-left stars', async () => {
    const rows = ['de', 'ja', 'ar', 'en'].map((lang) => `<tr lang="${lang}"><td>${lang}</td><td><kith-rating variant="inline" subject="product/2"></kith-rating></td></tr>`).join('');
    host.set('/mixed', doc('en', `<table>${rows}</table><div lang="ar"><kith-rating subject="product/3"></kith-rating></div>`));
    const { page, catalogs, close } = await open('/mixed');
    try {
      assert.deepEqual(catalogs.sort(), ['ar', 'ar', 'de', 'de', 'ja', 'ja']);
      const counts = await page.$$eval('kith-rating[variant=inline]', (ratings) => ratings.map((rating) => rating.shadowRoot!.querySelector('[part=count]')!.textContent));
      assert.deepEqual(
        counts,
        ['de', 'ja', 'ar', 'en'].map((lang) => `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(54 / 14)}\u2009(${new Intl.NumberFormat(lang, { notation: 'compact' }).format(14)})`),
      );
      // The rightmost star of the Arabic card is one star.
      const card = page.locator('kith-rating:not([variant])');
      const boxes = await card.locator('[part~=star]').evaluateAll((stars) => stars.map((star) => star.getBoundingClientRect().left));
      assert.ok(boxes[0]! > boxes[4]!, 'star 1 is on the right');
      await card.locator('[part~=star]').first().click();
      await page.waitForFunction(() => document.querySelector('kith-rating:not([variant])')!.matches(':state(loaded):not(:state(pending))'));
      const mine = await fetch(`${kith.url}/v1/sites/shop/ratings/batch?subject=product/3`).then((response) => response.json());
      assert.deepEqual(mine.items[0].histogram, [1, 0, 0, 0, 0]);
      await page.screenshot({ path: join(shots, 'lang-mixed-crm.png') });
    } finally {
      await close();
    }
  });
});
