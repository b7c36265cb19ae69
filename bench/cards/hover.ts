// Hover to painted card (issue 10): in Chromium, a list page of ROWS names, each wrapped in <kith-id-card> (cards
// imported with the admin CLI into the real server) or in Shoelace's <sl-tooltip> from its CDN (content in the
// page: it fetches nothing). The real mouse moves onto a name; the time runs from the pointer's arrival (its
// pointerover, in the page) to the first animation frame in which the card (or tooltip) is open, placed and
// shows its content: that frame paints it. Both hover delays are 0 (--kith-id-card-delay, sl-tooltip's
// --show-delay, 150ms by default), so what is measured is the work after the intent, not the intent itself. Three cases per round, each
// round in a fresh browser context (empty HTTP cache and IndexedDB):
// - first: the first card on the page (Kith: its placing code and the card's data are fetched);
// - another: a second name (Kith: its data is fetched, the code is here);
// - again: the first name again after it closed (Kith: the page's cache).
// And for Kith alone, `first` on a page that keeps the default delay (500ms), minus those 500 ms: the card's data
// and code are asked for halfway through the delay, so what is left after it is what the user waits for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/e2e/support/browser.ts';
import { startKithServer } from '../../test/e2e/support/kith-server.ts';
import { startHostPage } from '../render/host-page.ts';
import { startShoelaceCdn } from '../render/shoelace-cdn.ts';
import { SHOELACE_DIR, SHOELACE_THEME, SHOELACE_TOOLTIP } from '../shoelace.ts';
import { staticClosure } from '../sizes.ts';

const ROWS = 50;
export const HOVER_CASES = ['first', 'another', 'again'] as const;
/** The default hover delay (--kith-id-card-delay). */
const DEFAULT_DELAY_MS = 500;
export type HoverCase = (typeof HOVER_CASES)[number];
type Kind = 'kith' | 'shoelace';

