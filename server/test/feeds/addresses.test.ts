// The feed proxy's address checks (issue 11) against ../shared/corpora/ssrf/ssrf-cases.json: every IP literal and
// netblock, every URL that needs no DNS, and every DNS-dependent one through a stub resolver answering with the
// internal addresses the names stand for (nip.io, localtest.me, rebinding services, …; the internet is never
// asked). Verdicts the corpus's sources disagree on are this project's policy, each listed with its reason. URLs
// whose refusal depends on following a live redirect service are the fetcher's: fetch.test.ts redirects to every
// blocked URL of the corpus and checks each is refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ipaddr from 'ipaddr.js';
import { addressVerdict, checkedAddresses, checkFeedUrl, type Resolve } from '../../src/feeds/addresses.ts';

interface Case {
  id: number;
  input: string;
  kind: 'url' | 'ip' | 'cidr' | 'host';
  expect: 'block' | 'allow' | 'invalid';
  category: string;
  needs_dns_or_network: boolean;
}

const { cases } = JSON.parse(readFileSync(new URL('../../../../shared/corpora/ssrf/ssrf-cases.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** Where this project's policy differs from the corpus's source, and why. */
const POLICY: Record<number, { verdict: 'block'; why: string }> = {
  80: { verdict: 'block', why: 'multicast (224.0.0.0/4): private-ip calls it public, Advocate/SafeCurl refuse it; a feed is never multicast' },
  81: { verdict: 'block', why: 'multicast (224.0.0.0/4), as above' },
  86: { verdict: 'block', why: '2001:2::/48 is IANA special-purpose (benchmarking), not globally reachable' },
  95: { verdict: 'block', why: '2001:10::/28 is IANA special-purpose (ORCHID), not globally reachable' },
  96: { verdict: 'block', why: '2001:1f::/… lies in 2001::/23, IANA protocol assignments, not globally reachable' },
  102: { verdict: 'block', why: 'fec0::/10 is site-local (deprecated, still routed inside some networks)' },
};

/** Refused only after a live redirect service is followed (shorteners, httpbin, r3dir.me): the fetcher's redirect
 * test (fetch.test.ts) refuses a redirect to each blocked target instead. */
const AFTER_REDIRECT = new Set([62, 64, 273, 315, 316, 339, 340]);

/** The stub resolver: what each name of the corpus stands for. A public name gets a public address. */
const IMPLIED: [RegExp, string[]][] = [
  [/(?:^|\.)(\d+\.\d+\.\d+\.\d+)\.(?:nip|xip)\.io$/, ['$1']], // the address spelled in the name
  [/(?:^|\.)1ynrnhl\.xip\.io$/, ['169.254.169.254']], // xip.io's base-36 spelling of it
  [/^localtest\.me$/, ['::1']],
  [/^localh\.st$/, ['127.0.0.1']],
  [/^spoofed\.burpcollaborator\.net$/, ['127.0.0.1']],
  [/^metadata\.nicob\.net$/, ['169.254.169.254']],
  [/^mail\.ebc\.apple\.com$/, ['10.0.0.1']], // a name of a company's internal network
  [/^qiwoo\.org$/, ['10.16.0.1']], // "internal domain url"
  [/\.rebind\.network$/, ['127.0.0.1', '10.0.0.1']], // rebinding: the answers alternate
  [/^make-1\.2\.3\.4-rebind-169\.254-169\.254-rr\.1u\.ms$/, ['1.2.3.4', '169.254.169.254']], // round robin: public and metadata
];
const PUBLIC = '93.184.215.14';

const stubResolve: Resolve = async (name) => {
  for (const [pattern, addresses] of IMPLIED) {
    const match = name.match(pattern);
    if (match) return addresses.map((address) => ({ address: address.replace('$1', match[1] ?? ''), family: address.includes(':') ? 6 : 4 }));
  }
  return [{ address: PUBLIC, family: 4 }];
};

/** The proxy's verdict on a case: block or allow (or invalid, for IP literals that are not addresses). */
async function verdict(c: Case): Promise<string> {
  if (c.kind == 'ip') return addressVerdict(c.input);
  if (c.kind == 'cidr') {
    // A netblock is refused when its first and last addresses are.
    const [network, bits] = ipaddr.parseCIDR(c.input);
    const last = ipaddr.IPv4.broadcastAddressFromCIDR(`${network.toString()}/${bits}`);
    return addressVerdict(network.toString()) == 'block' && addressVerdict(last.toString()) == 'block' ? 'block' : 'allow';
  }
  const checked = checkFeedUrl(c.kind == 'host' ? `http://${c.input}/` : c.input);
  if ('refused' in checked) return 'block';
  if ('address' in checked) return 'allow';
  const resolved = await checkedAddresses(checked.name, stubResolve);
  return 'refused' in resolved ? 'block' : 'allow';
}

describe('feed proxy addresses against the SSRF corpus', () => {
  it(`gives every case of ssrf-cases.json its expected verdict (${cases.length} cases)`, async () => {
    const byCategory = new Map<string, { pass: number; total: number }>();
    const wrong: string[] = [];
    let waiting = 0;
    for (const c of cases) {
      if (AFTER_REDIRECT.has(c.id)) {
        waiting++;
        continue;
      }
      const expected = POLICY[c.id]?.verdict ?? c.expect;
      const got = await verdict(c);
      const tally = byCategory.get(c.category) ?? { pass: 0, total: 0 };
      tally.total++;
      if (got == expected) tally.pass++;
      else wrong.push(`#${c.id} ${c.kind} ${JSON.stringify(c.input)}: expected ${expected}, got ${got}`);
      byCategory.set(c.category, tally);
    }
    const passed = [...byCategory.values()].reduce((sum, tally) => sum + tally.pass, 0);
    console.log(`SSRF corpus: ${passed} of ${cases.length - waiting} cases pass (${Object.keys(POLICY).length} by this project's policy, ${waiting} are redirects: see fetch.test.ts)`);
    for (const [category, { pass, total }] of [...byCategory].sort()) if (pass != total) console.log(`  ${category}: ${pass}/${total}`);
    assert.deepEqual(wrong, []);
  });

  it('refuses by the URL alone what needs no lookup: schemes, credentials, local names, IP literals in any spelling', () => {
    for (const input of ['file:///etc/passwd', 'gopher://x/', 'http://user:pw@example.com/', 'http://localhost/', 'http://a.localhost/', 'http://metadata.google.internal/', 'http://0x7f000001/', 'http://2130706433/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]/'])
      assert.ok('refused' in checkFeedUrl(input), input);
    const ok = checkFeedUrl('https://example.com/feed.xml');
    assert.ok('name' in ok && ok.name == 'example.com');
    const literal = checkFeedUrl('http://93.184.215.14/feed');
    assert.ok('address' in literal && literal.address == '93.184.215.14');
  });

  it('refuses a name with any address that is not public, and one that does not resolve', async () => {
    assert.deepEqual(await checkedAddresses('feeds.example.com', async () => [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }]), { addresses: ['93.184.215.14', '2606:2800:220:1::1'] });
    assert.ok('refused' in (await checkedAddresses('mixed.example.com', async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.7', family: 4 }])));
    assert.ok('refused' in (await checkedAddresses('none.example.com', async () => [])));
    assert.ok('refused' in (await checkedAddresses('nx.example.com', async () => Promise.reject(new Error('ENOTFOUND')))));
  });
});
