// The comments bench in Chromium: for each discussion (the first page, 20 threads × 2 replies; a whole
// 1,000-comment discussion, 100 threads × 9 replies) and each kind (Kith, Waline, Artalk, bare innerHTML),
// fresh browser contexts in rounds whose order rotates, so that machine noise hits every kind alike. Each
// visit notes, through bench/comments/probe.ts, when the list response ended, when the first frame showing a
// screen full of comments was produced, and when the first frame showing every comment was. On the large
// discussion it also measures, once per kind, the elements per comment, and in the first `idleRuns` rounds the main thread's busy time per second once the page is idle
// (after the comments are shown, 1 s of rest, then `idleSeconds` between two reads of the Chrome DevTools
// Protocol's Performance.getMetrics: the growth of TaskDuration and ScriptDuration divided by the seconds).
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../test/e2e/support/browser.ts';
import { startKithServer, type KithServer } from '../../test/e2e/support/kith-server.ts';
import { startHostPage } from '../render/host-page.ts';
import { startPackageCdn } from '../render/shoelace-cdn.ts';
import { SITE, startBenchApi } from './api.ts';
import { count, discussion } from './data.ts';
import { COMMENT_KINDS, commentPage, type CommentKind } from './pages.ts';
import { countElements, navigateAndMarkComments, foundSoFar, installCommentsProbe, SELECTORS, type DomCount } from './probe.ts';

export const WALINE_DIR = realpathSync(resolve(import.meta.dirname, '../../node_modules/@waline/client'));
export const ARTALK_DIR = realpathSync(resolve(import.meta.dirname, '../../node_modules/artalk'));

export interface Discussion {
  key: string;
  label: string;
  threads: number;
  replies: number;
  /** Budget for Kith's response → painted median, ms. */
  budget: number;
  /** Measure idle main-thread time and elements per comment on this one. */
  heavy: boolean;
}

export const DISCUSSIONS: Discussion[] = [
  { key: 'first', label: 'first page: 20 threads × 2 replies (60 comments)', threads: 20, replies: 2, budget: 60, heavy: false },
  { key: 'full', label: 'whole discussion: 100 threads × 9 replies (1,000 comments)', threads: 100, replies: 9, budget: 250, heavy: true },
];

export interface KindResult {
  kind: CommentKind;
  /** Per kept run: first screen painted − the list reaching the widget (ms), Infinity when it did not finish.
   * The list reaches the widget when its response ends, or, for a widget whose loader asked for it before the
   * widget's code ran, when the widget asks for it (whichever is later). */
  runs: number[];
  /** Medians: from the list reaching the widget to the first screen, and to the frame with every comment; and
   * from the response's end to the first screen. */
  responseToPaint: number;
  responseToAll: number;
  responseEndToPaint: number;
  navigationToPaint: number;
  responseEnd: number;
  listRequests: number;
  /** Heavy discussion only: median busy seconds per second when idle. */
  idleTask?: number;
  idleScript?: number;
  dom?: DomCount;
  /** The scripts the first kept visit loaded before its comments showed. */
  scripts: string[];
}

export interface DiscussionResult {
  discussion: Discussion;
  comments: number;
  kinds: KindResult[];
  problems: string[];
}

