// npm run screenshots's companion for <kith-tag-cloud> (node test/visual/tag-cloud-screenshots.ts after npm run
// build): a record's tags with the field, the site's cloud, compact rows in a CRM-like table, in light, dark,
// forced colors, Arabic, 320 px at 20 px, against the real server. PNGs go to test-results/screenshots/tag-cloud-*.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../e2e/support/browser.ts';
import { repoRoot, startKithServer } from '../e2e/support/kith-server.ts';
import { startHostPage } from '../e2e/support/host-page.ts';

const out = join(repoRoot, 'test-results/screenshots');
mkdirSync(out, { recursive: true });
const kith = await startKithServer();
const host = await startHostPage(kith.url);
await kith.cli('site', 'create', '--id', 'shop', '--name', 'Shop', '--origin', host.origin, '--guests', 'rate');
const site = `${kith.url}/v1/sites/shop`;

// Other visitors tag, as guests through the API.
const tagAs = async (token: string, subject: string, tag: string) => {
  const res = await fetch(`${site}/tags?subject=${encodeURIComponent(subject)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: host.origin },
    body: JSON.stringify({ tag }),
  });
  if (!res.ok) throw new Error(`tagging: ${res.status} ${await res.text()}`);
};
const tags = ['crm', 'lead', 'enterprise', 'renewal', 'q4', 'partner', 'churn risk', 'upsell', 'EMEA', 'Straße'];
for (let guest = 0; guest < 6; guest++) {
  const res = await fetch(`${site}/visitors`, { method: 'POST', headers: { 'content-type': 'application/json', origin: host.origin }, body: '{}' });
  const { token } = (await res.json()) as { token: string };
  for (let record = 0; record < 12; record++)
    for (const [i, tag] of tags.entries()) if ((record + i + guest) % (i + 2) == 0) await tagAs(token, `contact/${record}`, tag);
}

const script = `<script src="${kith.url}/dist/kith.js" data-site="shop"></script>`;
const rows = Array.from({ length: 12 }, (_, i) => `<tr><td>Contact ${i}</td><td class="tags"><kith-tag-cloud subject="contact/${i}" variant="compact"></kith-tag-cloud></td></tr>`).join('');
const page = (lang: string, style: string) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/page.css"></head><body class="${style}">
${script}
<h1>Contact 1</h1>
<kith-tag-cloud subject="contact/1" label="Contact 1"></kith-tag-cloud>
<h2>Site cloud</h2>
<kith-tag-cloud href-template="/search?tag={tag}" list-subjects></kith-tag-cloud>
<h2>List</h2>
<table>${rows}</table>
</body></html>`;
host.set('/page.css', 'body{font:16px system-ui,sans-serif;margin:16px} body.dark{background:#111;color:#eee;color-scheme:dark} body.big{font-size:20px} table{border-collapse:collapse;font-size:13px} td{border:1px solid #ccc;padding:4px} td.tags{width:120px;max-width:120px}', 'text/css');
for (const lang of ['en', 'ar']) for (const style of ['light', 'dark', 'big']) host.set(`/${lang}-${style}.html`, page(lang, style));

const browser = await launchChromium();
for (const [name, path, options] of [
  ['light', '/en-light.html', {}],
  ['dark', '/en-dark.html', { colorScheme: 'dark' }],
  ['forced', '/en-light.html', { forcedColors: 'active' }],
  ['arabic', '/ar-light.html', {}],
  ['narrow', '/en-big.html', { viewport: { width: 320, height: 900 } }],
] as const) {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 }, ...(options as object) });
  const tab = await context.newPage();
  tab.on('console', (message) => message.type() == 'error' && console.log(name, message.text()));
  await tab.goto(host.origin + path);
  await tab.waitForFunction(() => [...document.querySelectorAll('kith-tag-cloud')].every((e) => e.matches(':state(loaded), :state(error)')));
  await tab.waitForTimeout(500);
  await tab.screenshot({ path: join(out, `tag-cloud-${name}.png`), fullPage: true });
  if (name == 'light') {
    const record = tab.locator('kith-tag-cloud').first();
    await record.locator('input').fill('c');
    await tab.waitForTimeout(600);
    await tab.screenshot({ path: join(out, 'tag-cloud-suggestions.png') });
    await record.locator('input').fill('my own tag');
    await record.locator('input').press('Enter');
    await tab.waitForFunction(() => !document.querySelector('kith-tag-cloud')!.matches(':state(pending)'));
    await record.locator('[data-another=crm]').click();
    await tab.waitForTimeout(300);
    await tab.screenshot({ path: join(out, 'tag-cloud-own-and-another.png') });
    await record.locator('[part=popup] li button').first().press('Escape');
    await tab.locator('kith-tag-cloud').nth(1).locator('[part~=link]').first().click();
    await tab.waitForTimeout(600);
    await tab.screenshot({ path: join(out, 'tag-cloud-subjects.png'), fullPage: true });
  }
  await context.close();
}
await browser.close();
await host.stop();
await kith.stop();
console.log('screenshots in', out);
