// A Chrome trace of one visit to a render page (render-trace.ts, render-timeline.ts): the renderer main thread's
// complete events, and when the page's navigation started on the trace's clock.
import type { CDPSession } from 'playwright-core';
import { add, top } from './measured-visits.ts';
import type { Marks } from './probe.ts';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** Microseconds, on the trace's clock. */
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; documentLoaderURL?: string; isLoadingMainFrame?: boolean; requestId?: string } };
}

export interface TracedVisit {
  marks: Marks;
  /** The complete events ("X") of the renderer main thread that did most work. */
  main: TraceEvent[];
  /** The main frame's navigation start, on the trace's clock (µs), where the trace has it. */
  navigationStart?: number;
  /** Every event of the trace, all processes and threads. */
  all: TraceEvent[];
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'blink.user_timing', 'loading'].join(',');

/** Traces `navigate` (a visit's navigation, resolving with its marks). */
export async function trace(cdp: CDPSession, navigate: () => Promise<Marks>): Promise<TracedVisit> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  const marks = await navigate();
  await cdp.send('Tracing.end');
  await complete;
  const mainThreads = new Set(events.filter((e) => e.ph == 'M' && e.name == 'thread_name' && e.args?.name == 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const busy = new Map<string, number>();
  for (const e of events) if (e.ph == 'X' && mainThreads.has(`${e.pid}:${e.tid}`)) add(busy, `${e.pid}:${e.tid}`, e.dur ?? 0);
  const [main] = top(busy, 1)[0] ?? [''];
  const navigationStart = events.filter((e) => e.name == 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args.data.documentLoaderURL?.startsWith('http')).at(-1)?.ts;
  return { marks, main: events.filter((e) => e.ph == 'X' && e.dur !== undefined && `${e.pid}:${e.tid}` == main), navigationStart, all: events };
}
