// The demo site and realistic votes: three hand-picked products, 50 CRM accounts (account/1001 …
// account/1050, the CRM list page) and 24 more products (product/101 … product/124, the category page);
// a few comments, and tags on those accounts and products.
// Safe to run on every start: it converges, never duplicates. Seed votes belong to the principals
// user:demo-seed-1 … user:demo-seed-N of each subject; a subject whose seed votes already match its
// histogram is left alone (one query for all of them), any other has its seed votes rewritten and its
// aggregate recounted in one transaction, so votes people cast in the demo survive a restart.
import type { Store } from '../db/index.ts';
import { markdownToTree } from '../markdown/parse.ts';
import { createComment, voteComment, type Author } from '../services/comments.ts';
import { recountAggregate } from '../services/ratings.ts';
import { applyTag } from '../services/tags.ts';
import { cardProfile, setCardLayout, upsertCard, type CardProfile } from '../services/cards.ts';
import { readFile } from 'node:fs/promises';
import { createSite, getSite, updateSite, type Site } from '../services/sites.ts';

export const DEMO_SITE_ID = 'demo';
const SEED_PRINCIPAL_PREFIX = 'user:demo-seed-';

/** Votes of 1..5 stars. */
export type Histogram = [number, number, number, number, number];

/** The hand-picked subjects of the product page. */
const FIXED: Record<string, Histogram> = {
  'product/42': [1, 1, 2, 6, 10],
  'product/7': [0, 1, 3, 3, 1],
  'product/99': [2, 1, 1, 1, 0],
};

export const DEMO_ACCOUNTS = Array.from({ length: 50 }, (_, i) => `account/${1001 + i}`);
export const DEMO_CATEGORY_PRODUCTS = Array.from({ length: 24 }, (_, i) => `product/${101 + i}`);

/** FNV-1a: a stable 32-bit seed from the subject, so each subject's votes do not depend on list order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a small seeded generator; the demo must look the same on every machine and every start. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated subject's votes: about 1 in 10 has none and 1 in 12 one, the rest 3–200 (mostly few, some
 * many, as real lists look), spread around a per-subject quality so averages differ from 1.x to 4.x. */
export function generatedHistogram(subject: string): Histogram {
  const random = generator(hash(subject));
  const histogram: Histogram = [0, 0, 0, 0, 0];
  const kind = random();
  const votes = kind < 0.1 ? 0 : kind < 0.18 ? 1 : 3 + Math.floor(197 * random() ** 2.2);
  const quality = 1.3 + 3.6 * random();
  for (let i = 0; i < votes; i++) {
    const noise = (random() + random() - 1) * 2.2; // triangular, -2.2 … 2.2
    const stars = Math.min(5, Math.max(1, Math.round(quality + noise)));
    histogram[stars - 1]!++;
  }
  return histogram;
}

/** Every seeded subject and its votes, in a stable order. */
export function demoHistograms(): Map<string, Histogram> {
  const all = new Map<string, Histogram>(Object.entries(FIXED));
  for (const subject of [...DEMO_ACCOUNTS, ...DEMO_CATEGORY_PRODUCTS]) all.set(subject, generatedHistogram(subject));
  return all;
}

/** What the database holds now: the seed principals' votes per subject of the demo site. */
async function seededHistograms(store: Store): Promise<Map<string, Histogram>> {
  const rows = await store.db
    .selectFrom('rating_votes')
    .select((eb) => ['subject', 'value', eb.fn.countAll<number>().as('votes')])
    .where('site_id', '=', DEMO_SITE_ID)
    .where('principal', 'like', `${SEED_PRINCIPAL_PREFIX}%`)
    .groupBy(['subject', 'value'])
    .execute();
  const found = new Map<string, Histogram>();
  for (const row of rows) {
    const histogram = found.get(row.subject) ?? [0, 0, 0, 0, 0];
    histogram[Number(row.value) - 1] = Number(row.votes);
    found.set(row.subject, histogram);
  }
  return found;
}

