// The card routes (issue 10): integrations upsert and delete cards with an API key (every bad field named in one
// 400), a card GET that adds the subject's social summary and its kind's layout, the batch, and layouts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CARDS_CACHE_CONTROL } from '../../../../src/routes/v1/sites/cards.ts';
import { DEFAULT_LAYOUT } from '../../../../src/services/cards.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

const S = (text: string) => encodeURIComponent(text);

for (const leg of legs()) {
  describe(`card routes (${leg.name})`, () => {
    const t = useApp(leg);
    const put = (subject: string, body: unknown, token = t.alphaKey, site = 'alpha') =>
      t.inject({ method: 'PUT', url: `/v1/sites/${site}/cards?subject=${S(subject)}`, headers: { ...json, ...bearer(token) }, payload: typeof body == 'string' ? body : JSON.stringify(body) });
    const get = async (url: string, site = 'alpha') => {
      const res = await t.inject({ url: `/v1/sites/${site}/${url}` });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };

    it('an API key upserts a card; the GET shows it with its layout and the social summary', async () => {
      const res = await put('contact/1', { name: ' Ada Lovelace ', title: 'Analyst', email: 'ada@example.com', url: 'https://example.com/ada', fields: { region: 'EMEA' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      const stored = res.json();
      assert.deepEqual(stored.card, { name: 'Ada Lovelace', title: 'Analyst', email: 'ada@example.com', url: 'https://example.com/ada', fields: { region: 'EMEA' } });
      // Social data the other widgets keep: a vote and a tag on the subject.
      const user = await t.user(t.alpha, 'u1');
      assert.equal((await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=contact%2F1', headers: { ...json, ...bearer(user) }, payload: JSON.stringify({ value: 4 }) })).statusCode, 200);
      assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/tags?subject=contact%2F1', headers: { ...json, ...bearer(user) }, payload: JSON.stringify({ tag: 'VIP' }) })).statusCode, 200);
      const view = await get('cards?subject=contact%2F1');
      assert.deepEqual(view, {
        subject: 'contact/1',
        card: stored.card,
        updatedAt: stored.updatedAt,
        layout: { fields: [...DEFAULT_LAYOUT], narrow: 4 },
        summary: { rating: { average: 4, count: 1 }, comments: 0, tags: [{ tag: 'VIP', key: 'vip', count: 1 }] },
      });
      const cached = await t.inject({ url: '/v1/sites/alpha/cards?subject=contact%2F1' });
      assert.equal(cached.headers['cache-control'], CARDS_CACHE_CONTROL);
      const again = await put('contact/1', { name: 'Ada King' });
      assert.deepEqual((await get('cards?subject=contact%2F1')).card, { name: 'Ada King' }, 'an upsert replaces the whole card');
      assert.equal(again.statusCode, 200);
    });

    it('context lines: a Kith user\'s card says how they relate to the page\'s subject; other cards get null', async () => {
      const ada = await t.user(t.alpha, 'ada');
      const write = (method: string, url: string, body: unknown, token = ada) =>
        t.inject({ method, url: `/v1/sites/alpha/${url}`, headers: { ...json, ...bearer(token) }, payload: JSON.stringify(body) });
      assert.equal((await write('PUT', 'ratings/mine?subject=product%2F42', { value: 4 })).statusCode, 200);
      for (const body of ['Great for our team.', 'Still using it.', 'One more note.']) assert.equal((await write('POST', 'comments?subject=product%2F42', { body })).statusCode, 201);
      assert.equal((await write('POST', 'tags?subject=product%2F42', { tag: 'CRM' })).statusCode, 200);
      // Someone else's vote and a vote of Ada's elsewhere are not hers here.
      assert.equal((await write('PUT', 'ratings/mine?subject=product%2F42', { value: 1 }, await t.user(t.alpha, 'bob'))).statusCode, 200);
      assert.equal((await write('PUT', 'ratings/mine?subject=product%2F7', { value: 2 })).statusCode, 200);
      const view = await get('cards?subject=user%2Fada&context=product%2F42');
      assert.deepEqual(view.context, { subject: 'product/42', rated: 4, comments: 3, tags: ['CRM'] });
      const batch = await get('cards/batch?subject=user%2Fada&subject=user%2Fcarol&subject=contact%2F1&context=product%2F42');
      assert.deepEqual(
        batch.items.map((item: { subject: string; context: unknown }) => [item.subject, item.context]),
        [
          ['user/ada', { subject: 'product/42', rated: 4, comments: 3, tags: ['CRM'] }],
          ['user/carol', { subject: 'product/42', rated: null, comments: 0, tags: [] }],
          ['contact/1', null],
        ],
      );
      assert.equal((await get('cards?subject=user%2Fada')).context, undefined, 'no context asked, none sent');
      const bad = await t.inject({ url: `/v1/sites/alpha/cards?subject=user%2Fada&context=${'x'.repeat(600)}` });
      assert.equal(bad.statusCode, 400, bad.body);
    });

    it('a subject without a card still gets its summary (a page may supply the profile)', async () => {
      const view = await get('cards?subject=product%2F9');
      assert.equal(view.card, null);
      assert.equal(view.updatedAt, null);
      assert.deepEqual(view.summary, { rating: { average: 0, count: 0 }, comments: 0, tags: [] });
    });

    it('refuses bad cards with one 400 naming every bad field, and stores nothing', async () => {
      const res = await put('contact/2', { name: '', email: 'nope', url: 'javascript:alert(1)', avatarUrl: 'data:image/png;base64,AAAA', compnay: 'x', fields: { 'bad name': 1 } });
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json();
      assert.equal(body.error.code, 'validation_failed');
      assert.deepEqual(body.error.details.map((d: { path: string }) => d.path).sort(), ['/avatarUrl', '/compnay', '/email', '/fields/bad name', '/name', '/url']);
      assert.equal((await get('cards?subject=contact%2F2')).card, null);
      for (const payload of ['[1]', '"Ada"', 'null', '{"name":']) assert.equal((await put('contact/2', payload)).statusCode, 400, payload);
    });

    it('only an API key of the site writes cards', async () => {
      const user = await t.user(t.alpha, 'u2');
      assert.equal((await put('contact/3', { name: 'x' }, user)).statusCode, 403);
      assert.equal((await put('contact/3', { name: 'x' }, t.betaKey)).statusCode, 403, 'a key of another site');
      assert.equal((await t.inject({ method: 'PUT', url: '/v1/sites/alpha/cards?subject=contact%2F3', headers: json, payload: '{"name":"x"}' })).statusCode, 401);
      assert.equal((await t.inject({ method: 'DELETE', url: '/v1/sites/alpha/cards?subject=contact%2F3', headers: bearer(user) })).statusCode, 403);
      assert.equal((await get('cards?subject=contact%2F3')).card, null);
    });

    it('deletes a card; the batch reads many, in the order asked, each once', async () => {
      assert.equal((await put('account/1', { name: 'Acme' })).statusCode, 200);
      assert.equal((await put('account/2', { name: 'Globex' })).statusCode, 200);
      const batch = await get('cards/batch?subject=account%2F2&subject=account%2F9&subject=account%2F1&subject=account%2F2');
      assert.deepEqual(batch.items.map((item: { subject: string; card: { name: string } | null }) => [item.subject, item.card?.name ?? null]), [['account/2', 'Globex'], ['account/9', null], ['account/1', 'Acme']]);
      const del = await t.inject({ method: 'DELETE', url: '/v1/sites/alpha/cards?subject=account%2F1', headers: bearer(t.alphaKey) });
      assert.deepEqual(del.json(), { subject: 'account/1', deleted: true });
      const twice = await t.inject({ method: 'DELETE', url: '/v1/sites/alpha/cards?subject=account%2F1', headers: bearer(t.alphaKey) });
      assert.deepEqual(twice.json(), { subject: 'account/1', deleted: false });
      assert.equal((await get('cards?subject=account%2F1')).card, null);
      assert.equal((await t.inject({ url: `/v1/sites/alpha/cards/batch?${Array.from({ length: 201 }, (_, i) => `subject=s${i}`).join('&')}` })).statusCode, 400);
    });

    const importFile = (body: string | unknown[], type: string, token = t.alphaKey) =>
      t.inject({ method: 'POST', url: '/v1/sites/alpha/cards/import', headers: { 'content-type': type, ...bearer(token) }, payload: typeof body == 'string' ? body : JSON.stringify(body) });
    const cardOf = async (subject: string) => (await get(`cards?subject=${S(subject)}`)).card;

    it('imports CSV: good rows are kept, each refused row is reported with its line and every problem', async () => {
      const csv = [
        '\ufeffsubject,name,title,email,url,fields.region,fields.seats',
        'lead/1,Ada Lovelace,Analyst,ada@example.com,https://example.com/ada,EMEA,40',
        'lead/2,"Hopper, Grace",Rear Admiral,,,US,',
        'lead/3,,,not-an-email,javascript:alert(1),,',
        'lead/4,Too,few',
        '',
        ',No Subject,,,,,',
        'lead/5,"Line',
        'break",,,,,',
        'lead/6,After The Break,,,,,',
      ].join('\r\n');
      const res = await importFile(csv, 'text/csv; charset=utf-8');
      assert.equal(res.statusCode, 200, res.body);
      const report = res.json();
      assert.equal(report.received, 7, 'blank lines are not rows');
      assert.equal(report.stored, 3);
      assert.deepEqual(
        report.refused.map((row: { line: number; subject: string | null; errors: { path: string }[] }) => [row.line, row.subject, row.errors.map((e) => e.path)]),
        [
          [4, 'lead/3', ['/name', '/email', '/url']],
          [5, null, ['']],
          [7, '', ['/subject']],
          [8, 'lead/5', ['/name']],
        ],
      );
      assert.deepEqual(await cardOf('lead/1'), { name: 'Ada Lovelace', title: 'Analyst', email: 'ada@example.com', url: 'https://example.com/ada', fields: { region: 'EMEA', seats: '40' } });
      assert.deepEqual(await cardOf('lead/2'), { name: 'Hopper, Grace', title: 'Rear Admiral', fields: { region: 'US' } });
      assert.equal(await cardOf('lead/3'), null);
      assert.equal((await cardOf('lead/6')).name, 'After The Break');
      const noSubject = await importFile('name,title\nAda,Analyst\n', 'text/csv');
      assert.equal(noSubject.statusCode, 400);
      assert.match(noSubject.json().error.message, /subject column/);
    });

    it('imports JSON lines and JSON arrays the same way; an import is an upsert, and only for an API key', async () => {
      const lines = ['{"subject":"lead/10","name":"Linus","fields":{"seats":3,"active":true}}', '', 'not json', '[1]', '{"subject":"lead/11","name":"Margaret","phone":"call me"}', '{"subject":"lead/10","name":"Linus T."}'].join('\n');
      const res = await importFile(lines, 'application/x-ndjson');
      assert.equal(res.statusCode, 200, res.body);
      const report = res.json();
      assert.deepEqual([report.received, report.stored], [5, 2]);
      assert.deepEqual(report.refused.map((row: { line: number; errors: { path: string }[] }) => [row.line, row.errors.map((e) => e.path)]), [[3, ['']], [4, ['']], [5, ['/phone']]]);
      assert.deepEqual(await cardOf('lead/10'), { name: 'Linus T.' }, 'a later row for the same subject wins');
      const array = await importFile([{ subject: 'lead/12', name: 'Katherine' }, 'x', { name: 'no subject' }], 'application/json');
      assert.equal(array.statusCode, 200, array.body);
      assert.deepEqual(array.json().refused.map((row: { line: number }) => row.line), [2, 3]);
      assert.equal((await cardOf('lead/12')).name, 'Katherine');
      assert.equal((await importFile({ subject: 'x', name: 'y' } as unknown as unknown[], 'application/json')).statusCode, 400, 'a JSON import is an array');
      assert.equal((await importFile('subject,name\nx,y', 'text/plain')).statusCode, 415);
      assert.equal((await importFile('subject,name\nlead/13,y', 'text/csv', await t.user(t.alpha, 'u9'))).statusCode, 403);
      assert.equal(await cardOf('lead/13'), null);
      const tooMany = Array.from({ length: 10_001 }, (_, i) => `{"subject":"bulk/${i}","name":"n"}`).join('\n');
      assert.equal((await importFile(tooMany, 'application/x-ndjson')).statusCode, 400);
    });

    it('sets a layout per kind, which the cards of that kind carry', async () => {
      const set = (kind: string, fields: unknown, token = t.alphaKey) =>
        t.inject({ method: 'PUT', url: `/v1/sites/alpha/cards/layout?kind=${S(kind)}`, headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ fields }) });
      const res = await set('account/', ['company', 'fields.region', 'url']);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { kind: 'account/', fields: ['company', 'fields.region', 'url'], custom: true });
      assert.deepEqual(await get('cards/layout?kind=account%2F'), { kind: 'account/', fields: ['company', 'fields.region', 'url'], custom: true });
      assert.deepEqual((await get('cards?subject=account%2F2')).layout, { fields: ['company', 'fields.region', 'url'], narrow: 4 });
      assert.deepEqual((await get('cards?subject=contact%2F1')).layout.fields, [...DEFAULT_LAYOUT], 'other kinds keep the default');
      assert.equal((await set('account/', ['avatarUrl', 'name'])).statusCode, 400);
      assert.equal((await set('account/', ['name', 'name'])).statusCode, 400);
      assert.equal((await set('account/', [])).statusCode, 400);
      assert.equal((await set('account', ['name'])).statusCode, 400, 'a kind ends with its slash');
      assert.equal((await set('account/', ['name'], await t.user(t.alpha, 'u3'))).statusCode, 403);
      assert.equal((await t.inject({ url: '/v1/sites/alpha/cards/layout?kind=a%2Fb%2F' })).statusCode, 400);
    });
  });
}
