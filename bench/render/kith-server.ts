// The Kith server for the render bench: the real server process (node server/src/server.ts, no demo, its own
// SQLite file) as an operator runs it, a site created with the admin CLI, and data written through the REST
// API so that every subject the pages show has some: votes cast by a few guests (the rating's pages), or
// tags applied by two signed-in users (the tag cloud's pages; user tokens signed with the site's secret, as
// the site's backend would). Only the write rate limits are raised (seeding writes hundreds of times in a
// second from one IP); reads, which is all the pages do, are unlimited anyway.
import { SignJWT } from 'jose';
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
  /** Guests voting on every subject (voteOf). */
  voters?: number;
  /** Subject i's tags: the first applied by two users, the others by one. */
  tags?: (i: number) => string[];
}

/** The value guest `v` gives subject `i`: 2 to 5 stars, so averages differ between subjects. */
export const voteOf = (i: number, v: number) => 2 + ((i * 7 + v * 3) % 4);

export async function startBenchKith(hostOrigin: string, seed: Seed): Promise<BenchKith> {
  const kith = await startKithServer([], { RATE_LIMIT_WRITES_PER_USER: '100000', RATE_LIMIT_WRITES_PER_IP: '100000' });
  const site = 'bench';
  try {
    // Every seeded guest votes from this machine (one network): no guest cap, which would stop at 10 (issue 7).
    const created = await kith.cli('site', 'create', '--id', site, '--name', 'Bench', '--origin', hostOrigin, '--guests', 'rate', '--guest-votes-per-network', '0');
    const subjects = Array.from({ length: seed.subjects }, (_, i) => `bench/${i}`);
    if (seed.voters) await voteAsGuests(`${kith.url}/v1/sites/${site}`, subjects, seed.voters, voteOf);
    if (seed.tags) {
      const secret = /^secret:\s+(\S+)/m.exec(created)?.[1];
      if (!secret) throw new Error(`site create printed no secret: ${created}`);
      await tagAsUsers(`${kith.url}/v1/sites/${site}`, site, secret, subjects, seed.tags);
    }
  } catch (error) {
    await kith.stop();
    throw error;
  }
  return { url: kith.url, site, stop: () => kith.stop() };
}

/** `POST …/tags?subject=…` as two users: the first applies every tag of `tagsOf(i)`, the second only the
 * first. A few writes are in flight at a time (SQLite has one writer). */
async function tagAsUsers(siteUrl: string, site: string, secret: string, subjects: string[], tagsOf: (i: number) => string[]): Promise<void> {
  const key = new TextEncoder().encode(secret);
  const token = (sub: string) => new SignJWT({ name: sub }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setAudience(site).setExpirationTime('30m').sign(key);
  const users = [await token('bench-a'), await token('bench-b')];
  const writes = subjects.flatMap((subject, i) => tagsOf(i).flatMap((tag, k) => users.slice(0, k === 0 ? 2 : 1).map((user) => ({ subject, tag, user }))));
  for (let w = 0; w < writes.length; w += 8) {
    await Promise.all(
      writes.slice(w, w + 8).map(async ({ subject, tag, user }) => {
        const res = await fetch(`${siteUrl}/tags?subject=${encodeURIComponent(subject)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${user}` },
          body: JSON.stringify({ tag }),
        });
        if (res.status !== 200) throw new Error(`tagging as a user: POST /tags?subject=${subject} answered ${res.status}: ${await res.text()}`);
      }),
    );
  }
}
