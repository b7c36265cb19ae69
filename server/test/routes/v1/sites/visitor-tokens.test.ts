// Issue 7: short-lived visitor tokens, renewed for the same visitor, revocable one at a time or all at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { issueGuestToken } from '../../../../src/services/identity.ts';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

for (const leg of legs()) {
  describe(`visitor tokens: renew and revoke (${leg.name})`, () => {
    const t = useApp(leg);
    const DAY = 86_400_000;

    const mint = async () => (await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors' })).json();
    const renew = (token: string) => t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors/renew', headers: bearer(token) });
    const vote = (token: string, subject: string, value = 4) =>
      t.inject({ method: 'PUT', url: `/v1/sites/alpha/ratings/mine?subject=${subject}`, headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ value }) });
    const mine = (token: string, subject: string) => t.inject({ url: `/v1/sites/alpha/ratings/mine?subject=${subject}`, headers: bearer(token) });
    const revoke = (body: unknown, key = t.alphaKey) =>
      t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors/revoke', headers: { ...json, ...bearer(key) }, payload: JSON.stringify(body) });

    it('issues tokens that last GUEST_TOKEN_TTL_DAYS, 7 by default', async () => {
      const { token, expiresAt } = await mint();
      const days = (Date.parse(expiresAt) - Date.now()) / DAY;
      assert.ok(days > 6.9 && days <= 7, String(days));
      assert.equal(decodeJwt(token).exp! * 1000, Date.parse(expiresAt));
    });

    it('renews a current token for the same visitor: their vote stays theirs', async () => {
      const first = await mint();
      assert.equal((await vote(first.token, 'renew/a', 5)).statusCode, 200);
      const res = await renew(first.token);
      assert.equal(res.statusCode, 200, res.body);
      const renewed = res.json();
      assert.deepEqual(Object.keys(renewed).sort(), ['expiresAt', 'sub', 'token']);
      assert.equal(renewed.sub, first.sub);
      assert.notEqual(renewed.token, first.token);
      assert.equal((await mine(renewed.token, 'renew/a')).json().value, 5);
    });

    it('renews a token expired within the grace period, not one expired longer ago', async () => {
      const recent = await issueGuestToken(t.alpha, 1, Date.now() - 3 * DAY);
      assert.equal((await vote(recent.token, 'renew/b')).json().error.code, 'token_expired');
      const res = await renew(recent.token);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().sub, recent.sub);
      const old = await issueGuestToken(t.alpha, 1, Date.now() - 40 * DAY);
      const refused = await renew(old.token);
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().error.code, 'token_expired');
    });

    it('refuses to renew without a token, a user token, an API key or another site\'s token', async () => {
      assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors/renew' })).statusCode, 401);
      assert.equal((await renew(await t.user(t.alpha, 'u'))).statusCode, 401);
      assert.equal((await renew(t.alphaKey)).statusCode, 401);
      const other = await issueGuestToken({ ...t.beta, id: 'beta' }, 1);
      assert.equal((await renew(other.token)).statusCode, 401);
    });

    it('revokes one visitor: 401 token_revoked on every request, and no renewal', async () => {
      const victim = await mint();
      const bystander = await mint();
      assert.equal((await vote(victim.token, 'revoke/one')).statusCode, 200);
      const res = await revoke({ visitor: victim.sub });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().revoked, victim.sub);
      for (const refused of [await vote(victim.token, 'revoke/one', 1), await mine(victim.token, 'revoke/one'), await renew(victim.token)]) {
        assert.equal(refused.statusCode, 401);
        assert.equal(refused.json().error.code, 'token_revoked');
      }
      assert.equal((await vote(bystander.token, 'revoke/one')).statusCode, 200);
      // Revoking again is fine.
      assert.equal((await revoke({ visitor: victim.sub })).statusCode, 200);
    });

    it('revokes every token issued so far; tokens minted afterwards work', async () => {
      const before = await mint();
      const res = await revoke({ all: true });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().revoked, 'all');
      assert.equal((await vote(before.token, 'revoke/all')).json().error.code, 'token_revoked');
      assert.equal((await renew(before.token)).json().error.code, 'token_revoked');
      const after = await mint();
      assert.equal((await vote(after.token, 'revoke/all')).statusCode, 200);
      assert.equal((await renew(after.token)).statusCode, 200);
      // Users are not affected.
      assert.equal((await vote(await t.user(t.alpha, 'revoke-user'), 'revoke/all')).statusCode, 200);
    });

    it('revoke needs an API key of the site and { visitor } or { all: true }', async () => {
      const { token } = await mint();
      assert.equal((await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors/revoke', headers: { ...json, ...bearer(token) }, payload: '{"all":true}' })).statusCode, 403);
      assert.equal((await revoke({ all: true }, t.betaKey)).statusCode, 403);
      for (const body of [{}, { all: false }, { visitor: 'user:1' }, { visitor: 'guest:x', all: true }]) {
        const res = await revoke(body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.json().error.code, 'validation_failed');
      }
    });
  });
}
