// The ID card's data (issue 10): profile checks (field types, lengths, URL schemes, extra fields), compact
// layouts, and the card store on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpError } from '../../src/errors.ts';
import {
  CARD_LIMITS,
  cardLayout,
  cardProfile,
  DEFAULT_LAYOUT,
  deleteCard,
  isCardKind,
  readCardLayout,
  readCards,
  setCardLayout,
  upsertCard,
} from '../../src/services/cards.ts';
import { createSite } from '../../src/services/sites.ts';
import { legs } from '../helpers.ts';

/** The problems (path: message) a refused input gets. */
function problems(check: () => unknown): Record<string, string> {
  try {
    check();
  } catch (error) {
    assert.ok(error instanceof HttpError, String(error));
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'validation_failed');
    return Object.fromEntries((error.details as { path: string; message: string }[]).map((d) => [d.path, d.message]));
  }
  assert.fail('accepted');
}

const ada = { name: 'Ada Lovelace', title: 'Analyst', company: 'Analytical Engines', email: 'ada@example.com', phone: '+44 20 7946 0000', url: 'https://example.com/ada' };

describe('cardProfile', () => {
  it('keeps a full profile, trimmed and composed, with canonical URLs, and leaves out empty optional fields', () => {
    assert.deepEqual(cardProfile(ada), ada);
    assert.deepEqual(
      cardProfile({ name: '  Jose\u0301  ', title: '', company: null, url: 'HTTPS://Example.COM', avatarUrl: 'https://cdn.example.com/a b.png', fields: { region: ' EMEA ', seats: 40, active: true, note: '' } }),
      { name: 'José', url: 'https://example.com/', avatarUrl: 'https://cdn.example.com/a%20b.png', fields: { region: 'EMEA', seats: 40, active: true } },
    );
    assert.deepEqual(cardProfile({ name: 'x', phone: '(555) 010-0199 ext. 12' }), { name: 'x', phone: '(555) 010-0199 ext. 12' });
  });

  it('needs a name, and one line of plain text in each text field, within its length', () => {
    assert.deepEqual(problems(() => cardProfile({ title: 'CEO' })), { '/name': 'is required' });
    assert.deepEqual(problems(() => cardProfile({ name: '   ' })), { '/name': 'is required' });
    assert.equal(problems(() => cardProfile({ name: 42 }))['/name'], 'must be text');
    assert.match(problems(() => cardProfile({ name: 'a'.repeat(CARD_LIMITS.text + 1) }))['/name']!, /at most 200/);
    assert.deepEqual(cardProfile({ name: '😀'.repeat(CARD_LIMITS.text) }).name.length, CARD_LIMITS.text * 2, 'counted in characters, not UTF-16 units');
    assert.match(problems(() => cardProfile({ name: 'Ada\nLovelace' }))['/name']!, /one line/);
    assert.match(problems(() => cardProfile({ name: 'Ada', company: 'a\u0085b' }))['/company']!, /control/);
    assert.match(problems(() => cardProfile({ name: 'Ada\ud800' }))['/name']!, /surrogate/);
  });

  it('checks emails and phone numbers', () => {
    for (const email of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com']) assert.ok(problems(() => cardProfile({ name: 'a', email }))['/email'], email);
    assert.ok(problems(() => cardProfile({ name: 'a', email: `${'a'.repeat(250)}@example.com` }))['/email']);
    for (const phone of ['call me', '+', '()', '12-abc', '++44 1', 'x12']) assert.ok(problems(() => cardProfile({ name: 'a', phone }))['/phone'], phone);
    assert.ok(problems(() => cardProfile({ name: 'a', phone: '1'.repeat(41) }))['/phone']);
  });

  it('takes only absolute http(s) URLs without credentials', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.com/', 'file:///etc/passwd', 'vbscript:x', '/relative', 'example.com'])
      for (const field of ['url', 'avatarUrl']) assert.ok(problems(() => cardProfile({ name: 'a', [field]: url }))[`/${field}`], `${field} ${url}`);
    assert.match(problems(() => cardProfile({ name: 'a', url: 'https://user:pw@example.com/' }))['/url']!, /password/);
    assert.match(problems(() => cardProfile({ name: 'a', url: `https://example.com/${'a'.repeat(CARD_LIMITS.url)}` }))['/url']!, /at most/);
    assert.equal(cardProfile({ name: 'a', url: ' http://example.com/x?y=1#z ' }).url, 'http://example.com/x?y=1#z');
  });

  it('keeps extra fields of text, numbers and yes/no under "fields", and refuses the rest by name', () => {
    const refused = problems(() =>
      cardProfile({ name: 'a', fields: { '1st': 'x', 'a/b': 'x', nested: { a: 1 }, list: [1], nothing: null, long: 'x'.repeat(CARD_LIMITS.extraText + 1), ok: 'fine' } }),
    );
    assert.deepEqual(Object.keys(refused).sort(), ['/fields/1st', '/fields/a~1b', '/fields/list', '/fields/long', '/fields/nested', '/fields/nothing']);
    assert.ok(problems(() => cardProfile({ name: 'a', fields: 'region=EMEA' }))['/fields']);
    const many = Object.fromEntries(Array.from({ length: CARD_LIMITS.extraFields + 1 }, (_, i) => [`f${i}`, i]));
    assert.match(problems(() => cardProfile({ name: 'a', fields: many }))['/fields']!, /at most 30/);
  });

  it('refuses unknown top-level fields and lists every problem at once', () => {
    const refused = problems(() => cardProfile({ name: '', email: 'x', url: 'javascript:x', region: 'EMEA' }));
    assert.deepEqual(Object.keys(refused).sort(), ['/email', '/name', '/region', '/url']);
    assert.match(refused['/region']!, /put other fields under "fields"/);
    for (const notAnObject of [null, 'Ada', [ada], 42]) assert.deepEqual(Object.keys(problems(() => cardProfile(notAnObject))), ['']);
  });
});

