// Requests per second and latencies of the rating summary GET, next to a bare Fastify route that returns
// the same JSON from memory, measured in the same run, alternating so that machine noise hits both. Each
// server runs in its own process; autocannon drives it from this one.
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, seconds: number): Promise<LoadResult> {
  // `[<id>]` in a URL becomes a new id on every request (used for the cache-miss run).
  const r = await autocannon({ url, connections: 32, pipelining: 1, duration: seconds, idReplacement: url.includes('[<id>]') });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export interface Target {
  url: string;
  close(): Promise<void>;
}

/** Starts `node bench/target.ts …args` and resolves with the URL it serves. */
export function startTarget(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, [new URL('./target.ts', import.meta.url).pathname, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((ready, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`bench target ${args[0]} exited with ${code}: ${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const m = /READY (\S+)/.exec(out);
      if (m)
        ready({
          url: m[1]!,
          close: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.once('exit', () => done());
              child.stdin!.end();
            }),
        });
    });
  });
}

/** Runs each target `rounds` times, alternating, and keeps the median round of each. */
export async function sideBySide(targets: Record<string, string>, seconds: number, rounds: number): Promise<Record<string, LoadResult>> {
  const runs: Record<string, LoadResult[]> = {};
  for (const url of Object.values(targets)) await load(url, 1); // warm up (JIT, caches)
  for (let i = 0; i < rounds; i++) {
    for (const [name, url] of Object.entries(targets)) (runs[name] ??= []).push(await load(url, seconds));
  }
  const median = (xs: LoadResult[]) => [...xs].sort((a, b) => a.rps - b.rps)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
}
