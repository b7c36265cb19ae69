// Where the feed proxy (issue 11) may connect: only to public unicast addresses, over http: or https:. Loopback,
// private, link-local, carrier-grade NAT, multicast, broadcast, unspecified, documentation, benchmarking and
// IANA special-purpose addresses are refused, and so are IPv6 addresses that carry an IPv4 one (IPv4-mapped,
// NAT64, 6to4, Teredo), whatever they carry. Names are checked on every address they resolve
// to; the fetcher then connects to exactly the address checked, so a name that resolves differently a moment
// later (DNS rebinding) gets nowhere. Addresses are classified by ipaddr.js; the few special-purpose blocks it
// calls unicast are listed here.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** IANA special-purpose blocks that ipaddr.js's `range()` reports as unicast, refused too. */
const ALSO_REFUSED = [
  '198.18.0.0/15', // benchmarking (RFC 2544)
  '192.0.0.0/24', // IETF protocol assignments
  '192.88.99.0/24', // 6to4 relay anycast (deprecated)
  '192.0.2.0/24', // documentation (TEST-NET-1)
  '198.51.100.0/24', // documentation (TEST-NET-2)
  '203.0.113.0/24', // documentation (TEST-NET-3)
  '2001::/23', // IETF protocol assignments (Teredo, benchmarking, ORCHID, …)
  '2001:db8::/32', // documentation
  '64:ff9b:1::/48', // local-use NAT64
  '100::/64', // discard-only
  'fec0::/10', // site-local (deprecated)
].map((cidr) => ipaddr.parseCIDR(cidr));

/** What an address is to the proxy: `allow` (public unicast), `block`, or `invalid` (not an IP address). */
export type AddressVerdict = 'allow' | 'block' | 'invalid';

function refused(address: Address): boolean {
  // IPv6 addresses that carry an IPv4 one (ipv4Mapped, rfc6052, 6to4, teredo) are not 'unicast' either: they
  // reach the carried address or a relay, whatever it is.
  if (address.range() != 'unicast') return true;
  return ALSO_REFUSED.some(([network, bits]) => network.kind() == address.kind() && address.match(network, bits));
}

/** The verdict on an IP address written in any form ipaddr.js reads (dotted, hex, octal, 32-bit, IPv6). */
export function addressVerdict(text: string): AddressVerdict {
  if (!ipaddr.isValid(text)) return 'invalid';
  return refused(ipaddr.parse(text)) ? 'block' : 'allow';
}

/** Whether the proxy may connect to `address` (the default of every check; tests pass their own to reach a local
 * feed server). */
export const isPublicAddress = (address: string): boolean => addressVerdict(address) == 'allow';

/**
 * FEEDS_ALLOW_PRIVATE's policy (a development machine, the demo, tests): public addresses, and loopback and
 * private ones too; link-local addresses (the cloud metadata service at 169.254.169.254) and everything else stay
 * refused.
 */
export const isPublicOrPrivateAddress = (address: string): boolean => {
  if (isPublicAddress(address)) return true;
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() == 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return ['loopback', 'private', 'uniqueLocal'].includes(parsed.range());
};

/** Why a feed URL is refused before any name is looked up, or the host to look up (`name`), or the checked
 * address of an IP literal (`address`). The URL is read by the WHATWG parser (`new URL`), as the HTTP client
 * reads it: `0x7f000001`, `2130706433` and `127.1` are 127.0.0.1 to both. */
export type UrlCheck = { refused: string } | { url: URL; name: string } | { url: URL; address: string };

/** Names that are this machine or its cloud's metadata service whatever DNS says. */
const LOCAL_NAME = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)$|^(ip6-localhost|ip6-loopback|metadata|instance-data)$/i;

export function checkFeedUrl(input: string, allowed = isPublicAddress): UrlCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { refused: 'not a URL' };
  }
  if (url.protocol != 'http:' && url.protocol != 'https:') return { refused: `only http: and https: feeds are read, not ${url.protocol}` };
  if (url.username || url.password) return { refused: 'a feed URL carries no user name or password' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) return allowed(host) ? { url, address: host } : { refused: `${host} is not a public address` };
  if (LOCAL_NAME.test(host.replace(/\.$/, ''))) return { refused: `${host} is a local name` };
  return { url, name: host };
}

/** Looks a name up: every address it has (as `dns.promises.lookup(name, { all: true })` answers). */
export type Resolve = (name: string) => Promise<{ address: string; family: number }[]>;

/** The addresses of `name` the proxy may connect to; refused when it has none (`unresolved`), or any address that is
 * not public (a name with one private address among public ones is refused: which one a connection takes is not
 * ours). */
export async function checkedAddresses(name: string, resolve: Resolve, allowed = isPublicAddress): Promise<{ addresses: string[] } | { refused: string; unresolved?: true }> {
  let found: { address: string }[];
  try {
    found = await resolve(name);
  } catch {
    return { refused: `${name} could not be resolved`, unresolved: true };
  }
  if (!found.length) return { refused: `${name} has no address`, unresolved: true };
  const bad = found.find(({ address }) => !allowed(address));
  return bad ? { refused: `${name} resolves to ${bad.address}, which is not a public address` } : { addresses: found.map(({ address }) => address) };
}
