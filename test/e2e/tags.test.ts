// End to end, <kith-tag-cloud> as its users meet it: the built bundle through the script tag on a host page
// under a strict CSP with Trusted Types, the real server (SQLite), Chromium. Tag a record and see the cloud
// change; choose a tag and see the records carrying it; drag a tag onto another record, and do the same with
// the keyboard; tag offline, reconnect: one write.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { startKithServer, type KithServer } from './support/kith-server.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;
let secret = '';
const SITE = 'tagsite';

const tokenFor = (sub: string) =>
  new SignJWT({ name: sub })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setAudience(SITE)
    .setExpirationTime('30m')
    .sign(new TextEncoder().encode(secret));

const pageWith = (body: string, token: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CRM</title><link rel="icon" href="data:,">
<script src="${kith.url}/dist/kith.js" data-site="${SITE}" data-token="${token}"></script></head>
<body><main>${body}</main></body></html>`;

const subjectTags = async (subject: string) =>
  ((await (await fetch(`${kith.url}/v1/sites/${SITE}/tags?subject=${encodeURIComponent(subject)}`, { headers: { 'cache-control': 'no-cache' } })).json()) as {
    items: { tag: string; count: number }[];
  }).items.map((item) => `${item.tag} ${item.count}`);

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(host.origin + path);
  await page.waitForFunction(() => [...document.querySelectorAll('kith-tag-cloud')].every((e) => e.matches(':state(loaded)')), undefined, { timeout: 15_000 });
  return page;
}

const record = (page: Page, subject: string) => page.locator(`kith-tag-cloud[subject="${subject}"]`);
const cloudNames = (page: Page) => page.locator('kith-tag-cloud:not([subject])').locator('[part~=link]').evaluateAll((links) => links.map((link) => link.getAttribute('aria-label')));

before(async () => {
  kith = await startKithServer([], { RATE_LIMIT_WRITES_PER_IP: '100000' });
  host = await startHostPage(kith.url);
  const created = await kith.cli('site', 'create', '--id', SITE, '--name', 'Tags', '--origin', host.origin, '--guests', 'rate');
  secret = /^secret:\s+(\S+)/m.exec(created)![1]!;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
});

describe('<kith-tag-cloud> end to end', () => {
  test('tag a record and see the cloud change; choose a tag and see the records carrying it', async () => {
    const token = await tokenFor('ada');
    host.set('/record', pageWith('<kith-tag-cloud subject="contact/1"></kith-tag-cloud><kith-tag-cloud list-subjects></kith-tag-cloud>', token));
    const context = await browser.newContext();
    const page = await open(context, '/record');
    const field = record(page, 'contact/1').getByRole('combobox', { name: 'Add a tag' });
    await field.fill('Enterprise, crm');
    await field.press('Enter');
    await page.waitForFunction(() => !document.querySelector('kith-tag-cloud[subject]')!.matches(':state(pending)'));
    assert.deepEqual(await subjectTags('contact/1'), ['crm 1', 'Enterprise 1']);
    await page.reload();
    await page.waitForFunction(() => [...document.querySelectorAll('kith-tag-cloud')].every((e) => e.matches(':state(loaded)')));
    assert.deepEqual((await cloudNames(page)).sort(), ['Enterprise, used 1 time', 'crm, used 1 time']);
    await page.locator('kith-tag-cloud:not([subject])').getByRole('button', { name: 'crm, used 1 time' }).click();
    await page.locator('kith-tag-cloud:not([subject])').locator('[part=subjects] li', { hasText: 'contact/1' }).waitFor();
    await context.close();
  });

  test('drag a tag onto another record, and do the same with the keyboard', async () => {
    const token = await tokenFor('bea');
    host.set(
      '/list',
      pageWith(
        `<kith-tag-cloud subject="contact/10" label="Source"></kith-tag-cloud>
         <kith-tag-cloud subject="contact/11" label="Mouse target"></kith-tag-cloud>
         <kith-tag-cloud subject="contact/12" label="Keyboard target"></kith-tag-cloud>`,
        token,
      ),
    );
    const seeding = await browser.newContext();
    const seed = await open(seeding, '/list');
    const seedField = record(seed, 'contact/10').getByRole('combobox');
    await seedField.fill('partner');
    await seedField.press('Enter');
    await seed.waitForFunction(() => !document.querySelector('kith-tag-cloud')!.matches(':state(pending)'));
    await seeding.close();
    const context = await browser.newContext();
    const page = await open(context, '/list');
    // The drag: the browser's own HTML5 drag and drop, from the chip onto the other record.
    await record(page, 'contact/10').getByRole('link', { name: /partner/ }).or(record(page, 'contact/10').getByRole('button', { name: /^partner, used/ })).dragTo(record(page, 'contact/11'));
    await page.waitForFunction(() => document.querySelector('kith-tag-cloud[subject="contact/11"]')!.shadowRoot!.textContent!.includes('Tagged Mouse target with partner'));
    // The keyboard: Tag another record… then the record by its label.
    await record(page, 'contact/10').getByRole('button', { name: 'Tag another record with partner…' }).focus();
    await page.keyboard.press('Enter');
    await record(page, 'contact/10').getByRole('dialog', { name: 'Tag a record with partner' }).getByRole('button', { name: 'Keyboard target' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('kith-tag-cloud[subject="contact/10"]')!.shadowRoot!.textContent!.includes('Tagged Keyboard target with partner'));
    await page.waitForFunction(() => [...document.querySelectorAll('kith-tag-cloud')].every((e) => !e.matches(':state(pending)')));
    assert.deepEqual(await subjectTags('contact/11'), ['partner 1']);
    assert.deepEqual(await subjectTags('contact/12'), ['partner 1']);
    await context.close();
  });

  test('another person’s tag arrives live on the same record', async () => {
    host.set('/live-a', pageWith('<kith-tag-cloud subject="contact/30"></kith-tag-cloud>', await tokenFor('dee')));
    host.set('/live-b', pageWith('<kith-tag-cloud subject="contact/30"></kith-tag-cloud>', await tokenFor('eve')));
    const [first, second] = [await browser.newContext(), await browser.newContext()];
    const reader = await open(second, '/live-b');
    // The reader's stream is open once the widget has painted.
    await reader.waitForTimeout(500);
    const writer = await open(first, '/live-a');
    const field = record(writer, 'contact/30').getByRole('combobox');
    await field.fill('live one');
    await field.press('Enter');
    await reader.waitForFunction(() => document.querySelector('kith-tag-cloud')!.shadowRoot!.querySelector('[data-tag="live one"]'), undefined, { timeout: 2_000 });
    await first.close();
    await second.close();
  });

  test('tag offline, reconnect: one write', async () => {
    const token = await tokenFor('cy');
    host.set('/offline', pageWith('<kith-tag-cloud subject="contact/20"></kith-tag-cloud>', token));
    const context = await browser.newContext();
    const page = await open(context, '/offline');
    const field = record(page, 'contact/20').getByRole('combobox');
    await field.waitFor();
    const writes: string[] = [];
    page.on('request', (request) => request.method() == 'POST' && request.url().includes('/tags?') && writes.push(request.headers()['idempotency-key'] ?? ''));
    await context.setOffline(true);
    await field.fill('offline');
    await field.press('Enter');
    await page.waitForFunction(() => document.querySelector('kith-tag-cloud')!.shadowRoot!.textContent!.includes('Will be sent when you are back online'), undefined, { timeout: 10_000 });
    await context.setOffline(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForFunction(() => !document.querySelector('kith-tag-cloud')!.matches(':state(pending)'), undefined, { timeout: 10_000 });
    assert.deepEqual(await subjectTags('contact/20'), ['offline 1']);
    assert.equal(new Set(writes.filter(Boolean)).size, 1, 'one Idempotency-Key');
    await context.close();
  });
});
