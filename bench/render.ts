// Render times in Chromium, from navigation start until the page is done (see render/probe.ts), for pages of
// n Kith widgets (each its own subject, with data on the server), n of their Shoelace peers (they fetch
// nothing) and the same n rows as plain text; the widget is a parameter (render/pages.ts: RATING, n
// <kith-rating> beside n <sl-rating>, the default; TAG_CLOUD, n compact <kith-tag-cloud> beside n <sl-tag>). Cold: a fresh browser context (empty HTTP cache and
// IndexedDB). Warm: a reload in that same context. Each round measures every kind once, in an order that
// rotates from round to round, so that machine noise hits all of them; rows are medians over the rounds.
// Alongside: the requests each page made and the bytes it downloaded (render/network.ts).
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { startHostPage } from './render/host-page.ts';
import { startBenchKith } from './render/kith-server.ts';
import { watchNetwork, type Traffic } from './render/network.ts';
import { KINDS, page, RATING, type Kind, type RenderWidget } from './render/pages.ts';
import { installProbe, navigateAndMark } from './render/probe.ts';
import { startShoelaceCdnFor } from './render/shoelace-cdn.ts';

export type Phase = 'cold' | 'warm';

export interface RenderRow {
  kind: Kind;
  phase: Phase;
  /** Median ms from navigation start until done; Infinity when most runs did not finish. */
  ms: number;
  /** Every run's ms, in round order (Infinity: did not finish). */
  runs: number[];
  /** Shoelace only, where its element draws icons (the rating's stars): median ms until every icon had drawn
   * its SVG (not part of done). */
  stars?: number;
  /** Medians of each count. */
  traffic: Traffic;
}

export interface RenderTable {
  n: number;
  rows: RenderRow[];
  /** Distinct page errors, console errors and timeouts seen, per kind. */
  problems: string[];
}

