// Two builds of Kith side by side in one run: `node bench/render-builds.ts <baseline checkout> [widget] [rows]
// [rounds]`. The render bench (render.ts) compares one build with Shoelace, and its ratios for one build move
// by a third between runs on a 2-core machine; an effect smaller than that can only be seen with both builds in
// the same run. This checkout's server and dist/ are A; the baseline checkout's (another worktree, with its own
// `npm run build` and node_modules) are B; Shoelace's page is S. Each round visits the three pages in a rotating
// order, cold then warm in one fresh context, as render.ts does, and the ratios are of the medians; `paired` is
// the median of each round's A/B. Widgets: rating, tag-cloud, id-card, feed (the default); rows default to 200.
//   git worktree add ../baseline HEAD && (cd ../baseline && npm ci && npm run build)
//   npm run build && node bench/render-builds.ts ../baseline feed 200
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { median, visit } from './render.ts';
import { startHostPage } from './render/host-page.ts';
import { startBenchKith } from './render/kith-server.ts';
import { page, RENDER_WIDGETS, type Kind } from './render/pages.ts';
import { startShoelaceCdnFor } from './render/shoelace-cdn.ts';

const [baselineArg, widgetId = 'feed', rowsArg = '200', roundsArg = '9'] = process.argv.slice(2);
const widget = RENDER_WIDGETS.find((w) => w.id === widgetId);
const baseline = baselineArg && resolve(baselineArg);
if (!baseline || !widget || !existsSync(join(baseline, 'dist/kith.js'))) {
  console.error('usage: node bench/render-builds.ts <baseline checkout, built> [rating|tag-cloud|id-card|feed] [rows] [rounds]');
  process.exit(2);
}
const n = Number(rowsArg);
const rounds = Number(roundsArg);
// The baseline's own server (its code serves its dist/).
const { startBenchKith: startBaselineKith } = (await import(pathToFileURL(join(baseline, 'bench/render/kith-server.ts')).href)) as typeof import('./render/kith-server.ts');

const host = await startHostPage();
const cdn = await startShoelaceCdnFor(widget.shoelaceEntry);
const a = await startBenchKith(host.origin, { subjects: n, ...widget.seed });
const b = await startBaselineKith(host.origin, { subjects: n, ...widget.seed });
const browser = await launchChromium();
type Name = 'A' | 'B' | 'S';
const pages: Array<[Name, Kind, { url: string; site: string }]> = [
  ['A', 'kith', a],
  ['B', 'kith', b],
  ['S', 'shoelace', a],
];
try {
  for (const [name, kind, kith] of pages) {
    const { html, policy } = page(widget, kind, n, { kith: kith.url, site: kith.site, shoelace: cdn.base });
    host.set(`/${name}`, html, policy);
  }
  const times: Record<Name, { cold: number[]; warm: number[] }> = { A: { cold: [], warm: [] }, B: { cold: [], warm: [] }, S: { cold: [], warm: [] } };
  const problems = new Set<string>();
  // Round -1 warms up the servers and is not kept.
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < pages.length; k++) {
      const [name, kind, kith] = pages[(k + Math.max(round, 0)) % pages.length]!;
      const { cold, warm } = await visit(browser, { url: `${host.origin}/${name}`, widget, kind, n, kithOrigin: kith.url, timeoutMs: 30_000 }, problems);
      if (round >= 0) times[name].cold.push(cold.ms), times[name].warm.push(warm.ms);
    }
  }
  for (const problem of problems) console.log(`problem: ${problem}`);
  console.log(`${widget.id}, ${n} rows, ${rounds} rounds: A ${process.cwd()}, B ${baseline}, S Shoelace's ${widget.shoelaceElement}`);
  for (const phase of ['cold', 'warm'] as const) {
    const [ma, mb, ms] = (['A', 'B', 'S'] as const).map((name) => median(times[name][phase]));
    const paired = median(times.A[phase].map((x, i) => x / times.B[phase][i]!));
    console.log(
      `${phase}: A ${ma!.toFixed(0)} ms, B ${mb!.toFixed(0)} ms, S ${ms!.toFixed(0)} ms; A/S ${(ma! / ms!).toFixed(2)}, B/S ${(mb! / ms!).toFixed(2)}, A/B ${(ma! / mb!).toFixed(2)} (paired ${paired.toFixed(2)})`,
    );
    for (const name of ['A', 'B', 'S'] as const) console.log(`  ${name}: ${times[name][phase].map((x) => x.toFixed(0)).join(' ')}`);
  }
} finally {
  await browser.close();
  await a.stop();
  await b.stop();
  await cdn.stop();
  await host.stop();
}
