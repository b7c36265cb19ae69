// The comment list's throughput (issue 8): GET /v1/sites/demo/comments?subject=bench%2Fcomments with a
// discussion of 20 threads × 3 replies (80 comments, seeded through the API by bench/target.ts kith-comments),
// next to a bare Fastify route returning the same JSON from memory, each in its own process, loaded by
// autocannon like the rating summary (bench/http.ts: 32 connections, alternating rounds, median of 3). Also a
// new, empty subject on every request (each read misses every cache). SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sideBySide, startTarget } from '../http.ts';

export async function measureCommentsHttp(seconds: number): Promise<{ lines: string[]; failures: string[] }> {
  const lines = ['### Comment list GET vs a bare Fastify route (20 threads × 3 replies, 32 connections, median of 3 rounds)'];
  const failures: string[] = [];
  const route = resolve(import.meta.dirname, '../../server/src/routes/v1/sites/comments.ts');
  if (!existsSync(route)) {
    lines.push('skipped: the server has no comments routes yet (server/src/routes/v1/sites/comments.ts)');
    failures.push('comments http: no comments routes to measure');
    return { lines, failures };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kith-bench-comments-'));
  const legs: Array<[string, string]> = [['SQLite', `sqlite:${join(dir, 'bench.db')}`]];
  if (process.env.TEST_DATABASE_URL) legs.push(['PostgreSQL', process.env.TEST_DATABASE_URL]);
  try {
    for (const [name, url] of legs) {
      const kith = await startTarget(['kith-comments', url]).catch((error: Error) => {
        lines.push(`#### ${name}: the server with the seeded discussion did not start: ${error.message.split('\n')[0]}`);
        failures.push(`${name}: comment list bench did not start`);
        return undefined;
      });
      if (!kith) continue;
      try {
        const answer = await fetch(kith.url);
        const body = await answer.text();
        const listed = JSON.parse(body) as { count?: number };
        const bare = await startTarget(['bare'], { BARE_BODY: body });
        try {
          const miss = kith.url.replace(/subject=[^&]*/, 'subject=bench%2Fempty-[<id>]');
          const r = await sideBySide({ bare: bare.url, list: kith.url, miss }, seconds, 3);
          const row = (label: string, x: (typeof r)[string]) =>
            `${label.padEnd(36)}${Math.round(x.rps).toString().padStart(7)} req/s   p50 ${x.p50} ms   p99 ${x.p99} ms   errors ${x.errors}   non-2xx ${x.non2xx}`;
          lines.push(`#### ${name} (the list holds ${listed.count} comments, ${(body.length / 1000).toFixed(1)} KB of JSON)`);
          lines.push(row('bare Fastify route (baseline)', r.bare!));
          lines.push(row('GET …/comments (80 comments)', r.list!));
          lines.push(row('GET …/comments (a new subject each)', r.miss!));
          lines.push(`ratio list / bare: ${(r.list!.rps / r.bare!.rps).toFixed(2)}   (empty subject, every request a miss: ${(r.miss!.rps / r.bare!.rps).toFixed(2)})`);
          if (answer.status !== 200 || r.list!.errors || r.list!.non2xx || r.miss!.errors || r.miss!.non2xx) failures.push(`${name}: comment list GET had errors`);
        } finally {
          await bare.close();
        }
      } finally {
        await kith.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { lines, failures };
}
