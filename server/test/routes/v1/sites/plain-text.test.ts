// Identities (a user token's sub and name) and subjects are plain text: no C0 or C1 control character, no
// DEL, no lone surrogate. A lone surrogate cannot be stored as UTF-8 (drivers write U+FFFD), so
// "victim\ud800" and "victim\udfff" would be one voter, and the second would overwrite the first's vote.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAIN_TEXT_PATTERN } from '../../../../src/routes/v1/sites/common.schemas.ts';
import { signUserToken } from '../../../../src/services/identity.ts';
import { updateSite } from '../../../../src/services/sites.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

const NOT_PLAIN = ['\u0000', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f', '\ud800', '\udfff', '\udc00\ud800'];
const PLAIN = ['😀', 'ünïcödé', 'victim\ufffd', '\u00a0nbsp', 'product/42', '\u2028'];

describe('PLAIN_TEXT_PATTERN (compiled with the u flag, as Ajv does)', () => {
  it('refuses controls and lone surrogates, keeps pairs and everything else', () => {
    const pattern = new RegExp(PLAIN_TEXT_PATTERN, 'u');
    for (const bad of NOT_PLAIN) assert.equal(pattern.test(`a${bad}b`), false, JSON.stringify(bad));
    for (const good of PLAIN) assert.equal(pattern.test(good), true, JSON.stringify(good));
  });
});

for (const leg of legs()) {
  describe(`plain-text identities and subjects (${leg.name})`, () => {
    const t = useApp(leg);
    const mine = (subject: string) => `/v1/sites/alpha/ratings/mine?subject=${encodeURIComponent(subject)}`;
    const put = (token: string, subject: string, value: number) =>
      t.inject({ method: 'PUT', url: mine(subject), headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ value }) });

    it('refuses a site name with a lone surrogate or a control character, through the API and the service', async () => {
      for (const bad of NOT_PLAIN) {
        const res = await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ name: `Acme${bad}` }) });
        assert.equal(res.statusCode, 400, JSON.stringify(bad));
        assert.equal(res.json().error.code, 'validation_failed');
        await assert.rejects(updateSite(t.store.db, 'alpha', { name: `Acme${bad}` }), /without control characters or lone surrogates/);
      }
      const renamed = await t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ name: 'Acme 😀' }) });
      assert.equal(renamed.statusCode, 200);
    });

    it('refuses a token whose sub has a lone surrogate or a control character with 401, and keeps the vote it would overwrite', async () => {
      assert.equal((await put(await t.user(t.alpha, 'victim'), 'ballot', 5)).statusCode, 200);
      for (const bad of NOT_PLAIN) {
        const token = await t.user(t.alpha, `victim${bad}`);
        for (const res of [await put(token, 'ballot', 1), await t.inject({ url: mine('ballot'), headers: bearer(token) })]) {
          assert.equal(res.statusCode, 401, JSON.stringify(bad));
          assert.deepEqual(res.json(), {
            error: { code: 'unauthorized', message: 'the token sub must be 1–200 characters without control characters or lone surrogates' },
          });
        }
      }
      const summary = await t.inject({ url: '/v1/sites/alpha/ratings?subject=ballot' });
      assert.deepEqual(summary.json(), { subject: 'ballot', average: 5, count: 1, histogram: [0, 0, 0, 0, 1] });
    });

    it('refuses a token whose name has one, and accepts plain subs and names of any script', async () => {
      for (const bad of ['\u0085', '\ud800', 'line\nbreak']) {
        const token = await signUserToken(t.alpha.secret, { sub: 'named', name: `Ann${bad}` });
        const res = await put(token, 'named', 3);
        assert.equal(res.statusCode, 401);
        assert.deepEqual(res.json().error, { code: 'unauthorized', message: 'the token name must not contain control characters or lone surrogates' });
      }
      for (const good of PLAIN) {
        const res = await put(await t.user(t.alpha, good), 'plain-subs', 4);
        assert.equal(res.statusCode, 200, `${JSON.stringify(good)}: ${res.body}`);
      }
      const summary = await t.inject({ url: '/v1/sites/alpha/ratings?subject=plain-subs' });
      assert.equal(summary.json().count, PLAIN.length, 'each plain sub is its own voter');
    });

    it('refuses subjects with C0 or C1 controls or DEL after decoding, on every subject route, with 400 validation_failed', async () => {
      const token = await t.user(t.alpha, 'subjects');
      for (const escape of ['%00', '%1F', '%7F', '%C2%80', '%C2%85', '%C2%9F']) {
        const subject = `s${escape}t`;
        const requests = [
          { url: `/v1/sites/alpha/ratings?subject=${subject}` },
          { url: `/v1/sites/alpha/ratings/batch?subject=ok&subject=${subject}` },
          { url: `/v1/sites/alpha/ratings/mine?subject=${subject}`, headers: bearer(token) },
          { url: `/v1/sites/alpha/ratings/mine/batch?subject=${subject}`, headers: bearer(token) },
          { method: 'PUT' as const, url: `/v1/sites/alpha/ratings/mine?subject=${subject}`, headers: { ...json, ...bearer(token) }, payload: '{"value":2}' },
          { method: 'DELETE' as const, url: `/v1/sites/alpha/ratings/mine?subject=${subject}`, headers: bearer(token) },
        ];
        for (const request of requests) {
          const res = await t.inject(request);
          assert.equal(res.statusCode, 400, `${request.method ?? 'GET'} ${request.url}: ${res.body}`);
          assert.equal(res.json().error.code, 'validation_failed');
          assert.match(res.json().error.details[0].path, /^querystring\/subject/);
        }
      }
      // Not decodable as UTF-8 (a surrogate's UTF-8 bytes): the query parser keeps the text as sent, which is plain.
      const raw = await t.inject({ url: '/v1/sites/alpha/ratings?subject=a%ED%A0%80' });
      assert.equal(raw.statusCode, 200);
      assert.equal(raw.json().subject, 'a%ED%A0%80');
    });

    it('keeps the subject rules: 512 characters, 1024 UTF-8 bytes, emoji and non-breaking spaces allowed', async () => {
      const token = await t.user(t.alpha, 'sizes');
      assert.equal((await put(token, 'x'.repeat(512), 1)).statusCode, 200);
      assert.equal((await put(token, 'x'.repeat(513), 1)).statusCode, 400);
      assert.equal((await put(token, '😀'.repeat(256), 1)).statusCode, 200);
      assert.equal((await put(token, `${'😀'.repeat(256)}x`, 1)).statusCode, 400);
      assert.equal((await put(token, '\u00a0é\u2028', 1)).statusCode, 200);
    });
  });
}
