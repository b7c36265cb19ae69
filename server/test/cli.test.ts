import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [join(import.meta.dirname, '../src/cli.ts'), ...args], {
    env: { ...process.env, DATABASE_URL },
    encoding: 'utf8',
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function field(out: string, name: string): string {
  const match = new RegExp(`^${name}:\\s+(\\S+)$`, 'm').exec(out);
  assert.ok(match, `no ${name} in:\n${out}`);
  return match[1]!;
}

describe('admin CLI', () => {
  it('creates a site and prints the secret, the script tag and a signing example', async () => {
    const { code, out, err } = cli('site', 'create', '--id', 'acme', '--name', 'Acme CRM', '--origin', 'https://crm.acme.com', '--origin', 'https://intranet.acme.com', '--guests', 'rate', '--moderation', 'pre');
    assert.equal(code, 0, err);
    assert.ok(out.includes('<script src="https://YOUR-KITH-HOST/dist/kith.js" data-site="acme"></script>'), out);
    assert.ok(out.includes("import { SignJWT } from 'jose';"));
    const secret = field(out, 'secret');
    const store = await createDb(DATABASE_URL);
    try {
      const site = (await getSite(store.db, 'acme'))!;
      assert.equal(site.secret, secret);
      assert.deepEqual(site.origins, ['https://crm.acme.com', 'https://intranet.acme.com']);
      assert.deepEqual(site.policy, { guestsMayRate: true, guestsMayComment: false, moderation: 'pre' });
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
