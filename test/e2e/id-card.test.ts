// End to end, <kith-id-card> as its users meet it: cards imported with the admin CLI (a CSV, as a CRM exports it)
// into the real server (SQLite), the built bundle through the script tag on a host page under a strict CSP with
// Trusted Types, a CRM-like list of 500 names in a clipping, stacked container, Chromium. Nothing is asked for
// until a name is reached for; then one request; the card is above everything, beside its name; a click still
// follows the link; the keyboard opens it, enters it and leaves it; a tap on a touch screen opens it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { startKithServer, type KithServer } from './support/kith-server.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;
const SITE = 'cardsite';
const ROWS = 500;

// The host's own CSS: a table in a box that clips (overflow: hidden) and stacks (z-index), under a sticky header
// with a high z-index. Served as a file: the CSP forbids inline styles.
const CSS = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; }
header { position: sticky; top: 0; z-index: 9999; background: #234; color: white; padding: 8px; }
.box { position: relative; z-index: 1; overflow: hidden; height: 220px; margin: 8px; border: 1px solid #999; }
td { padding: 2px 8px; white-space: nowrap; }
kith-id-card { --kith-id-card-delay: 300ms; }
`;

const rows = Array.from({ length: ROWS }, (_, i) => `<tr><td><kith-id-card subject="contact/${i}"><a href="#contact-${i}">Contact ${i}</a></kith-id-card></td><td>Owner</td></tr>`).join('');
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CRM contacts</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/crm.css">
<script src="${'KITH'}/dist/kith.js" data-site="${SITE}"></script></head>
<body><header>CRM</header><main><div class="box"><table><tbody>${rows}</tbody></table></div><button>After the list</button></main></body></html>`;

let cardRequests: string[] = [];
let apiRequests: string[] = [];

async function open(page: Page): Promise<void> {
  cardRequests = [];
  apiRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('/v1/')) apiRequests.push(new URL(request.url()).pathname);
    if (request.url().includes('/cards/batch')) cardRequests.push(decodeURIComponent(new URL(request.url()).search));
  });
  await page.goto(host.origin + '/crm');
  await page.waitForFunction(() => customElements.get('kith-id-card') && [...document.querySelectorAll('kith-id-card')].every((card) => (card as any).hasUpdated));
}

const card = (page: Page, n: number) => page.locator(`kith-id-card[subject="contact/${n}"]`);
const popover = (page: Page, n: number) => card(page, n).locator('[popover]');
const isOpen = (page: Page, n: number) => card(page, n).evaluate((el) => !!el.shadowRoot?.querySelector('[popover]')?.matches(':popover-open'));

before(async () => {
  kith = await startKithServer();
  host = await startHostPage(kith.url);
  await kith.cli('site', 'create', '--id', SITE, '--name', 'Cards', '--origin', host.origin);
  const dir = mkdtempSync(join(tmpdir(), 'kith-cards-'));
  const csv = join(dir, 'contacts.csv');
  writeFileSync(
    csv,
    'subject,name,title,company,email,phone,fields.Region\r\n' +
      Array.from({ length: ROWS }, (_, i) => `contact/${i},"Contact ${i}",Buyer,"Acme, Inc.",c${i}@example.com,+1 555 01${String(i % 100).padStart(2, '0')},EMEA`).join('\r\n') +
      '\r\n',
  );
  await kith.cli('cards', 'import', '--site', SITE, csv);
  await kith.cli('cards', 'layout', '--site', SITE, '--kind', 'contact/', '--fields', 'name,title,company,email,phone,fields.Region');
  host.set('/crm.css', CSS, 'text/css');
  host.set('/crm', PAGE.replace('KITH', kith.url));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
});

