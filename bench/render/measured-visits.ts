// The visits that render-profile.ts and render-trace.ts measure: the Kith and the Shoelace render page of one widget
// (pages.ts), each visited in fresh browser contexts with the probe (probe.ts), under the measurement each tool
// brings (V8's profilers, a Chrome trace), and the tallies both print.
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../../test/e2e/support/browser.ts';
import { startHostPage } from './host-page.ts';
import { startBenchKith } from './kith-server.ts';
import { page, type Kind, type RenderWidget } from './pages.ts';
import { installProbe, navigateAndMark, type Marks } from './probe.ts';
import { startShoelaceCdnFor } from './shoelace-cdn.ts';

/** `cold`: a first load in a fresh context; `warm`: a reload after one. */
export type Phase = 'cold' | 'warm';

/** A tab ready to be measured: `navigate` loads the page (cold or warm) and resolves with its marks. */
export interface Visit {
  cdp: CDPSession;
  navigate: () => Promise<Marks>;
}

/**
 * Starts the servers and the two pages of `widget` with `n` rows, then, for each kind (Kith, Shoelace), makes one
 * visit that warms the servers up (not kept) and `visits` kept ones, each in a fresh context. `measure` runs a
 * visit's navigation under its measurement and returns the marks and what it measured; `report` gets, per kind,
 * the kept visits' measurements and their times until done.
 */
export async function measureRenderVisits<Measured>(
  widget: RenderWidget,
  n: number,
  visits: number,
  phase: Phase,
  measure: (visit: Visit) => Promise<{ marks: Marks; measured: Measured }>,
  report: (kind: Kind, measured: Measured[], done: number[]) => void,
): Promise<void> {
  const host = await startHostPage();
  const cdn = await startShoelaceCdnFor(widget.shoelaceEntry);
  const kith = await startBenchKith(host.origin, { subjects: n, ...widget.seed });
  const browser = await launchChromium();
  try {
    for (const kind of ['kith', 'shoelace'] as Kind[]) {
      const { html, policy } = page(widget, kind, n, { kith: kith.url, site: kith.site, shoelace: cdn.base });
      host.set(`/${kind}`, html, policy);
    }
    for (const kind of ['kith', 'shoelace'] as Kind[]) {
      const measured: Measured[] = [];
      const done: number[] = [];
      for (let visit = -1; visit < visits; visit++) {
        const context = await browser.newContext();
        try {
          await installProbe(context, widget, kind, n);
          const tab = await context.newPage();
          const url = `${host.origin}/${kind}`;
          if (phase == 'warm') await navigateAndMark(tab, () => tab.goto(url), 30_000);
          const cdp = await context.newCDPSession(tab);
          const result = await measure({ cdp, navigate: () => navigateAndMark(tab, () => (phase == 'warm' ? tab.reload() : tab.goto(url)), 30_000) });
          if (visit < 0) continue;
          measured.push(result.measured);
          done.push(result.marks.done);
        } finally {
          await context.close();
        }
      }
      report(kind, measured, done);
    }
  } finally {
    await browser.close();
    await kith.stop();
    await cdn.stop();
    await host.stop();
  }
}

/** Adds `value` to `key`'s tally. */
export const add = (tally: Map<string, number>, key: string, value: number): Map<string, number> => tally.set(key, (tally.get(key) ?? 0) + value);

/** The `count` largest tallies, largest first. */
export const top = (tally: Map<string, number>, count: number): Array<[string, number]> => [...tally].sort((a, b) => b[1] - a[1]).slice(0, count);