const sameHistogram = (a: Histogram | undefined, b: Histogram) =>
  (a ?? [0, 0, 0, 0, 0]).every((votes, i) => votes === b[i]);

/** Writes one subject's seed votes (replacing any earlier ones) and recounts its aggregate. */
async function seedSubject(store: Store, subject: string, histogram: Histogram): Promise<void> {
  const now = new Date().toISOString();
  const rows = histogram.flatMap((votes, i) => Array.from({ length: votes }, () => i + 1)).map((value, i) => ({
    site_id: DEMO_SITE_ID,
    subject,
    principal: `${SEED_PRINCIPAL_PREFIX}${i + 1}`,
    value,
    updated_at: now,
  }));
  await store.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('rating_votes')
      .where('site_id', '=', DEMO_SITE_ID)
      .where('subject', '=', subject)
      .where('principal', 'like', `${SEED_PRINCIPAL_PREFIX}%`)
      .execute();
    if (rows.length > 0) await trx.insertInto('rating_votes').values(rows).execute();
    await recountAggregate(trx, store.dialect, DEMO_SITE_ID, subject);
  });
}

/** A few comments on the product page and one CRM record, written once: a subject that already has a seed
 * author's comment is left alone, so what people write in the demo stays. Authors are seed voters, so each
 * review shows its author's stars (product/42's seed voters 1–20 rate 1, 2, 3, 3, 4 ×6, 5 ×10). `reply`:
 * index of the comment it answers. */
const DEMO_COMMENTS: Record<string, { author: Author; body: string; reply?: number; up?: number }[]> = {
  'product/42': [
    {
      author: { id: `${SEED_PRINCIPAL_PREFIX}15`, kind: 'user', name: 'Vera Lindqvist', verified: true },
      body: 'Great machine! The **steam wand** is strong enough for proper microfoam.\n\n- [x] Descale monthly\n- [ ] Buy a better tamper\n\nMy dose: `18 g → 36 g in 28 s`.',
      up: 6,
    },
    { author: { id: `${SEED_PRINCIPAL_PREFIX}6`, kind: 'user', name: 'Tomás Ruiz' }, body: 'How loud is it in the morning?', reply: 0, up: 1 },
    { author: { id: `${SEED_PRINCIPAL_PREFIX}15`, kind: 'user', name: 'Vera Lindqvist', verified: true }, body: 'Quieter than my old one; the grinder is the loud part.', reply: 1 },
    { author: { id: `${SEED_PRINCIPAL_PREFIX}3`, kind: 'user', name: 'Aiko Tanaka', verified: 'Bought in store' }, body: 'Arrived with a dent in the drip tray. Support replaced it within a week.', up: 3 },
  ],
  'account/1001': [
    { author: { id: `${SEED_PRINCIPAL_PREFIX}4`, kind: 'user', name: 'Ada Lovelace' }, body: 'Renewal call on Thursday. They want **volume pricing** for 200 seats.' },
    { author: { id: `${SEED_PRINCIPAL_PREFIX}5`, kind: 'user', name: 'Grace Hopper' }, body: 'I will prepare the quote; see [last year’s terms](https://example.com/terms).', reply: 0 },
  ],
};

async function seedComments(store: Store): Promise<void> {
  for (const [subject, comments] of Object.entries(DEMO_COMMENTS)) {
    const existing = await store.db
      .selectFrom('comments')
      .select('id')
      .where('site_id', '=', DEMO_SITE_ID)
      .where('subject', '=', subject)
      .where('author', 'like', `${SEED_PRINCIPAL_PREFIX}%`)
      .executeTakeFirst();
    if (existing) continue;
    const ids: string[] = [];
    for (const [i, comment] of comments.entries()) {
      await store.db.transaction().execute(async (trx) => {
        const body = comment.body;
        const { comment: created } = await createComment(trx, {
          siteId: DEMO_SITE_ID,
          subject,
          author: comment.author,
          guestNetwork: null,
          body,
          tree: markdownToTree(body),
          ...(comment.reply !== undefined ? { parentId: ids[comment.reply]! } : {}),
          moderation: 'post',
          takeFlood: async () => {},
        });
        ids[i] = created.id;
        for (let v = 0; v < (comment.up ?? 0); v++) await voteComment(trx, store.dialect, DEMO_SITE_ID, created.id, `${SEED_PRINCIPAL_PREFIX}voter-${v}`, 1);
      });
    }
  }
}