describe('<kith-id-card> end to end', () => {
  test('500 names: no request and no popover until one is reached for; then one request, a card above everything, and the link still works', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
    await open(page);
    await page.waitForTimeout(800);
    assert.deepEqual(apiRequests, [], 'no API request on load (not even the site policy)');
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('kith-id-card')].filter((el) => el.shadowRoot?.querySelector('[popover]')).length), 0, 'no popover');

    const link = card(page, 3).getByRole('link', { name: 'Contact 3', exact: true });
    await link.hover();
    await page.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/3"]')!.matches(':state(open):state(loaded)'));
    assert.deepEqual(cardRequests, ['?subject=contact/3']);
    const dialog = card(page, 3).getByRole('dialog', { name: 'Contact 3' });
    assert.equal(await dialog.isVisible(), true);
    assert.match(await dialog.innerText(), /Buyer[\s\S]*Acme, Inc\.[\s\S]*c3@example\.com[\s\S]*EMEA/);

    // Above the clipping box and the sticky header: it reaches out of the box, and what is under its middle is the card.
    const cardBox = (await popover(page, 3).boundingBox())!;
    const clip = (await page.locator('.box').boundingBox())!;
    const trigger = (await link.boundingBox())!;
    assert.ok(cardBox.y + cardBox.height > clip.y + clip.height || cardBox.y < clip.y, 'the card reaches out of the overflow: hidden box');
    assert.ok(cardBox.y >= trigger.y + trigger.height || cardBox.y + cardBox.height <= trigger.y, 'not over its trigger');
    const hit = await page.evaluate(([x, y]) => {
      const found = document.elementFromPoint(x!, y!);
      return found?.shadowRoot?.elementFromPoint(x!, y!)?.closest('[popover]') ? 'card' : found?.localName;
    }, [cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2]);
    assert.equal(hit, 'card');

    // Into the card and back: it stays; then the click on the name follows the link.
    await page.mouse.move(cardBox.x + 20, cardBox.y + 20, { steps: 5 });
    await page.waitForTimeout(600);
    assert.equal(await isOpen(page, 3), true, 'stays open while the pointer is on it');
    await link.click();
    await page.waitForFunction(() => location.hash == '#contact-3');

    // The same card again: the page's cache; another name: one more request.
    await page.mouse.move(600, 480);
    await page.waitForFunction(() => !document.querySelector('kith-id-card[subject="contact/3"]')!.matches(':state(open)'));
    await link.hover();
    await page.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/3"]')!.matches(':state(open)'));
    // The open card covers the rows below: the pointer leaves it first, as a user's does.
    await page.mouse.move(600, 480);
    await page.waitForFunction(() => !document.querySelector('kith-id-card[subject="contact/3"]')!.matches(':state(open)'));
    await card(page, 5).getByRole('link', { name: 'Contact 5', exact: true }).hover();
    await page.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/5"]')!.matches(':state(open):state(loaded)'));
    assert.deepEqual(cardRequests, ['?subject=contact/3', '?subject=contact/5']);
    await page.close();
  });

  test('keyboard: focus opens the card at once, Alt+ArrowDown enters it, Escape leaves it, Tab goes past it', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
    await open(page);
    await card(page, 0).getByRole('link', { name: 'Contact 0', exact: true }).focus();
    // Focus from script is not keyboard focus: go out and back in with the keyboard.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/0"]')!.matches(':state(open):state(loaded)'));
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Contact 0', 'focus stays on the name');
    assert.equal(await card(page, 0).getByRole('link', { name: 'Contact 0', exact: true }).getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Alt+ArrowDown');
    await page.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/0"]')!.shadowRoot!.activeElement?.getAttribute('role') == 'dialog');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.querySelector('kith-id-card[subject="contact/0"]')!.shadowRoot!.activeElement?.getAttribute('aria-label')), 'Close card');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('kith-id-card[subject="contact/0"]')!.matches(':state(open)'));
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Contact 0', 'focus back on the name');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Contact 1', 'Tab goes to the next name, past the card');
    await page.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/1"]')!.matches(':state(open)'));
    assert.equal(await isOpen(page, 0), false);
    await page.close();
  });

  test('touch: a tap opens the card without following the link; a second tap follows it', async () => {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    await open(page);
    const link = card(page, 2).getByRole('link', { name: 'Contact 2', exact: true });
    await link.tap();
    await page.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/2"]')!.matches(':state(open):state(loaded)'));
    assert.equal(await page.evaluate(() => location.hash), '');
    const box = (await popover(page, 2).boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `inside a 360 px screen: ${box.x}, ${box.width}`);
    await link.tap();
    await page.waitForFunction(() => location.hash == '#contact-2');
    await context.close();
  });
});