export interface RenderOptions {
  /** What the pages show (default: the rating). */
  widget?: RenderWidget;
  counts?: number[];
  runs?: number;
  /** Per navigation. */
  timeoutMs?: number;
  /** Called as each table is finished (progress). */
  onTable?: (table: RenderTable) => void;
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface Visit {
  ms: number;
  stars?: number;
  traffic: Traffic;
}

export async function measureRender({ widget = RATING, counts = [1, 50, 200], runs = 5, timeoutMs = 30_000, onTable }: RenderOptions = {}): Promise<RenderTable[]> {
  const host = await startHostPage();
  const cdn = await startShoelaceCdnFor(widget.shoelaceEntry);
  let kith: Awaited<ReturnType<typeof startBenchKith>> | undefined;
  let browser: Browser | undefined;
  try {
    kith = await startBenchKith(host.origin, { subjects: Math.max(...counts), ...widget.seed });
    const origins = { kith: kith.url, site: kith.site, shoelace: cdn.base };
    browser = await launchChromium();
    const tables: RenderTable[] = [];
    for (const n of counts) {
      for (const kind of KINDS) {
        const { html, policy } = page(widget, kind, n, origins);
        host.set(`/${widget.id}/${kind}/${n}`, html, policy);
      }
      const problems = new Set<string>();
      const visits: Record<Kind, Record<Phase, Visit[]>> = { kith: { cold: [], warm: [] }, shoelace: { cold: [], warm: [] }, text: { cold: [], warm: [] } };
      // A page that failed to finish twice is not visited again for this n (its runs count as unfinished),
      // so that a broken page costs a minute, not half an hour of timeouts.
      const strikes: Record<Kind, number> = { kith: 0, shoelace: 0, text: 0 };
      const unfinished: Visit = { ms: Infinity, stars: Infinity, traffic: { api: 0, files: 0, apiCached: 0, filesCached: 0, apiBytes: 0, filesBytes: 0 } };
      // Round -1 warms up the servers (JIT, SQLite pages, the CDN's compressed copies) and is not kept.
      for (let round = -1; round < runs; round++) {
        const order = KINDS.map((_, k) => KINDS[(k + Math.max(round, 0)) % KINDS.length]!);
        for (const kind of order) {
          const url = `${host.origin}/${widget.id}/${kind}/${n}`;
          const v = strikes[kind] >= 2 ? { cold: unfinished, warm: unfinished } : await visit(browser, { url, widget, kind, n, kithOrigin: kith.url, timeoutMs }, problems);
          if (!Number.isFinite(v.cold.ms) || !Number.isFinite(v.warm.ms)) strikes[kind]++;
          if (round >= 0) {
            visits[kind].cold.push(v.cold);
            visits[kind].warm.push(v.warm);
          }
        }
      }
      const rows: RenderRow[] = [];
      for (const kind of KINDS) {
        for (const phase of ['cold', 'warm'] as const) {
          const vs = visits[kind][phase];
          const mid = (f: (t: Traffic) => number) => median(vs.map((v) => f(v.traffic)));
          rows.push({
            kind,
            phase,
            ms: median(vs.map((v) => v.ms)),
            runs: vs.map((v) => v.ms),
            stars: kind === 'shoelace' && widget.shoelaceIcons ? median(vs.map((v) => v.stars ?? Infinity)) : undefined,
            traffic: {
              api: mid((t) => t.api),
              files: mid((t) => t.files),
              apiCached: mid((t) => t.apiCached),
              filesCached: mid((t) => t.filesCached),
              apiBytes: mid((t) => t.apiBytes),
              filesBytes: mid((t) => t.filesBytes),
            },
          });
        }
      }
      const table = { n, rows, problems: [...problems] };
      tables.push(table);
      onTable?.(table);
    }
    return tables;
  } finally {
    await browser?.close();
    await kith?.stop();
    await cdn.stop();
    await host.stop();
  }
}

/** A page to visit: its URL, what it shows, and the Kith origin its traffic is counted against. */
export interface Target {
  url: string;
  widget: RenderWidget;
  kind: Kind;
  n: number;
  kithOrigin: string;
  timeoutMs: number;
}

/** One fresh context: the page cold, then reloaded (warm). A visit that did not finish is Infinity ms, and says why
 * in `problems`. */
export async function visit(browser: Browser, { url, widget, kind, n, kithOrigin, timeoutMs }: Target, problems: Set<string>): Promise<Record<Phase, Visit>> {
  const context = await browser.newContext();
  try {
    await installProbe(context, widget, kind, n);
    const tab = await context.newPage();
    tab.on('pageerror', (e) => problems.add(`${kind}: page error: ${e.message}`));
    tab.on('console', (m) => {
      if (m.type() === 'error') problems.add(`${kind}: console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
    });
    const net = await watchNetwork(context, tab, kithOrigin);
    const once = async (navigate: () => Promise<unknown>, phase: Phase): Promise<Visit> => {
      net.reset();
      try {
        const m = await navigateAndMark(tab, navigate, timeoutMs);
        await net.settle();
        return { ms: m.done, stars: m.stars, traffic: net.traffic() };
      } catch (error) {
        const state = await tab.evaluate(() => (window as unknown as { __benchProbe?: { done?: number } }).__benchProbe).catch(() => undefined);
        const rendered = kind === 'shoelace' && widget.shoelaceIcons && state?.done !== undefined;
        const why = rendered ? 'rendered, but its star icons were never drawn' : (error as Error).message.split('\n')[0];
        problems.add(`${kind} ${phase}: did not finish: ${why}`);
        return { ms: Infinity, stars: Infinity, traffic: net.traffic() };
      }
    };
    const cold = await once(() => tab.goto(url, { timeout: timeoutMs }), 'cold');
    // A page that never finished cold is not reloaded: it would only wait for the timeout again.
    if (!Number.isFinite(cold.ms)) return { cold, warm: cold };
    const warm = await once(() => tab.reload({ timeout: timeoutMs }), 'warm');
    return { cold, warm };
  } finally {
    await context.close();
  }
}
