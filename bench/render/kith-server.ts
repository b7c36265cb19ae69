// The Kith server for the render bench: the real server process (node server/src/server.ts, no demo, its own
// SQLite file) as an operator runs it, a site created with the admin CLI, and votes cast through the REST API
// by a few guests, so that every subject the pages show has data. Only the write rate limits are raised
// (seeding casts hundreds of votes in a second from one IP); reads, which is all the pages do, are unlimited
// anyway.
import { startKithServer } from '../../test/e2e/support/kith-server.ts';
import { voteAsGuests } from '../../test/e2e/support/votes.ts';

export interface BenchKith {
  url: string;
  site: string;
  stop(): Promise<void>;
}

export interface Seed {
  /** Subjects bench/0 … bench/<subjects - 1>. */
  subjects: number;
  /** Guests voting on every subject. */
  voters: number;
}

/** The value guest `v` gives subject `i`: 2 to 5 stars, so averages differ between subjects. */
export const voteOf = (i: number, v: number) => 2 + ((i * 7 + v * 3) % 4);

export async function startBenchKith(hostOrigin: string, seed: Seed): Promise<BenchKith> {
  const kith = await startKithServer([], { RATE_LIMIT_WRITES_PER_USER: '100000', RATE_LIMIT_WRITES_PER_IP: '100000' });
  const site = 'bench';
  try {
    // Every seeded guest votes from this machine (one network): no guest cap, which would stop at 10 (issue 7).
    await kith.cli('site', 'create', '--id', site, '--name', 'Bench', '--origin', hostOrigin, '--guests', 'rate', '--guest-votes-per-network', '0');
    const subjects = Array.from({ length: seed.subjects }, (_, i) => `bench/${i}`);
    await voteAsGuests(`${kith.url}/v1/sites/${site}`, subjects, seed.voters, voteOf);
  } catch (error) {
    await kith.stop();
    throw error;
  }
  return { url: kith.url, site, stop: () => kith.stop() };
}

