/**
 * Feed tokens (issue 11): how a signed-in user follows a site's activity feeds in a reader when the site keeps them
 * private (policy.activityFeeds = token). A reader cannot refresh a short-lived JWT, so a feed token does not
 * expire; it names the user and is signed with a key derived from the site's secret for this purpose alone, so it
 * is worth nothing as a user token (and a user token nothing as a feed token). Rotating the site's secret
 * (`kith site rotate-secret`) revokes every feed token at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Site } from './sites.ts';

function key(site: Site): Buffer {
  return createHmac('sha256', site.secret).update('kith feed token v1').digest();
}

function mac(site: Site, sub: string): string {
  return createHmac('sha256', key(site)).update(`${site.id}\n${sub}`).digest('base64url');
}

export function issueFeedToken(site: Site, sub: string): string {
  return `${Buffer.from(sub).toString('base64url')}.${mac(site, sub)}`;
}

/** The user a feed token names, or null when it is not this site's. */
export function verifyFeedToken(site: Site, token: string): string | null {
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) return null;
  const sub = Buffer.from(encoded, 'base64url').toString();
  const expected = Buffer.from(mac(site, sub));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? sub : null;
}
