// What the renderer's main thread does on a render page, by kind of work: `node bench/render-trace.ts [widget]
// [rows] [visits] [cold|warm]`. Visits the Kith page and the Shoelace page of the render bench (render/pages.ts)
// under a Chrome trace (no profiler: the page runs at its own speed) and prints, per page, the median time until
// done and the main thread's self time per visit: by phase (script, style, layout, paint, parsing, garbage
// collection, loading), then by trace event, script callbacks named by their function and file ("FunctionCall
// connectedCallback feed.component.js"). Where render-profile.ts splits the JavaScript by function, this splits
// the rest ("(program)" in a CPU profile) by phase. Run it alone on the machine, after `npm run build`.
import { median } from './render.ts';
import { add, measureRenderVisits, top, type Phase } from './render/measured-visits.ts';
import { RENDER_WIDGETS } from './render/pages.ts';
import { trace, type TraceEvent } from './render/trace.ts';

const [widgetId = 'feed', rowsArg = '200', visitsArg = '5', phase = 'cold'] = process.argv.slice(2);
const widget = RENDER_WIDGETS.find((w) => w.id === widgetId);
if (!widget || !['cold', 'warm'].includes(phase)) {
  console.error('usage: node bench/render-trace.ts [rating|tag-cloud|id-card|feed] [rows] [visits] [cold|warm]');
  process.exit(2);
}
const n = Number(rowsArg);
const visits = Number(visitsArg);

/** The phase an event's self time counts in (by its name; unknown names are "other"). */
const PHASES: Array<[phase: string, pattern: RegExp]> = [
  ['garbage collection', /^(V8\.GC|MajorGC|MinorGC|BlinkGC|ThreadState::)/],
  ['script', /^(FunctionCall|RunMicrotasks|EvaluateScript|v8\.|V8\.|TimerFire|EventDispatch|FireAnimationFrame|HTMLConstructor|CustomElement|AsyncTask)/],
  ['style', /(recalcStyle|updateStyle|RecalcStyle|UpdateStyle|StyleEngine|rebuildLayoutTree|ScheduleStyleRecalculation|UpdateLayoutTree)/],
  ['layout', /(performLayout|Layout|ShapeText|InlineNode)/],
  ['paint and compositing', /(Paint|Commit|Layerize|Composit|PrePaint|Raster)/],
  ['parsing HTML', /^(ParseHTML|HTMLDocumentParser|Document::FinishedParsing)/],
  ['loading', /(Resource|Loader|Navigation|Frame::|Fetch)/],
];
const phaseOf = (name: string) => PHASES.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';

/** A script callback by its function and file; any other event by its name. */
const labelOf = ({ name, args }: TraceEvent) =>
  (name == 'FunctionCall' || name == 'TimerFire') && args?.data ? `${name} ${args.data.functionName || '(anonymous)'} ${(args.data.url ?? '').split('/').pop()}` : name;


/** Each event's own time, its nested events' taken out. */
function selfTimes(events: TraceEvent[]): Array<[TraceEvent, number]> {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<TraceEvent, number>(sorted.map((e) => [e, e.dur!]));
  const open: TraceEvent[] = [];
  for (const e of sorted) {
    while (open.length && open.at(-1)!.ts + open.at(-1)!.dur! <= e.ts) open.pop();
    const parent = open.at(-1);
    if (parent) self.set(parent, self.get(parent)! - e.dur!);
    open.push(e);
  }
  return [...self];
}

await measureRenderVisits(
  widget,
  n,
  visits,
  phase as Phase,
  async ({ cdp, navigate }) => {
    const { marks, main } = await trace(cdp, navigate);
    return { marks, measured: main };
  },
  (kind, measured, done) => {
    const phases = new Map<string, number>();
    const labels = new Map<string, number>();
    for (const events of measured)
      for (const [event, self] of selfTimes(events)) {
        add(phases, phaseOf(event.name), self / 1000);
        add(labels, labelOf(event), self / 1000);
      }
    const busy = [...phases.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${kind}, ${widget.id}, ${n} rows, ${phase}, ${visits} visits: done ${median(done).toFixed(0)} ms (median); main thread busy ${(busy / visits).toFixed(0)} ms per visit`);
    for (const [name, ms] of top(phases, PHASES.length + 1)) console.log(`${(ms / visits).toFixed(1).padStart(8)} ms  ${name}`);
    console.log('by event (self time):');
    for (const [name, ms] of top(labels, Number(process.env.TOP ?? 25))) console.log(`${(ms / visits).toFixed(1).padStart(8)} ms  ${name}`);
  },
);
