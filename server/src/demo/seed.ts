// The demo site and a few realistic votes. Safe to run on every start: it converges, never duplicates.
import type { Store } from '../db/index.ts';
import { setVote } from '../services/ratings.ts';
import { createSite, getSite, updateSite, type Site } from '../services/sites.ts';

export const DEMO_SITE_ID = 'demo';

/** Votes per subject as counts of 1..5 stars. */
const SEED: Record<string, [number, number, number, number, number]> = {
  'product/42': [1, 1, 2, 6, 10],
  'product/7': [0, 1, 3, 3, 1],
  'product/99': [2, 1, 1, 1, 0],
};

export async function seedDemo(store: Store, port: number): Promise<Site> {
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const policy = { guestsMayRate: true, guestsMayComment: true, moderation: 'post' as const };
  let site = await getSite(store.db, DEMO_SITE_ID);
  if (!site) {
    site = await createSite(store.db, { id: DEMO_SITE_ID, name: 'Kith demo store', origins, policy });
  } else {
    const merged = [...site.origins, ...origins.filter((o) => !site!.origins.includes(o))];
    site = (await updateSite(store.db, DEMO_SITE_ID, { origins: merged }))!;
  }
  for (const [subject, counts] of Object.entries(SEED)) {
    let n = 0;
    await store.db.transaction().execute(async (trx) => {
      for (let stars = 1; stars <= 5; stars++) {
        for (let i = 0; i < counts[stars - 1]!; i++) {
          n++;
          await setVote(trx, store.dialect, DEMO_SITE_ID, subject, `user:demo-seed-${n}`, stars);
        }
      }
    });
  }
  return site;
}
