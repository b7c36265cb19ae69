// Where a render page's main thread goes: `node bench/render-profile.ts [widget] [rows] [visits] [cold|warm]
// [--heap]`. Visits the Kith page and the Shoelace page of the render bench (render/pages.ts) with V8's CPU profiler
// on (250 µs sampling) and prints, per page, the median time until done, the profile's busy time per visit by file
// (each chunk; "DOM calls", the browser's functions called from JavaScript; "(program)", native work outside
// JavaScript: parsing, style, layout, compiling; "(garbage collector)"), and the functions that took most of it.
// With --heap it also samples allocations (V8's sampling heap profiler) and prints the functions that allocate most.
// The profiler slows pages down, JavaScript-heavy ones most: compare parts, not times with render.ts's. Run it
// alone on the machine, after `npm run build`; `KITH_UNMINIFIED=1 npx rollup -c` first gives Kith's functions their
// names (Lit's stay minified, as its package ships them).
import { median } from './render.ts';
import { add, measureRenderVisits, top, type Phase } from './render/measured-visits.ts';
import { RENDER_WIDGETS } from './render/pages.ts';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const [widgetId = 'feed', rowsArg = '200', visitsArg = '8', phase = 'cold'] = args;
const heap = process.argv.includes('--heap');
const widget = RENDER_WIDGETS.find((w) => w.id === widgetId);
if (!widget || !['cold', 'warm'].includes(phase)) {
  console.error('usage: node bench/render-profile.ts [rating|tag-cloud|id-card|feed] [rows] [visits] [cold|warm] [--heap]');
  process.exit(2);
}
const n = Number(rowsArg);
const visits = Number(visitsArg);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: HeapNode[];
}

const fileOf = (url: string) => url.split('/').pop()!.replace(/\?.*/, '');

/** The part a sampled function counts in: its file (Kith's core chunk holds Lit too), else what V8 calls it. */
const partOf = ({ functionName, url }: ProfileNode['callFrame']): string =>
  url ? fileOf(url) : functionName.startsWith('(') ? functionName : 'DOM calls';
const nameOf = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) => `${functionName || '(anonymous)'} ${fileOf(url)}:${lineNumber + 1}`;


type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

await measureRenderVisits<{ profile: CpuProfile; sampled?: { head: HeapNode } }>(
  widget,
  n,
  visits,
  phase as Phase,
  async ({ cdp, navigate }) => {
    if (heap) {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    const marks = await navigate();
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const sampled = heap ? ((await cdp.send('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapNode } }).profile : undefined;
    return { marks, measured: { profile, sampled } };
  },
  (kind, measured, done) => {
    const parts = new Map<string, number>();
    const functions = new Map<string, number>();
    const allocations = new Map<string, number>();
    for (const { profile, sampled } of measured) {
      const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
      profile.samples.forEach((id, i) => {
        const frame = nodes.get(id)!.callFrame;
        if (frame.functionName === '(idle)') return;
        add(parts, partOf(frame), profile.timeDeltas[i]! / 1000);
        add(functions, nameOf(frame), profile.timeDeltas[i]! / 1000);
      });
      const walk = (node: HeapNode) => {
        add(allocations, nameOf(node.callFrame), node.selfSize);
        node.children.forEach(walk);
      };
      if (sampled) walk(sampled.head);
    }
    const busy = [...parts.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${kind}, ${widget.id}, ${n} rows, ${phase}, ${visits} visits: done ${median(done).toFixed(0)} ms (median); busy ${(busy / visits).toFixed(0)} ms per visit`);
    for (const [part, ms] of top(parts, 15)) console.log(`${(ms / visits).toFixed(1).padStart(8)} ms  ${part}`);
    console.log('the functions that took most (self time):');
    for (const [name, ms] of top(functions, Number(process.env.TOP ?? 20))) console.log(`${(ms / visits).toFixed(1).padStart(8)} ms  ${name}`);
    if (heap) {
      const total = [...allocations.values()].reduce((a, b) => a + b, 0);
      console.log(`allocated ${(total / visits / 2 ** 20).toFixed(1)} MB per visit; most by:`);
      for (const [where, bytes] of top(allocations, 15)) console.log(`${(bytes / visits / 1024).toFixed(0).padStart(8)} KB  ${where}`);
    }
  },
);