export interface HoverTable {
  runs: number;
  /** Median ms per kind and case; every run's ms. */
  rows: { kind: Kind; case: HoverCase; ms: number; runs: number[] }[];
  /** Kith's first card with the default delay: median ms after the delay, every run's. */
  withDelay: { ms: number; runs: number[] };
  /** Requests Kith's page made for cards in the last round. */
  cardRequests: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const CSS = `body { font: 14px/1.5 system-ui, sans-serif; margin: 16px; } td { padding: 4px 12px; }
kith-id-card { --kith-id-card-delay: 0ms; --kith-id-card-grace: 0ms; }
sl-tooltip { --show-delay: 0ms; --hide-delay: 0ms; }
.default-delay kith-id-card { --kith-id-card-delay: ${DEFAULT_DELAY_MS}ms; }`;

const table = (cell: (i: number) => string) =>
  `<table><tbody>${Array.from({ length: ROWS }, (_, i) => `<tr><td>${cell(i)}</td><td>Buyer</td><td>Acme, Inc.</td></tr>`).join('')}</tbody></table>`;

/** In the page: resolves with ms from the pointer's arrival on `selector` to the first frame where `shown()`. */
function timeHover({ selector, kind }: { selector: string; kind: Kind }) {
  return new Promise<number>((resolve) => {
    const trigger = document.querySelector(selector)!;
    const host = trigger.closest(kind == 'kith' ? 'kith-id-card' : 'sl-tooltip') as HTMLElement & { open?: boolean };
    const shown = () => {
      if (kind == 'kith') {
        const card = host.shadowRoot?.querySelector<HTMLElement>('[popover]');
        return !!card?.matches(':popover-open') && !!card.dataset.placement && host.matches(':state(loaded)');
      }
      const popup = host.shadowRoot?.querySelector('sl-popup') as (HTMLElement & { active?: boolean }) | null;
      const body = host.shadowRoot?.querySelector<HTMLElement>('[part~=body]');
      return !!popup?.active && !!body && getComputedStyle(body).opacity != '0' && body.getBoundingClientRect().width > 0;
    };
    trigger.addEventListener(
      'pointerover',
      () => {
        const start = performance.now();
        const tick = () => (shown() ? resolve(performance.now() - start) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      },
      { once: true },
    );
  });
}

async function hover(page: Page, kind: Kind, i: number): Promise<number> {
  const selector = `a[href="#c${i}"]`;
  const timing = page.evaluate(timeHover, { selector, kind });
  await page.waitForTimeout(50);
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const ms = await Promise.race([timing, page.waitForTimeout(10_000).then(() => Infinity)]);
  // Away, and wait until it closed.
  await page.mouse.move(700, 5);
  await page.waitForTimeout(kind == 'kith' ? 100 : 400);
  return ms;
}

export async function measureHover(runs = 9): Promise<HoverTable> {
  const kith = await startKithServer();
  const cdn = await startShoelaceCdn([SHOELACE_THEME, ...staticClosure(join(SHOELACE_DIR, SHOELACE_TOOLTIP)).map((f) => relative(SHOELACE_DIR, f))]);
  const host = await startHostPage();
  const dir = mkdtempSync(join(tmpdir(), 'kith-bench-cards-'));
  let browser: Browser | undefined;
  try {
    await kith.cli('site', 'create', '--id', 'bench', '--name', 'Bench', '--origin', host.origin);
    const csv = join(dir, 'cards.csv');
    writeFileSync(
      csv,
      'subject,name,title,company,email,phone\n' + Array.from({ length: ROWS }, (_, i) => `bench/${i},Contact ${i},Buyer,"Acme, Inc.",c${i}@example.com,+1 555 0100`).join('\n') + '\n',
    );
    await kith.cli('cards', 'import', '--site', 'bench', csv);
    host.set('/cards.css', CSS, {}, 'text/css');
    for (const [path, bodyClass] of [['/kith', ''], ['/kith-default-delay', 'default-delay']])
      host.set(
        path!,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kith cards</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/cards.css">
<script src="${kith.url}/dist/kith.js" data-site="bench"></script></head><body class="${bodyClass}">${table((i) => `<kith-id-card subject="bench/${i}"><a href="#c${i}">Contact ${i}</a></kith-id-card>`)}</body></html>`,
        { scripts: [kith.url], connect: [kith.url] },
      );
    host.set(
      '/shoelace',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shoelace tooltips</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/cards.css">
<link rel="stylesheet" href="${cdn.base}/${SHOELACE_THEME}"><script type="module" src="${cdn.base}/${SHOELACE_TOOLTIP}"></script></head>
<body>${table((i) => `<sl-tooltip content="Contact ${i} · Buyer · Acme, Inc. · c${i}@example.com · +1 555 0100"><a href="#c${i}">Contact ${i}</a></sl-tooltip>`)}</body></html>`,
      { scripts: [cdn.origin], styles: [cdn.origin] },
    );
    browser = await launchChromium();
    const times: Record<string, number[]> = {};
    let cardRequests: string[] = [];
    for (let round = -1; round < runs; round++) {
      // Round -1 warms the servers (and Chromium) up and is not counted; the order of the kinds alternates.
      for (const kind of (round % 2 ? ['kith', 'shoelace', 'kith-default-delay'] : ['kith-default-delay', 'shoelace', 'kith']) as (Kind | 'kith-default-delay')[]) {
        const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
        const page = await context.newPage();
        const requests: string[] = [];
        page.on('request', (request) => request.url().includes('/cards/') && requests.push(decodeURIComponent(new URL(request.url()).search)));
        await page.goto(`${host.origin}/${kind}`);
        await page.waitForFunction((tag) => !!customElements.get(tag), kind == 'shoelace' ? 'sl-tooltip' : 'kith-id-card');
        await page.waitForTimeout(300);
        if (kind == 'kith-default-delay') {
          const ms = (await hover(page, 'kith', 2)) - DEFAULT_DELAY_MS;
          if (round >= 0) (times['kith with delay'] ??= []).push(ms);
        } else {
          const measured = { first: await hover(page, kind, 2), another: await hover(page, kind, 6), again: await hover(page, kind, 2) };
          if (round >= 0) for (const [name, ms] of Object.entries(measured)) (times[`${kind} ${name}`] ??= []).push(ms);
          if (kind == 'kith') cardRequests = requests;
        }
        await context.close();
      }
    }
    const rows = (['kith', 'shoelace'] as Kind[]).flatMap((kind) => HOVER_CASES.map((name) => ({ kind, case: name, ms: median(times[`${kind} ${name}`]!), runs: times[`${kind} ${name}`]! })));
    return { runs, rows, withDelay: { ms: median(times['kith with delay']!), runs: times['kith with delay']! }, cardRequests };
  } finally {
    await browser?.close();
    await host.stop();
    await cdn.stop();
    await kith.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
