// When the render page's main thread works, and on what it waits: `node bench/render-timeline.ts [widget] [rows]
// [visits] [cold|warm]`. Visits the Kith page and the Shoelace page of the render bench (render/pages.ts) under a
// Chrome trace, as render-trace.ts does, and prints per visit, in ms since navigation start: each main-thread task
// of over LONG= ms (default 8), with the INSIDE= (default 3) largest events inside it, and when each file and API answer finished
// loading; then, per page, the medians of when its longest task started, how long it took, when the last response
// finished and when the page was done. Where render-trace.ts adds up the main thread's work, this shows its order:
// whether a page waits for the network or for its own main thread. Tracing slows script-heavy pages, so read the
// two pages against each other. Run it alone on the machine, after `npm run build`.
import { median } from './render.ts';
import { measureRenderVisits, type Phase } from './render/measured-visits.ts';
import { RENDER_WIDGETS } from './render/pages.ts';
import { trace, type TraceEvent } from './render/trace.ts';

const [widgetId = 'feed', rowsArg = '200', visitsArg = '3', phase = 'cold'] = process.argv.slice(2);
const widget = RENDER_WIDGETS.find((w) => w.id === widgetId);
if (!widget || !['cold', 'warm'].includes(phase)) {
  console.error('usage: node bench/render-timeline.ts [rating|tag-cloud|id-card|feed] [rows] [visits] [cold|warm]');
  process.exit(2);
}
const LONG_MS = Number(process.env.LONG ?? 8);
const ms = (us: number) => us / 1000;

interface Timeline {
  done: number;
  /** Tasks over LONG_MS: start and duration (ms since navigation start), and what took most inside. */
  tasks: Array<{ start: number; duration: number; inside: string }>;
  /** Responses finished, by file name (ms since navigation start). */
  responses: Array<{ name: string; at: number }>;
}

/** The largest events nested in `task`, by name (and script callbacks by function and file). */
const inside = (task: TraceEvent, events: TraceEvent[]) =>
  events
    .filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && !/RunTask$/.test(e.name))
    .sort((a, b) => b.dur! - a.dur!)
    .slice(0, Number(process.env.INSIDE ?? 3))
    .map((e) => `${e.name}${e.args?.data?.functionName ? ' ' + e.args.data.functionName : ''}${e.args?.data?.url ? ' ' + String(e.args.data.url).split(/[/?]/).filter(Boolean).pop() : ''} ${ms(e.dur!).toFixed(0)}`)
    .join(', ');

/** A response's short name: a file's name, or an API route's last segment. */
const shortName = (url: string) => new URL(url).pathname.split('/').filter(Boolean).pop() ?? url;

await measureRenderVisits(
  widget,
  Number(rowsArg),
  Number(visitsArg),
  phase as Phase,
  async ({ cdp, navigate }) => {
    const { marks, main, navigationStart, all } = await trace(cdp, navigate);
    const start = navigationStart ?? Math.min(...main.map((e) => e.ts));
    const tasks = main
      .filter((e) => /RunTask$/.test(e.name) && ms(e.dur!) > LONG_MS && !main.some((outer) => outer !== e && /RunTask$/.test(outer.name) && outer.ts <= e.ts && outer.ts + outer.dur! >= e.ts + e.dur!))
      .map((e) => ({ start: ms(e.ts - start), duration: ms(e.dur!), inside: inside(e, main) }));
    const urls = new Map(all.filter((e) => e.name == 'ResourceSendRequest' && e.args?.data?.requestId).map((e) => [e.args!.data!.requestId!, e.args!.data!.url!]));
    const responses = all
      .filter((e) => e.name == 'ResourceFinish' && urls.has(e.args?.data?.requestId ?? ''))
      .map((e) => ({ name: shortName(urls.get(e.args!.data!.requestId!)!), at: ms(e.ts - start) }))
      .sort((a, b) => a.at - b.at);
    return { marks, measured: { done: marks.done, tasks, responses } satisfies Timeline };
  },
  (kind, timelines) => {
    console.log(`\n${kind}, ${widget.id}, ${rowsArg} rows, ${phase}`);
    for (const [i, { done, tasks, responses }] of timelines.entries()) {
      console.log(`visit ${i + 1}: done ${done.toFixed(0)} ms`);
      for (const task of tasks) console.log(`  task ${task.start.toFixed(0).padStart(5)} +${task.duration.toFixed(0).padStart(4)}  ${task.inside}`);
      console.log(`  loaded: ${responses.map((r) => `${r.name} ${r.at.toFixed(0)}`).join(', ')}`);
    }
    const longest = timelines.map(({ tasks }) => tasks.reduce((a, b) => (b.duration > a.duration ? b : a), { start: 0, duration: 0, inside: '' }));
    console.log(
      `${kind} medians: longest task starts ${median(longest.map((t) => t.start)).toFixed(0)} ms and takes ${median(longest.map((t) => t.duration)).toFixed(0)} ms; last response ${median(timelines.map((t) => t.responses.at(-1)?.at ?? 0)).toFixed(0)} ms; done ${median(timelines.map((t) => t.done)).toFixed(0)} ms`,
    );
  },
);
