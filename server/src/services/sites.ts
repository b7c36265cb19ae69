// Sites (tenants): id, name, allowed origins, secrets and policy.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SitesTable } from '../db/schema.ts';

export const SITE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{1,62}$';
const SITE_ID = new RegExp(SITE_ID_PATTERN);

export interface Policy {
  guestsMayRate: boolean;
  guestsMayComment: boolean;
  moderation: 'pre' | 'post';
  /** New guest votes one network (IPv4 /24, IPv6 /64) may cast per subject per UTC day; 0: no cap. */
  guestVotesPerNetworkPerDay: number;
  /** Guests solve a proof-of-work challenge before they get a visitor token. */
  guestProofOfWork: boolean;
  /**
   * The hosts the feed proxy may read feeds from for this site (`news.example.com`, or `*.example.com` for its
   * subdomains and itself); empty: any public host.
   */
  feedHosts: string[];
  /**
   * Who may read the site's activity feeds (…/activity, …/activity.atom|.rss|.json): anyone (`public`), or only
   * signed-in users, with their token or a feed token (`token`).
   */
  activityFeeds: 'public' | 'token';
}

export const GUEST_VOTES_PER_NETWORK_MAX = 1_000_000;

export const DEFAULT_POLICY: Policy = {
  guestsMayRate: true,
  guestsMayComment: false,
  moderation: 'post',
  guestVotesPerNetworkPerDay: 10,
  guestProofOfWork: false,
  feedHosts: [],
  activityFeeds: 'public',
};