/** The words a team would tag accounts and products with. Each generated subject gets a few, each applied by
 * 1–6 seed voters, so the clouds have weights to show; the hand-picked product gets its own. */
const ACCOUNT_TAGS = ['key account', 'renewal due', 'upsell', 'churn risk', 'partner', 'EMEA', 'APAC', 'Americas', 'pilot', 'reference customer', 'public sector', 'needs exec sponsor'];
const PRODUCT_TAGS = ['espresso', 'gift idea', 'quiet', 'best seller', 'compact', 'stainless steel', 'for beginners', 'barista grade', 'easy to clean', 'back in stock'];
const FIXED_TAGS: Record<string, string[]> = { 'product/42': ['espresso', 'best seller', 'barista grade', 'gift idea'] };

/** A subject's seed tags and how many seed voters applied each (the same on every machine). */
export function demoTags(subject: string): [string, number][] {
  const random = generator(hash('tags ' + subject));
  const fixed = FIXED_TAGS[subject];
  if (fixed) return fixed.map((tag, i) => [tag, 6 - i]);
  const words = subject.startsWith('account/') ? ACCOUNT_TAGS : PRODUCT_TAGS;
  const picked = new Map<string, number>();
  // Popular words first more often (a folksonomy's long tail): an index skewed towards 0.
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) picked.set(words[Math.floor(words.length * random() ** 1.8)]!, 1 + Math.floor(random() ** 2 * 6));
  return [...picked];
}

/** Seed tags, written once per subject: a subject that already carries a seed voter's tag is left alone. */
async function seedTags(store: Store): Promise<void> {
  const tagged = new Set(
    (
      await store.db
        .selectFrom('taggings')
        .select('subject')
        .distinct()
        .where('site_id', '=', DEMO_SITE_ID)
        .where('principal', 'like', `${SEED_PRINCIPAL_PREFIX}%`)
        .execute()
    ).map((row) => row.subject),
  );
  for (const subject of [...Object.keys(FIXED_TAGS), ...DEMO_ACCOUNTS, ...DEMO_CATEGORY_PRODUCTS]) {
    if (tagged.has(subject)) continue;
    await store.db.transaction().execute(async (trx) => {
      for (const [tag, voters] of demoTags(subject))
        for (let v = 1; v <= voters; v++) await applyTag(trx, store.dialect, DEMO_SITE_ID, subject, tag, { principal: `${SEED_PRINCIPAL_PREFIX}${v}`, moderator: false });
    });
  }
}

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
  const seeded = await seededHistograms(store);
  for (const [subject, histogram] of demoHistograms()) {
    if (!sameHistogram(seeded.get(subject), histogram)) await seedSubject(store, subject, histogram);
  }
  await seedComments(store);
  await seedTags(store);
  await seedCards(store, `http://localhost:${port}`);
  return site;
}

