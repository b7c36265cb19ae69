// A guest's network: the IPv4 /24 or IPv6 /64 its address is in (IPv4-mapped IPv6 counts as IPv4), and the
// keyed hash of it that guest votes store. The hash is an HMAC with a server secret, so the stored value
// cannot be turned back into an address by hashing all 2^24 IPv4 networks; moderators who know an IP ask the
// server to hash it for them.
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { serverSecret } from './server-secrets.ts';

/** The eight 16-bit groups of an IPv6 address, or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.replace(/%.*$/, ''); // zone id
  if (!isIPv6(text)) return null;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 ? groups : null;
}

/** `203.0.113.0/24` or `2001:db8:1:2::/64` for a client address; null when it is neither (then no cap). */
export function networkOf(address: string): string | null {
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = ipv6Groups(address);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return networkOf(`${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`);
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** HMAC-SHA-256 of the network under the server's secret, base64url (43 characters). */
export function hashNetwork(secret: string, network: string): string {
  return createHmac('sha256', secret).update(network).digest('base64url');
}

/** The stored hash for a client address (its network's), or null when the address is not an IP. */
export async function networkHashOf(db: Kysely<Database>, address: string): Promise<string | null> {
  const network = networkOf(address);
  return network === null ? null : hashNetwork(await serverSecret(db, 'network-hmac'), network);
}
