// Visitor tokens per minute that one process (one core solving) can mint from a real server, with the site's
// proof of work off and on: GET …/visitors/challenge, altcha-lib's own solver, POST …/visitors { altcha }.
// The per-IP write limit is lifted in the target, so this is the cost of minting, not the limit.
import { createHash } from 'node:crypto';
import { solveChallenge } from 'altcha-lib/v1';
import { startTarget } from './http.ts';

export interface TokenRate {
  label: string;
  tokens: number;
  seconds: number;
  perMinute: number;
  /** Median time to solve one challenge (proof of work only). */
  solveMs?: number;
  errors: number;
}

type Solver = 'none' | 'altcha-lib' | 'native';

/** What a script that does not use altcha-lib would do: node:crypto's synchronous SHA-256. */
function solveNatively(challenge: string, salt: string, max: number): number | null {
  for (let n = 0; n <= max; n++) if (createHash('sha256').update(salt + n).digest('hex') === challenge) return n;
  return null;
}

async function mintFor(origin: string, seconds: number, inFlight: number, solver: Solver): Promise<Omit<TokenRate, 'label'>> {
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  let tokens = 0;
  let errors = 0;
  const solves: number[] = [];
  const worker = async () => {
    while (performance.now() < until) {
      let body = '{}';
      if (solver !== 'none') {
        const c = await (await fetch(`${origin}/v1/sites/demo/visitors/challenge`)).json();
        const t0 = performance.now();
        const number =
          solver === 'native' ? solveNatively(c.challenge, c.salt, c.maxnumber) : ((await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise)?.number ?? null);
        solves.push(performance.now() - t0);
        if (number === null) {
          errors++;
          continue;
        }
        body = JSON.stringify({ altcha: Buffer.from(JSON.stringify({ ...c, number })).toString('base64') });
      }
      const res = await fetch(`${origin}/v1/sites/demo/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (res.status === 201) tokens++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - start) / 1000;
  solves.sort((a, b) => a - b);
  return {
    tokens,
    seconds: elapsed,
    perMinute: (tokens / elapsed) * 60,
    ...(solver !== 'none' ? { solveMs: solves[Math.floor(solves.length / 2)] ?? 0 } : {}),
    errors,
  };
}

/** Mints for `seconds` per case on a SQLite file at `databaseUrl`. */
export async function measureTokens(databaseUrl: string, seconds: number): Promise<TokenRate[]> {
  const results: TokenRate[] = [];
  const env = { RATE_LIMIT_WRITES_PER_IP: '1000000', RATE_LIMIT_WRITES_PER_USER: '1000000' };
  const off = await startTarget(['kith', databaseUrl], env);
  try {
    const origin = new URL(off.url).origin;
    results.push({ label: 'proof of work off, 1 request in flight', ...(await mintFor(origin, seconds, 1, 'none')) });
    results.push({ label: 'proof of work off, 16 requests in flight', ...(await mintFor(origin, seconds, 16, 'none')) });
  } finally {
    await off.close();
  }
  const on = await startTarget(['kith', `${databaseUrl}-pow`], { ...env, BENCH_POLICY: JSON.stringify({ guestProofOfWork: true }) });
  try {
    const origin = new URL(on.url).origin;
    results.push({ label: 'proof of work on, altcha-lib solver', ...(await mintFor(origin, seconds, 1, 'altcha-lib')) });
    results.push({ label: 'proof of work on, native SHA-256 loop', ...(await mintFor(origin, seconds, 1, 'native')) });
  } finally {
    await on.close();
  }
  return results;
}