/** The owners on the CRM page (contact/<slug>), with what their cards say. */
const DEMO_CONTACTS: Record<string, Omit<CardProfile, 'name'>> = {
  'a-lovelace': { title: 'Head of Analytics', company: 'Kith demo store', email: 'ada@example.com', phone: '+44 20 7946 0018', fields: { Region: 'EMEA', Languages: 'English, French' } },
  't-berners-lee': { title: 'Account Executive', company: 'Kith demo store', email: 'tim@example.com', phone: '+44 20 7946 0101', fields: { Region: 'EMEA' } },
  'r-franklin': { title: 'Sales Engineer', company: 'Kith demo store', email: 'rosalind@example.com', phone: '+44 20 7946 0424', fields: { Region: 'EMEA' } },
  'm-hamilton': { title: 'VP Sales', company: 'Kith demo store', email: 'margaret@example.com', phone: '+1 617 555 0169', fields: { Region: 'Americas' } },
  'k-johnson': { title: 'Account Manager', company: 'Kith demo store', email: 'katherine@example.com', phone: '+1 757 555 0118', fields: { Region: 'Americas' } },
  'g-hopper': { title: 'Customer Success Lead', company: 'Kith demo store', email: 'grace@example.com', phone: '+1 212 555 0190', fields: { Region: 'Americas', On_leave: false } },
};

/** The product page's reviewers (seed voters of product/42 who also wrote there), by seed number. */
const DEMO_REVIEWERS: Record<string, CardProfile> = {
  '15': { name: 'Vera Lindqvist', title: 'Home barista', company: 'Uppsala', fields: { Member_since: '2019', Verified_buyer: true } },
  '3': { name: 'Aiko Tanaka', title: 'Café owner', company: 'Kissa Tanaka', fields: { Member_since: '2021', Verified_buyer: true } },
  '6': { name: 'Tomás Ruiz', title: 'Espresso enthusiast', company: 'Sevilla', fields: { Member_since: '2024', Verified_buyer: false } },
};

/** The CRM page's rows (demo/crm.html is the one source of the accounts' names, owners, industries, stages and
 * ARR): each account and each owner gets a card, and accounts a layout of their own. Upserts: converges on every start. */
async function seedCards(store: Store, origin: string): Promise<void> {
  const page = await readFile(new URL('../../../demo/crm.html', import.meta.url), 'utf8');
  const rows = page.matchAll(
    /subject="account\/(\d+)"><a href="[^"]*">([^<]+)<\/a><\/kith-id-card><\/td>\s*<td><kith-id-card subject="contact\/([a-z-]+)">([^<]+)<\/kith-id-card><\/td>\s*<td>([^<]+)<\/td>\s*<td>([^<]+)<\/td>\s*<td class="num">([^<]+)<\/td>/g,
  );
  const owners = new Map<string, string>();
  for (const [, id, name, owner, ownerName, industry, stage, arr] of rows) {
    owners.set(owner!, ownerName!);
    await upsertCard(
      store.db,
      DEMO_SITE_ID,
      `account/${id}`,
      cardProfile({
        name: name!,
        phone: `+1 555 01${id!.slice(-2)}`,
        url: `${origin}/demo/crm.html#account-${id}`,
        fields: { Industry: industry!, Stage: stage!, ARR: Number(arr!.replace(/,/g, '')), Owner: ownerName! },
      }),
    );
  }
  for (const [slug, name] of owners) await upsertCard(store.db, DEMO_SITE_ID, `contact/${slug}`, cardProfile({ name, ...DEMO_CONTACTS[slug] }));
  // The product page's reviewers are Kith users (user/<sub> is principal user:<sub>): their cards get context lines.
  for (const [seed, profile] of Object.entries(DEMO_REVIEWERS)) await upsertCard(store.db, DEMO_SITE_ID, `user/demo-seed-${seed}`, cardProfile(profile));
  await setCardLayout(store.db, DEMO_SITE_ID, 'account/', ['name', 'fields.Industry', 'fields.Stage', 'fields.ARR', 'fields.Owner', 'phone', 'url']);
  await setCardLayout(store.db, DEMO_SITE_ID, 'contact/', ['name', 'title', 'company', 'email', 'phone', 'fields.Region', 'fields.On_leave']);
  await setCardLayout(store.db, DEMO_SITE_ID, 'user/', ['name', 'title', 'company', 'fields.Member_since', 'fields.Verified_buyer']);
}
