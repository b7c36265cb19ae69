/**
 * A site's list of feeds (issue 11), imported from OPML, the format every feed reader exports. The list is what an
 * admin wants the site's readers to follow; `GET …/feeds/list` hands it to pages and mashups, and each feed is read
 * through the proxy like any other.
 *
 * OPML is parsed by feedsmith. Every outline with an `xmlUrl` is a feed, however deep in folders; its title is its
 * `title` or `text`. Each is checked as the proxy would check it before any fetch (an absolute http(s) URL with no
 * credentials, not a local name or private address, on the site's feedHosts when it has them), and refused ones are
 * reported with their reason. Nothing is fetched on import.
 */
import { parseOpml } from 'feedsmith';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { checkFeedUrl } from '../feeds/addresses.ts';
import { feedHostAllowed, type Policy } from './sites.ts';

export const OPML_MAX_BYTES = 1024 * 1024;
export const SITE_FEEDS_MAX = 1000;
const TITLE_MAX = 300;

export interface SiteFeed {
  url: string;
  title: string;
  addedAt: string;
}

export interface OpmlImportReport {
  /** Feeds (outlines with an xmlUrl) read. */
  received: number;
  /** Stored: new or with a new title. */
  stored: number;
  refused: { url: string; title: string; reason: string }[];
}

export class OpmlError extends Error {
  override name = 'OpmlError';
}

type Outline = { text?: string; title?: string; xmlUrl?: string; outlines?: Outline[] };

/** Every outline with an `xmlUrl`, depth first, without recursion. */
function feedOutlines(outlines: Outline[]): Outline[] {
  const found: Outline[] = [];
  const stack = [...outlines].reverse();
  while (stack.length > 0) {
    const outline = stack.pop()!;
    if (outline.xmlUrl !== undefined) found.push(outline);
    if (outline.outlines) stack.push(...[...outline.outlines].reverse());
  }
  return found;
}

function refusal(input: string, policy: Policy): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http: and https: feeds are read, not ${url.protocol}`;
  const checked = checkFeedUrl(url.href);
  if ('refused' in checked) return checked.refused;
  if (!feedHostAllowed(policy, url.hostname)) return `${url.hostname} is not one of the site's feedHosts`;
  return undefined;
}

/** The feeds of an OPML document, checked for a site with `policy`. Throws OpmlError when it is not OPML. */
export function readOpml(text: string, policy: Policy): { feeds: { url: string; title: string }[]; refused: OpmlImportReport['refused'] } {
  let document: { body?: { outlines?: Outline[] } };
  try {
    document = parseOpml(text) as typeof document;
  } catch (error) {
    throw new OpmlError(`not an OPML document: ${(error as Error).message}`);
  }
  const outlines = feedOutlines(document.body?.outlines ?? []);
  if (outlines.length > SITE_FEEDS_MAX) throw new OpmlError(`the document lists ${outlines.length} feeds; a site keeps at most ${SITE_FEEDS_MAX}`);
  const feeds = new Map<string, { url: string; title: string }>();
  const refused: OpmlImportReport['refused'] = [];
  for (const outline of outlines) {
    const raw = (outline.xmlUrl ?? '').trim();
    const title = (outline.title || outline.text || raw).replace(/\s+/g, ' ').trim().slice(0, TITLE_MAX);
    const reason = refusal(raw, policy);
    if (reason !== undefined) refused.push({ url: raw, title, reason });
    else {
      const url = new URL(raw).href;
      if (!feeds.has(url)) feeds.set(url, { url, title });
    }
  }
  return { feeds: [...feeds.values()], refused };
}

/** Stores a site's feeds (a URL already listed gets the new title). */
export async function importFeeds(db: Kysely<Database>, siteId: string, text: string, policy: Policy, now = new Date()): Promise<OpmlImportReport> {
  const { feeds, refused } = readOpml(text, policy);
  const listed = new Set((await db.selectFrom('site_feeds').select('url').where('site_id', '=', siteId).execute()).map((row) => row.url));
  const added = feeds.filter((feed) => !listed.has(feed.url)).length;
  if (listed.size + added > SITE_FEEDS_MAX) throw new OpmlError(`a site keeps at most ${SITE_FEEDS_MAX} feeds; it has ${listed.size} and this adds ${added}: remove some first`);
  let stored = 0;
  for (const feed of feeds) {
    const row = { site_id: siteId, url: feed.url, title: feed.title, added_at: now.toISOString() };
    const result = await db
      .insertInto('site_feeds')
      .values(row)
      .onConflict((conflict) => conflict.columns(['site_id', 'url']).doUpdateSet({ title: feed.title }).where('site_feeds.title', '!=', feed.title))
      .executeTakeFirst();
    stored += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return { received: feeds.length + refused.length, stored, refused };
}

export async function listFeeds(db: Kysely<Database>, siteId: string): Promise<SiteFeed[]> {
  const rows = await db.selectFrom('site_feeds').select(['url', 'title', 'added_at']).where('site_id', '=', siteId).orderBy('title').orderBy('url').execute();
  return rows.map((row) => ({ url: row.url, title: row.title, addedAt: row.added_at }));
}

/** Removes one feed from a site's list; whether it was there. */
export async function removeFeed(db: Kysely<Database>, siteId: string, url: string): Promise<boolean> {
  let key = url;
  try {
    key = new URL(url).href;
  } catch {
    // compared as given
  }
  const result = await db.deleteFrom('site_feeds').where('site_id', '=', siteId).where('url', '=', key).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
