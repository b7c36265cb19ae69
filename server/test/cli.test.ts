import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDb } from '../src/db/index.ts';
import { signUserToken, verifyUserToken } from '../src/services/identity.ts';
import { findKey } from '../src/services/keys.ts';
import { getSite } from '../src/services/sites.ts';

const dir = mkdtempSync(join(tmpdir(), 'kith-cli-'));
const DATABASE_URL = `sqlite:${join(dir, 'kith.db')}`;
after(() => rmSync(dir, { recursive: true, force: true }));

/** The runner's own PUBLIC_URL, HOST, … would change what the CLI prints: each test says what it sets. */
const QUIET_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['PUBLIC_URL', 'HOST', 'PORT', 'TLS_CERT', 'TLS_KEY'].includes(name)));

function cliWith(env: Record<string, string>, ...args: string[]) {
  const res = spawnSync(process.execPath, [join(import.meta.dirname, '../src/cli.ts'), ...args], {
    env: { ...QUIET_ENV, DATABASE_URL, ...env },
    encoding: 'utf8',
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

const cli = (...args: string[]) => cliWith({}, ...args);

function originsOf(out: string): string[] {
  const match = /^origins:\s+(.*)$/m.exec(out);
  assert.ok(match, `no origins in:\n${out}`);
  return match[1]!.split(' ');
}

/** One line on stderr, no stack trace, nothing on stdout. */
function assertOneLineError(res: { code: number | null; out: string; err: string }, code: number, message: RegExp) {
  assert.equal(res.code, code, res.err);
  assert.equal(res.err.trim().split('\n').length, 1, res.err);
  assert.match(res.err.trim(), message);
  assert.doesNotMatch(res.err, /\bat .*\.ts:\d+/);
  assert.equal(res.out, '');
}

function field(out: string, name: string): string {
  const match = new RegExp(`^${name}:\\s+(\\S+)$`, 'm').exec(out);
  assert.ok(match, `no ${name} in:\n${out}`);
  return match[1]!;
}

describe('admin CLI', () => {
  it('creates a site and prints the secret, the script tag and a signing example', async () => {
    const { code, out, err } = cliWith(
      { PUBLIC_URL: 'https://kith.acme.com' },
      ...['site', 'create', '--id', 'acme', '--name', 'Acme CRM', '--origin', 'https://crm.acme.com', '--origin', 'https://intranet.acme.com', '--guests', 'rate', '--moderation', 'pre'],
    );
    assert.equal(code, 0, err);
    assert.ok(out.includes('\n  <script src="https://kith.acme.com/dist/kith.js" data-site="acme"></script>\n'), out);
    assert.doesNotMatch(out, /PUBLIC_URL|YOUR-KITH-HOST/);
    assert.ok(out.includes("import { SignJWT } from 'jose';"));
    const secret = field(out, 'secret');
    const store = await createDb(DATABASE_URL);
    try {
      const site = (await getSite(store.db, 'acme'))!;
      assert.equal(site.secret, secret);
      assert.deepEqual(site.origins, ['https://crm.acme.com', 'https://intranet.acme.com']);
      assert.deepEqual(site.policy, { guestsMayRate: true, guestsMayComment: false, moderation: 'pre', guestVotesPerNetworkPerDay: 10, guestProofOfWork: false, feedHosts: [], activityFeeds: 'public' });
      // The printed secret verifies tokens the way the server does.
      const principal = await verifyUserToken(site, await signUserToken(secret, { sub: 'u1', aud: 'acme' }));
      assert.equal(principal.id, 'user:u1');
    } finally {
      await store.close();
    }
  });

  it('lists, shows, updates and rotates', async () => {
    assert.match(cli('site', 'list').out, /^acme\tAcme CRM\t/m);
    assert.match(cli('site', 'show', 'acme').out, /guests may rate: yes, guests may comment: no, moderation: pre/);
    const updated = cli('site', 'update', 'acme', '--guests', 'none', '--name', 'Acme');
    assert.equal(updated.code, 0, updated.err);
    assert.match(updated.out, /guests may rate: no, guests may comment: no/);
    const before = field(cli('site', 'create', '--id', 'other', '--name', 'Other').out, 'secret');
    const rotated = cli('site', 'rotate-secret', 'other');
    assert.equal(rotated.code, 0);
    assert.notEqual(field(rotated.out, 'secret'), before);
  });

  it('creates, lists and revokes API keys; the key is stored only as a hash', async () => {
    const created = cli('key', 'create', '--site', 'acme', '--name', 'crm sync');
    assert.equal(created.code, 0, created.err);
    const key = field(created.out, 'key');
    const id = field(created.out, 'id');
    assert.match(key, /^kith_sk_[\w-]{20,}$/);
    const list = cli('key', 'list', '--site', 'acme');
    assert.ok(list.out.includes(id));
    assert.ok(!list.out.includes(key));
    const store = await createDb(DATABASE_URL);
    try {
      assert.equal((await findKey(store.db, key))?.siteId, 'acme');
      const rows = await store.db.selectFrom('api_keys').selectAll().execute();
      assert.ok(rows.every((r) => !JSON.stringify(r).includes(key)));
      assert.equal(cli('key', 'revoke', id).code, 0);
      assert.equal(await findKey(store.db, key), null);
    } finally {
      await store.close();
    }
    assert.match(cli('key', 'list', '--site', 'acme').out, /revoked/);
  });

  it('prints help', () => {
    const { code, out } = cli('--help');
    assert.equal(code, 0);
    assert.match(out, /site create --id/);
  });

  it('exits 2 with one line and no stack trace on bad usage', () => {
    const cases = [
      ['bogus'],
      ['site', 'create', '--name', 'x'],
      ['site', 'create', '--id', 'y', '--name', 'Y', '--guests', 'everyone'],
      ['site', 'create', '--id', 'y', '--name', 'Y', '--moderation', 'later'],
      ['site', 'create', '--id', 'Bad_Id', '--name', 'x'],
      ['site', 'create', '--id', 'z1', '--name', 'x', '--origin', 'not-an-origin'],
      ['site', 'create', '--id', 'acme', '--name', 'dup'],
      ['site', 'create', '--id', 'z2', '--name', 'x', '--bogus'],
      ['site', 'show'],
      ['site', 'update', 'acme'],
      ['key', 'create', '--site', 'acme'],
      ['key', 'list'],
    ];
    for (const args of cases) {
      const { code, err, out } = cli(...args);
      assert.equal(code, 2, `${args.join(' ')}: ${err}`);
      assert.equal(err.trim().split('\n').length, 1, err);
      assert.match(err, /^kith: /);
      assert.doesNotMatch(err, /\bat .*\.ts:\d+/);
      assert.equal(out, '');
    }
  });

  it('exits 1 with one line for an unknown site or key', () => {
    for (const args of [['site', 'show', 'nosuch'], ['key', 'create', '--site', 'nosuch', '--name', 'x'], ['key', 'revoke', 'key_nope']]) {
      const { code, err } = cli(...args);
      assert.equal(code, 1, args.join(' '));
      assert.equal(err.trim().split('\n').length, 1, err);
    }
  });
});

describe('admin CLI: origins one at a time', () => {
  it('creates the site the next tests change', () => {
    assert.equal(cli('site', 'create', '--id', 'shop', '--name', 'Shop', '--origin', 'https://a.shop.test').code, 0);
  });

  it('--add-origin adds, --remove-origin removes, both repeatable and combinable; values are normalized', () => {
    const added = cli('site', 'update', 'shop', '--add-origin', 'https://b.shop.test', '--add-origin', 'https://C.shop.test:8443/');
    assert.equal(added.code, 0, added.err);
    assert.deepEqual(originsOf(added.out), ['https://a.shop.test', 'https://b.shop.test', 'https://c.shop.test:8443']);
    const both = cli('site', 'update', 'shop', '--remove-origin', 'https://A.shop.test/', '--remove-origin', 'https://b.shop.test', '--add-origin', 'http://localhost:8080');
    assert.equal(both.code, 0, both.err);
    assert.deepEqual(originsOf(both.out), ['https://c.shop.test:8443', 'http://localhost:8080']);
    // Adding one that is there already changes nothing and says so.
    const again = cli('site', 'update', 'shop', '--add-origin', 'http://localhost:8080');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /already listed: http:\/\/localhost:8080/);
    assert.deepEqual(originsOf(cli('site', 'show', 'shop').out), ['https://c.shop.test:8443', 'http://localhost:8080']);
  });

  it('removing an origin that is not there is one line, exit 1, and changes nothing', () => {
    const res = cli('site', 'update', 'shop', '--remove-origin', 'https://c.shop.test:8443', '--remove-origin', 'https://nope.shop.test', '--add-origin', 'https://d.shop.test');
    assertOneLineError(res, 1, /^kith: site shop has no origin https:\/\/nope\.shop\.test \(its origins: https:\/\/c\.shop\.test:8443 http:\/\/localhost:8080\); nothing changed$/);
    assert.deepEqual(originsOf(cli('site', 'show', 'shop').out), ['https://c.shop.test:8443', 'http://localhost:8080']);
  });

  it('refuses bad origins and contradictions as usage errors (exit 2) before touching the database', () => {
    const cases: [string[], RegExp][] = [
      [['--add-origin', 'crm.shop.test'], /^kith: --add-origin: not an origin: "crm\.shop\.test"/],
      [['--remove-origin', 'https://shop.test/path'], /^kith: --remove-origin: not an origin/],
      [['--add-origin', 'ftp://shop.test'], /^kith: --add-origin: not an origin/],
      [['--origin', 'https://x.shop.test', '--add-origin', 'https://y.shop.test'], /^kith: --origin replaces the whole origin list/],
      [['--add-origin', 'https://x.shop.test', '--remove-origin', 'https://X.shop.test'], /^kith: https:\/\/x\.shop\.test is both added and removed$/],
    ];
    for (const [args, message] of cases) assertOneLineError(cli('site', 'update', 'shop', ...args), 2, message);
    assertOneLineError(cli('site', 'create', '--id', 'z3', '--name', 'x', '--add-origin', 'https://x.test'), 2, /^kith: site create does not take --add-origin$/);
    assert.deepEqual(originsOf(cli('site', 'show', 'shop').out), ['https://c.shop.test:8443', 'http://localhost:8080']);
  });

  it('--origin still replaces the whole list, and help says so', () => {
    const res = cli('site', 'update', 'shop', '--origin', 'https://only.shop.test');
    assert.equal(res.code, 0, res.err);
    assert.deepEqual(originsOf(res.out), ['https://only.shop.test']);
    const help = cli('--help').out;
    assert.match(help, /--add-origin <origin>\]\.\.\. \[--remove-origin <origin>\]\.\.\./);
    assert.match(help, /--origin REPLACES the whole list/);
  });
});

describe('admin CLI: the script tag', () => {
  const tag = (base: string, site = 'shop') => `\n  <script src="${base}/dist/kith.js" data-site="${site}"></script>\n`;

  it('site show prints the settings and the tag with PUBLIC_URL, never the secret', async () => {
    const res = cliWith({ PUBLIC_URL: 'https://kith.shop.test/' }, 'site', 'show', 'shop');
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /^id:\s+shop$/m);
    assert.ok(res.out.includes(tag('https://kith.shop.test')), res.out);
    assert.doesNotMatch(res.out, /PUBLIC_URL|YOUR-KITH-HOST|^secret:/m);
    const store = await createDb(DATABASE_URL);
    try {
      const site = (await getSite(store.db, 'shop'))!;
      assert.ok(!res.out.includes(site.secret));
      assert.ok(!res.out.includes(site.guestSecret));
    } finally {
      await store.close();
    }
  });

  it('without PUBLIC_URL says so in one line and uses the address the server listens on', () => {
    const local = cliWith({}, 'site', 'show', 'shop');
    assert.equal(local.code, 0, local.err);
    assert.ok(local.out.includes(tag('http://127.0.0.1:3000')), local.out);
    const notes = local.out.split('\n').filter((line) => line.includes('PUBLIC_URL'));
    assert.equal(notes.length, 1, local.out);
    assert.match(notes[0]!, /^PUBLIC_URL is not set: this tag uses http:\/\/127\.0\.0\.1:3000, .*only a browser on this machine reaches\. Set PUBLIC_URL .* and run `site show shop` again\.$/);
    assert.doesNotMatch(local.out, /YOUR-KITH-HOST/);

    const other = cliWith({ HOST: 'kith.internal', PORT: '8080' }, 'site', 'show', 'shop');
    assert.ok(other.out.includes(tag('http://kith.internal:8080')), other.out);
    assert.doesNotMatch(other.out, /only a browser on this machine/);
    assert.match(other.out, /^PUBLIC_URL is not set: this tag uses http:\/\/kith\.internal:8080, /m);
    // With its own certificate the server listens with HTTPS (the CLI does not read the files).
    const tls = cliWith({ PORT: '8443', TLS_CERT: '/nonexistent/cert.pem', TLS_KEY: '/nonexistent/key.pem' }, 'site', 'show', 'shop');
    assert.ok(tls.out.includes(tag('https://127.0.0.1:8443')), tls.out);
  });

  it('site create prints the same tag', () => {
    const res = cliWith({ PORT: '8081' }, 'site', 'create', '--id', 'tagged', '--name', 'Tagged');
    assert.equal(res.code, 0, res.err);
    assert.ok(res.out.includes(tag('http://127.0.0.1:8081', 'tagged')), res.out);
    assert.match(res.out, /^PUBLIC_URL is not set/m);
  });

  it('warns that an http:// PUBLIC_URL other than this machine is blocked on https pages', () => {
    const res = cliWith({ PUBLIC_URL: 'http://kith.shop.test' }, 'site', 'show', 'shop');
    assert.ok(res.out.includes(tag('http://kith.shop.test')), res.out);
    assert.match(res.out, /^Note: PUBLIC_URL is http:\/\/, so pages served over https:\/\/ \(most CRMs\) will block this script as mixed content\.$/m);
    assert.doesNotMatch(cliWith({ PUBLIC_URL: 'http://localhost:3000' }, 'site', 'show', 'shop').out, /mixed content/);
  });

  it('docs/admin.md shows the paste step as the CLI prints it, with and without PUBLIC_URL', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/admin.md'), 'utf8');
    const pasteStep = (out: string) => out.slice(out.indexOf('Paste into your page template:'), out.indexOf('</script>') + '</script>'.length);
    for (const env of [{ PUBLIC_URL: 'https://kith.acme.com' }, {}] as Record<string, string>[]) {
      const shown = pasteStep(cliWith(env, 'site', 'show', 'acme').out);
      assert.ok(shown.startsWith('Paste into your page template:\n'), shown);
      assert.ok(doc.includes(`\n${shown}\n`), `docs/admin.md should show, as printed:\n${shown}`);
    }
  });

  it('a bad PUBLIC_URL is one line naming it, exit 1', () => {
    for (const value of ['kith.shop.test', 'https://kith.shop.test/kith', 'https://kith.shop.test/?x=1', 'ftp://kith.shop.test']) {
      assertOneLineError(cliWith({ PUBLIC_URL: value }, 'site', 'show', 'shop'), 1, /^kith: PUBLIC_URL must be an absolute http:\/\/ or https:\/\/ URL/);
    }
  });
});
