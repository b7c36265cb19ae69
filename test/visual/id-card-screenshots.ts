// npm run screenshots's companion for <kith-id-card> (node test/visual/id-card-screenshots.ts after npm run build):
// names in a CRM-like table (13 px) wrapped in <kith-id-card>, against the real server with cards imported by the
// CLI, and the card of each state: loaded (light, dark, forced colors, Arabic, 320 px at 20 px, a 12 px and a 20 px
// host font, a context line), loading, no profile, error, not set up. PNGs go to test-results/screenshots/id-card-*.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../e2e/support/browser.ts';
import { repoRoot, startKithServer } from '../e2e/support/kith-server.ts';
import { startHostPage } from '../e2e/support/host-page.ts';

const out = join(repoRoot, 'test-results/screenshots');
mkdirSync(out, { recursive: true });
const kith = await startKithServer();
const host = await startHostPage(kith.url);
await kith.cli('site', 'create', '--id', 'crm', '--name', 'CRM', '--origin', host.origin, '--guests', 'rate');
const dir = mkdtempSync(join(tmpdir(), 'kith-shots-'));
const people = [
  ['Ada Lovelace', 'Head of Analytics', 'Analytical Engines Ltd'],
  ['Grace Hopper', 'Customer Success Lead', 'Compilers & Co'],
  ['Katherine Johnson', 'Account Manager', 'Orbital Mechanics Inc.'],
  ['Tim Berners-Lee', 'Account Executive', 'Hypertext GmbH'],
];
writeFileSync(
  join(dir, 'cards.csv'),
  'subject,name,title,company,email,phone,url,fields.Region,fields.Seats,fields.On_leave\n' +
    people.map(([name, title, company], i) => `contact/${i},"${name}","${title}","${company}",${name!.split(' ')[0]!.toLowerCase()}@example.com,+44 20 7946 00${10 + i},https://crm.example.com/contacts/${i},EMEA,${40 * (i + 1)},false`).join('\n') +
    '\n',
);
await kith.cli('cards', 'import', '--site', 'crm', join(dir, 'cards.csv'));
// Social data on contact/0, and a Kith user with a vote and a comment on the page's product.
const site = `${kith.url}/v1/sites/crm`;
for (let guest = 0; guest < 3; guest++) {
  const { token } = (await (await fetch(`${site}/visitors`, { method: 'POST', headers: { 'content-type': 'application/json', origin: host.origin }, body: '{}' })).json()) as { token: string };
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: host.origin };
  await fetch(`${site}/ratings/mine?subject=contact%2F0`, { method: 'PUT', headers: auth, body: JSON.stringify({ value: 3 + (guest % 3) }) });
  await fetch(`${site}/tags?subject=contact%2F0`, { method: 'POST', headers: auth, body: JSON.stringify({ tag: ['vip', 'renewal', 'EMEA'][guest] }) });
}

const script = (attributes = 'data-site="crm"') => `<script src="${kith.url}/dist/kith.js" ${attributes}></script>`;
const rows = people
  .map(([name], i) => `<tr><td><kith-id-card subject="contact/${i}"><a href="#c${i}">${name}</a></kith-id-card></td><td>Prospect</td><td class="num">${(i + 1) * 12},000</td></tr>`)
  .join('');
const page = (lang: string, style: string, attributes?: string) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/page.css"></head><body class="${style}">
${script(attributes)}
<h1>Contacts</h1>
<div class="wrap"><table><thead><tr><th>Name</th><th>Stage</th><th>ARR (€)</th></tr></thead><tbody>${rows}
<tr><td><kith-id-card subject="contact/none"><a href="#none">Nobody Known</a></kith-id-card></td><td>Lead</td><td class="num">0</td></tr>
<tr><td><kith-id-card subject="contact/0">A. Lovelace (text)</kith-id-card></td><td>Owner</td><td class="num">–</td></tr>
</tbody></table></div>
</body></html>`;
host.set(
  '/page.css',
  `body{font:16px system-ui,sans-serif;margin:16px} body.dark{background:#111;color:#eee;color-scheme:dark} body.big{font-size:20px} body.small table{font-size:12px}
   .wrap{overflow:hidden;position:relative;z-index:1;border:1px solid #ccc} table{border-collapse:collapse;font-size:13px;width:100%} td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:start} .num{text-align:end}
   body.big table{font-size:20px} kith-id-card{--kith-id-card-delay:0ms}`,
  'text/css',
);
for (const lang of ['en', 'ar']) for (const style of ['light', 'dark', 'big', 'small']) host.set(`/${lang}-${style}.html`, page(lang, style));
host.set('/unset.html', page('en', 'light', ''));

const browser = await launchChromium();
const shoot = async (name: string, path: string, options: object, act: (tab: import('playwright-core').Page) => Promise<void>) => {
  const context = await browser.newContext({ viewport: { width: 900, height: 560 }, ...options });
  const tab = await context.newPage();
  tab.on('console', (message) => message.type() == 'error' && console.log(name, message.text()));
  await tab.goto(host.origin + path);
  await tab.waitForFunction(() => customElements.get('kith-id-card'));
  await act(tab);
  await tab.waitForTimeout(300);
  await tab.screenshot({ path: join(out, `id-card-${name}.png`) });
  await context.close();
};
const hoverAndWait = async (tab: import('playwright-core').Page, selector: string, state = 'loaded') => {
  await tab.locator(selector).first().hover();
  await tab.waitForFunction(([sel, st]) => document.querySelector(sel!)!.closest('kith-id-card')!.matches(`:state(open):state(${st})`), [selector, state] as const);
};

for (const [name, path, options] of [
  ['light', '/en-light.html', {}],
  ['dark', '/en-dark.html', { colorScheme: 'dark' }],
  ['forced', '/en-light.html', { forcedColors: 'active' }],
  ['arabic', '/ar-light.html', {}],
  ['narrow-20px', '/en-big.html', { viewport: { width: 320, height: 700 } }],
  ['small-12px', '/en-small.html', {}],
] as const)
  await shoot(name, path, options, (tab) => hoverAndWait(tab, 'a[href="#c0"]'));
await shoot('keyboard-focus', '/en-light.html', {}, async (tab) => {
  await tab.locator('a[href="#c1"]').focus();
  await tab.keyboard.press('Shift+Tab');
  await tab.keyboard.press('Tab');
  await tab.waitForFunction(() => document.querySelector('kith-id-card[subject="contact/1"]')!.matches(':state(open):state(loaded)'));
  await tab.keyboard.press('Alt+ArrowDown');
  await tab.keyboard.press('Tab');
});
await shoot('text-trigger', '/en-light.html', {}, (tab) => hoverAndWait(tab, 'kith-id-card:not(:has(a))'));
await shoot('no-profile', '/en-light.html', {}, (tab) => hoverAndWait(tab, 'a[href="#none"]'));
await shoot('loading', '/en-light.html', {}, async (tab) => {
  await tab.route('**/cards/batch**', () => {}); // never answers
  await hoverAndWait(tab, 'a[href="#c2"]', 'loading');
});
await shoot('error', '/en-light.html', {}, async (tab) => {
  await tab.route('**/cards/batch**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' }));
  await hoverAndWait(tab, 'a[href="#c2"]', 'error');
});
await shoot('not-set-up', '/unset.html', {}, (tab) => hoverAndWait(tab, 'a[href="#c3"]', 'error'));
await browser.close();
await host.stop();
await kith.stop();
console.log(`screenshots in ${out}`);
