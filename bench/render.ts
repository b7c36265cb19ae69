// Render times in Chromium: from navigation start until every <kith-rating> on the page shows the server's
// count, for a page with 1 and with 50 widgets, cold (new profile: nothing cached) and warm (reload: the
// IndexedDB read cache answers first). Baseline side by side: the same page with plain text instead.
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { startHostPage } from '../test/e2e/support/host-page.ts';
import { startKithServer } from '../test/e2e/support/kith-server.ts';

export interface RenderRow {
  name: string;
  ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureRender(runs = 5): Promise<RenderRow[]> {
  const kith = await startKithServer();
  const host = await startHostPage(kith.url);
  let browser: Browser | undefined;
  try {
    await kith.cli('site', 'create', '--id', 'bench', '--name', 'Bench', '--origin', host.origin, '--guests', 'rate');
    const page = (n: number, widget: boolean) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
${widget ? `<script src="${kith.url}/dist/kith.js" data-site="bench"></script>` : ''}</head><body>
${Array.from({ length: n }, (_, i) => (widget ? `<kith-rating subject="bench/${i % 10}"></kith-rating>` : `<p>Item ${i}: ★★★★☆ 4.2 · 10 ratings</p>`)).join('\n')}
</body></html>`;
    browser = await launchChromium();
    const rows: RenderRow[] = [];
    for (const n of [1, 50]) {
      host.set(`/w${n}`, page(n, true));
      host.set(`/b${n}`, page(n, false));
      const cold: number[] = [];
      const warm: number[] = [];
      const base: number[] = [];
      for (let r = 0; r < runs; r++) {
        const context = await browser.newContext();
        const p = await context.newPage();
        const done = () =>
          p.waitForFunction(
            (count) => {
              const els = [...document.querySelectorAll('kith-rating')];
              return els.length === count && els.every((e) => e.shadowRoot?.querySelector('[part=count]')?.textContent?.trim()) ? performance.now() : false;
            },
            n,
            { polling: 'raf' },
          );
        await p.goto(`${host.origin}/w${n}`);
        cold.push((await (await done()).jsonValue()) as number);
        await p.reload();
        warm.push((await (await done()).jsonValue()) as number);
        await p.goto(`${host.origin}/b${n}`);
        base.push(await p.evaluate(() => new Promise<number>((ok) => requestAnimationFrame(() => ok(performance.now())))));
        await context.close();
      }
      rows.push({ name: `${n} widget${n > 1 ? 's' : ''}, cold (nothing cached)`, ms: median(cold) });
      rows.push({ name: `${n} widget${n > 1 ? 's' : ''}, warm (reload, cache answers first)`, ms: median(warm) });
      rows.push({ name: `baseline: same page as plain text (${n})`, ms: median(base) });
    }
    return rows;
  } finally {
    await browser?.close();
    await host.stop();
    await kith.stop();
  }
}