export interface CommentsOptions {
  runs?: number;
  idleRuns?: number;
  idleSeconds?: number;
  timeoutMs?: number;
  kinds?: readonly CommentKind[];
  onTable?: (result: DiscussionResult) => void;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function measureComments({ runs = 5, idleRuns = 3, idleSeconds = 3, timeoutMs = 30_000, kinds = COMMENT_KINDS, onTable }: CommentsOptions = {}): Promise<DiscussionResult[]> {
  const host = await startHostPage();
  const version = (dir: string) => JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).version as string;
  const cdn = await startPackageCdn([
    { dir: WALINE_DIR, name: '@waline/client', version: version(WALINE_DIR), prewarm: ['dist/waline.js', 'dist/waline.css'] },
    { dir: ARTALK_DIR, name: 'artalk', version: version(ARTALK_DIR), prewarm: ['dist/Artalk.js', 'dist/Artalk.css'] },
  ]);
  let kith: KithServer | undefined;
  let api: Awaited<ReturnType<typeof startBenchApi>> | undefined;
  let browser: Browser | undefined;
  try {
    kith = await startKithServer([], {});
    await kith.cli('site', 'create', '--id', SITE, '--name', 'Bench', '--origin', host.origin);
    api = await startBenchApi(kith.url);
    const origins = { kith: kith.url, api: api.origin, waline: cdn.bases[0]!, artalk: cdn.bases[1]! };
    browser = await launchChromium();
    const results: DiscussionResult[] = [];
    for (const [index, d] of DISCUSSIONS.entries()) {
      const data = discussion(d.threads, d.replies);
      const n = count(data);
      api.add(d.key, data);
      api.use(d.key);
      for (const kind of kinds) for (const f of commentPage(kind, d.threads, origins)) host.set(f.path, f.body, f.policy, f.type);
      const problems = new Set<string>();
      const per: Record<string, { paint: number[]; all: number[]; raw: number[]; nav: number[]; response: number[]; lists: number[]; task: number[]; script: number[]; dom?: DomCount; scripts?: string[]; strikes: number }> = {};
      for (const kind of kinds) per[kind] = { paint: [], all: [], raw: [], nav: [], response: [], lists: [], task: [], script: [], strikes: 0 };
      // One warm-up round before the first discussion (servers' JIT, the CDN's and Chromium's first pages).
      for (let round = index === 0 ? -1 : 0; round < runs; round++) {
        const order = kinds.map((_, k) => kinds[(k + Math.max(round, 0)) % kinds.length]!);
        for (const kind of order) {
          const p = per[kind]!;
          const keep = round >= 0;
          if (p.strikes >= 2) {
            if (keep) p.paint.push(Infinity), p.all.push(Infinity), p.raw.push(Infinity), p.nav.push(Infinity);
            continue;
          }
          const idle = d.heavy && keep && round < idleRuns ? idleSeconds : 0;
          const v = await visit(browser, `${host.origin}/${kind}/${d.threads}`, kind, n, { timeoutMs, idle, dom: d.heavy && keep && !p.dom }, problems);
          if (!v) {
            p.strikes++;
            if (keep) p.paint.push(Infinity), p.all.push(Infinity), p.raw.push(Infinity), p.nav.push(Infinity);
            continue;
          }
          if (!keep) continue;
          // The list reaches the widget: its response, or the widget's request for it when the answer came first.
          const reached = Number.isFinite(v.asked) ? Math.max(v.response, v.asked) : v.response;
          p.paint.push(v.painted - reached);
          p.all.push(v.allPainted - reached);
          p.raw.push(v.painted - v.response);
          p.nav.push(v.painted);
          p.response.push(v.response);
          p.lists.push(v.listRequests);
          if (v.idle) p.task.push(v.idle.task), p.script.push(v.idle.script);
          if (v.dom) p.dom = v.dom;
          p.scripts ??= v.scripts;
        }
      }
      const result: DiscussionResult = {
        discussion: d,
        comments: n,
        problems: [...problems],
        kinds: kinds.map((kind) => {
          const p = per[kind]!;
          return {
            kind,
            runs: p.paint,
            responseToPaint: median(p.paint),
            responseToAll: median(p.all),
            responseEndToPaint: median(p.raw),
            navigationToPaint: median(p.nav),
            responseEnd: median(p.response),
            listRequests: median(p.lists),
            idleTask: p.task.length ? median(p.task) : undefined,
            idleScript: p.script.length ? median(p.script) : undefined,
            dom: p.dom,
            scripts: p.scripts ?? [],
          };
        }),
      };
      results.push(result);
      onTable?.(result);
    }
    return results;
  } finally {
    await browser?.close();
    await api?.stop();
    await kith?.stop();
    await cdn.stop();
    await host.stop();
  }
}

interface Visit {
  response: number;
  asked: number;
  painted: number;
  allPainted: number;
  listRequests: number;
  scripts: string[];
  idle?: { task: number; script: number };
  dom?: DomCount;
}

async function visit(
  browser: Browser,
  url: string,
  kind: CommentKind,
  n: number,
  { timeoutMs, idle, dom }: { timeoutMs: number; idle: number; dom: boolean },
  problems: Set<string>,
): Promise<Visit | undefined> {
  const context = await browser.newContext();
  try {
    await installCommentsProbe(context, kind, n);
    const tab = await context.newPage();
    tab.on('pageerror', (e) => problems.add(`${kind}: page error: ${e.message}`));
    tab.on('console', (m) => {
      if (m.type() === 'error') problems.add(`${kind}: console error: ${m.text().slice(0, 200)}${m.location().url ? ` (${m.location().url})` : ''}`);
    });
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    try {
      const m = await navigateAndMarkComments(tab, () => tab.goto(url, { timeout: timeoutMs }), timeoutMs);
      if (!Number.isFinite(m.response)) problems.add(`${kind}: no list response before the comments showed`);
      const v: Visit = { response: m.response, asked: m.asked, painted: m.painted, allPainted: m.allPainted, listRequests: m.listRequests, scripts: m.scripts };
      if (idle > 0) {
        await sleep(1000);
        const metrics = async () => {
          const { metrics } = await cdp.send('Performance.getMetrics');
          const get = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
          return { task: get('TaskDuration'), script: get('ScriptDuration'), at: performance.now() };
        };
        const a = await metrics();
        await sleep(idle * 1000);
        const b = await metrics();
        const seconds = (b.at - a.at) / 1000;
        v.idle = { task: (b.task - a.task) / seconds, script: (b.script - a.script) / seconds };
      }
      if (dom) v.dom = await countElements(tab, SELECTORS[kind]);
      return v;
    } catch (error) {
      const found = await foundSoFar(tab);
      problems.add(`${kind}: did not finish (${found ?? '?'} of ${n} comments found): ${(error as Error).message.split('\n')[0]}`);
      return undefined;
    }
  } finally {
    await context.close();
  }
}