describe('cardLayout', () => {
  it('takes 1 to 7 distinct fields, standard or fields.<name>, the first one with text', () => {
    assert.deepEqual(cardLayout(['name', 'fields.region', 'avatarUrl']), ['name', 'fields.region', 'avatarUrl']);
    assert.deepEqual(cardLayout(['company']), ['company']);
    for (const bad of [[], 'name', ['name', 'title', 'company', 'email', 'phone', 'url', 'avatarUrl', 'fields.x'], null]) assert.ok(problems(() => cardLayout(bad))['']);
    assert.deepEqual(Object.keys(problems(() => cardLayout(['name', 'nickname', 'fields.', 'fields.9x', 'name', 7]))), ['/1', '/2', '/3', '/4', '/5']);
    assert.ok(problems(() => cardLayout(['avatarUrl', 'name']))['/0']);
  });

  it('names kinds as subjects begin: a first segment and its slash, or none', () => {
    for (const kind of ['', 'contact/', 'account/', '/']) assert.ok(isCardKind(kind), kind);
    for (const kind of ['contact', 'contact/x', 'a/b/', 'x\n/']) assert.ok(!isCardKind(kind), JSON.stringify(kind));
  });
});

for (const leg of legs()) {
  describe(`the card store (${leg.name})`, () => {
    let opened: Awaited<ReturnType<typeof leg.open>>;
    before(async () => {
      opened = await leg.open();
      await createSite(opened.store.db, { id: 'alpha', name: 'Alpha' });
      await createSite(opened.store.db, { id: 'beta', name: 'Beta' });
    });
    after(() => opened.cleanup());

    it('stores, replaces, reads many at once and deletes cards, per site', async () => {
      const db = opened.store.db;
      await upsertCard(db, 'alpha', 'contact/1', cardProfile(ada), '2026-12-01T10:00:00.000Z');
      await upsertCard(db, 'alpha', 'contact/2', cardProfile({ name: 'Grace Hopper', fields: { seats: 3 } }));
      await upsertCard(db, 'beta', 'contact/1', cardProfile({ name: 'Someone else' }));
      const read = await readCards(db, opened.store.dialect, 'alpha', ['contact/1', 'contact/2', 'contact/3', 'contact/1']);
      assert.deepEqual([...read.keys()].sort(), ['contact/1', 'contact/2']);
      assert.deepEqual(read.get('contact/1'), { subject: 'contact/1', profile: ada, updatedAt: '2026-12-01T10:00:00.000Z' });
      assert.deepEqual(read.get('contact/2')!.profile, { name: 'Grace Hopper', fields: { seats: 3 } });
      await upsertCard(db, 'alpha', 'contact/1', cardProfile({ name: 'Ada King' }), '2026-12-01T11:00:00.000Z');
      assert.deepEqual((await readCards(db, opened.store.dialect, 'alpha', ['contact/1'])).get('contact/1'), { subject: 'contact/1', profile: { name: 'Ada King' }, updatedAt: '2026-12-01T11:00:00.000Z' }, 'replaced whole');
      assert.equal((await readCards(db, opened.store.dialect, 'beta', ['contact/1'])).get('contact/1')!.profile.name, 'Someone else', 'sites apart');
      const row = await db.selectFrom('cards').select('kind').where('site_id', '=', 'alpha').where('subject', '=', 'contact/2').executeTakeFirstOrThrow();
      assert.equal(row.kind, 'contact/');
      assert.equal(await deleteCard(db, 'alpha', 'contact/2'), true);
      assert.equal(await deleteCard(db, 'alpha', 'contact/2'), false);
      assert.equal((await readCards(db, opened.store.dialect, 'alpha', [])).size, 0);
    });

    it('keeps a layout per kind, the default where none is set', async () => {
      const db = opened.store.db;
      assert.deepEqual(await readCardLayout(db, opened.store.dialect, 'alpha', 'account/'), { kind: 'account/', fields: [...DEFAULT_LAYOUT], custom: false });
      await setCardLayout(db, 'alpha', 'account/', cardLayout(['company', 'fields.region', 'url']));
      await setCardLayout(db, 'alpha', 'account/', cardLayout(['company', 'url']));
      assert.deepEqual(await readCardLayout(db, opened.store.dialect, 'alpha', 'account/'), { kind: 'account/', fields: ['company', 'url'], custom: true });
      assert.equal((await readCardLayout(db, opened.store.dialect, 'beta', 'account/')).custom, false, 'sites apart');
      assert.equal((await readCardLayout(db, opened.store.dialect, 'alpha', 'contact/')).custom, false, 'kinds apart');
    });
  });
}
