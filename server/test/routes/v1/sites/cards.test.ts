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