export const FEED_HOSTS_MAX = 200;
const FEED_HOST = /^(\*\.)?(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A feed host as the policy keeps it (lower case, an IDN in its ASCII form), or null if it is not one. */
export function normalizeFeedHost(input: string): string | null {
  const text = input.trim().toLowerCase().replace(/\.$/, '');
  const wildcard = text.startsWith('*.');
  const name = wildcard ? text.slice(2) : text;
  if (!/^[^\s/:@?#[\]\\%]+$/.test(name)) return null;
  let host: string;
  try {
    host = new URL(`http://${name}/`).hostname;
  } catch {
    return null;
  }
  const value = `${wildcard ? '*.' : ''}${host}`;
  return FEED_HOST.test(value) ? value : null;
}

/** Whether a site's policy lets the proxy read a feed from `host`. */
export function feedHostAllowed(policy: Policy, host: string): boolean {
  if (policy.feedHosts.length === 0) return true;
  const name = host.toLowerCase().replace(/\.$/, '');
  return policy.feedHosts.some((allowed) => (allowed.startsWith('*.') ? name === allowed.slice(2) || name.endsWith(allowed.slice(1)) : name === allowed));
}

export interface Site {
  id: string;
  name: string;
  origins: string[];
  policy: Policy;
  secret: string;
  guestSecret: string;
  createdAt: string;
  /** Visitor tokens issued before this instant (epoch ms) are revoked; null when none were revoked wholesale. */
  guestTokensValidAfter: number | null;
}

/** What the API shows of a site: never the secrets. */
export interface PublicSite {
  id: string;
  name: string;
  origins: string[];
  policy: Policy;
}

export class SiteInputError extends Error {
  override name = 'SiteInputError';
}

/** C0 and C1 control characters, DEL and lone surrogates (as for subjects and identities). */
const NOT_PLAIN_TEXT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;

function checkName(name: string): void {
  if (!name.trim() || name.length > 200 || NOT_PLAIN_TEXT.test(name))
    throw new SiteInputError('site name must be 1–200 characters without control characters or lone surrogates');
}

function checkPolicy(policy: Partial<Policy> | undefined): void {
  if (policy?.activityFeeds !== undefined && policy.activityFeeds !== 'public' && policy.activityFeeds !== 'token') {
    throw new SiteInputError(`activityFeeds must be public or token (got ${JSON.stringify(policy.activityFeeds)})`);
  }
  if (policy?.feedHosts !== undefined) {
    if (!Array.isArray(policy.feedHosts) || policy.feedHosts.length > FEED_HOSTS_MAX) throw new SiteInputError(`feedHosts must be a list of at most ${FEED_HOSTS_MAX} hosts`);
    const hosts = policy.feedHosts.map((host) => {
      const normalized = typeof host === 'string' ? normalizeFeedHost(host) : null;
      if (normalized === null) throw new SiteInputError(`feedHosts: ${JSON.stringify(host)} is not a host name (news.example.com, or *.example.com for its subdomains)`);
      return normalized;
    });
    policy.feedHosts = [...new Set(hosts)];
  }
  const cap = policy?.guestVotesPerNetworkPerDay;
  if (cap !== undefined && (!Number.isInteger(cap) || cap < 0 || cap > GUEST_VOTES_PER_NETWORK_MAX)) {
    throw new SiteInputError(`guestVotesPerNetworkPerDay must be an integer from 0 (no cap) to ${GUEST_VOTES_PER_NETWORK_MAX} (got ${JSON.stringify(cap)})`);
  }
}

export function isSiteId(id: string): boolean {
  return SITE_ID.test(id);
}

/** Normalizes an origin (`https://crm.example.com`) or returns null if it is not one; `*` means any. */
export function normalizeOrigin(input: string): string | null {
  if (input === '*') return '*';
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return url.origin;
}

export function normalizeOrigins(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const origin = normalizeOrigin(input.trim());
    if (!origin) throw new SiteInputError(`not an origin: ${JSON.stringify(input)} (expected e.g. https://crm.example.com, or *)`);
    if (!out.includes(origin)) out.push(origin);
  }
  return out;
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function parsePolicy(text: string): Policy {
  const value = JSON.parse(text) as Partial<Policy>;
  return { ...DEFAULT_POLICY, ...value };
}

function fromRow(row: Selectable<SitesTable>): Site {
  return {
    id: row.id,
    name: row.name,
    origins: JSON.parse(row.origins) as string[],
    policy: parsePolicy(row.policy),
    secret: row.secret,
    guestSecret: row.guest_secret,
    createdAt: row.created_at,
    guestTokensValidAfter: row.guest_tokens_valid_after === null ? null : Date.parse(row.guest_tokens_valid_after),
  };
}

export function toPublic(site: Site): PublicSite {
  return { id: site.id, name: site.name, origins: site.origins, policy: site.policy };
}

export async function getSite(db: Kysely<Database>, id: string): Promise<Site | null> {
  if (!isSiteId(id)) return null;
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function listSites(db: Kysely<Database>): Promise<Site[]> {
  const rows = await db.selectFrom('sites').selectAll().orderBy('id').execute();
  return rows.map(fromRow);
}

export interface CreateSiteInput {
  id: string;
  name: string;
  origins?: string[];
  policy?: Partial<Policy>;
}

export async function createSite(db: Kysely<Database>, input: CreateSiteInput): Promise<Site> {
  if (!isSiteId(input.id)) throw new SiteInputError(`site id must match ${SITE_ID_PATTERN} (got ${JSON.stringify(input.id)})`);
  checkName(input.name);
  checkPolicy(input.policy);
  if (await getSite(db, input.id)) throw new SiteInputError(`site ${input.id} already exists`);
  const site: Site = {
    id: input.id,
    name: input.name.trim(),
    origins: normalizeOrigins(input.origins ?? []),
    policy: { ...DEFAULT_POLICY, ...input.policy },
    secret: newSecret(),
    guestSecret: newSecret(),
    createdAt: new Date().toISOString(),
    guestTokensValidAfter: null,
  };
  await db
    .insertInto('sites')
    .values({
      id: site.id,
      name: site.name,
      secret: site.secret,
      guest_secret: site.guestSecret,
      origins: JSON.stringify(site.origins),
      policy: JSON.stringify(site.policy),
      created_at: site.createdAt,
    })
    .execute();
  return site;
}

export interface UpdateSiteInput {
  name?: string;
  origins?: string[];
  policy?: Partial<Policy>;
}

export async function updateSite(db: Kysely<Database>, id: string, input: UpdateSiteInput): Promise<Site | null> {
  const site = await getSite(db, id);
  if (!site) return null;
  if (input.name !== undefined) checkName(input.name);
  checkPolicy(input.policy);
  const next: Site = {
    ...site,
    name: input.name !== undefined ? input.name.trim() : site.name,
    origins: input.origins !== undefined ? normalizeOrigins(input.origins) : site.origins,
    policy: { ...site.policy, ...input.policy },
  };
  await db
    .updateTable('sites')
    .set({ name: next.name, origins: JSON.stringify(next.origins), policy: JSON.stringify(next.policy) })
    .where('id', '=', id)
    .execute();
  return next;
}

export async function rotateSecret(db: Kysely<Database>, id: string): Promise<Site | null> {
  const site = await getSite(db, id);
  if (!site) return null;
  const secret = newSecret();
  await db.updateTable('sites').set({ secret }).where('id', '=', id).execute();
  return { ...site, secret };
}

/** Revokes every visitor token of the site issued until now (renewals included); returns the instant, or
 * null when there is no such site. */
export async function revokeAllGuestTokens(db: Kysely<Database>, id: string, now = Date.now()): Promise<number | null> {
  const result = await db.updateTable('sites').set({ guest_tokens_valid_after: new Date(now).toISOString() }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? now : null;
}

/** Origin rule: listed origins, or `*`. Same-origin requests are allowed by the caller before this. */
export function originAllowed(site: Site, origin: string): boolean {
  return site.origins.includes('*') || site.origins.includes(origin);
}
