// Requests per second and latencies of the rating summary GET, next to a bare Fastify route that returns
// the same JSON from memory, measured in the same run, alternating so that machine noise hits both.
import autocannon from 'autocannon';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, seconds: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  const r = await autocannon({ url, connections: 32, pipelining: 1, duration: seconds, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export async function bareServer(body: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const app: FastifyInstance = Fastify({ logger: false });
  app.get('/bare', async () => body);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/bare`, close: () => app.close() };
}

/** Runs each target `rounds` times, alternating, and keeps the median round of each. */
export async function sideBySide(
  targets: Record<string, { url: string; headers?: Record<string, string> }>,
  seconds: number,
  rounds: number,
): Promise<Record<string, LoadResult>> {
  const runs: Record<string, LoadResult[]> = {};
  for (const name of Object.keys(targets)) await load(targets[name]!.url, 1, targets[name]!.headers); // warm up
  for (let i = 0; i < rounds; i++) {
    for (const [name, t] of Object.entries(targets)) (runs[name] ??= []).push(await load(t.url, seconds, t.headers));
  }
  const median = (xs: LoadResult[]) => [...xs].sort((a, b) => a.rps - b.rps)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
}
