import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearer, json, legs, useApp } from '../helpers.ts';

for (const leg of legs()) {
  describe(`write rate limits (${leg.name})`, () => {
    const t = useApp(leg, { RATE_LIMIT_WRITES_PER_USER: '3', RATE_LIMIT_WRITES_PER_IP: '8' });
    const put = (token: string, value = 3) =>
      t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=rl', headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ value }) });

    it('limits writes per principal with 429 rate_limited and Retry-After; reads are not limited', async () => {
      const token = await t.user(t.alpha, 'rl-a');
      for (let i = 0; i < 3; i++) assert.equal((await put(token)).statusCode, 200);
      const limited = await put(token, 5);
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, 'rate_limited');
      const retry = Number(limited.headers['retry-after']);
      assert.ok(retry >= 1 && retry <= 60, String(retry));
      // The refused write did not happen.
      assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=rl', headers: bearer(token) })).json().value, 3);
      for (let i = 0; i < 20; i++) assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings?subject=rl' })).statusCode, 200);
      for (let i = 0; i < 5; i++) assert.equal((await t.inject({ url: '/v1/openapi.json' })).statusCode, 200);
      // Another user still may write.
      assert.equal((await put(await t.user(t.alpha, 'rl-b'))).statusCode, 200);
    });

    it('limits writes per client IP across principals', async () => {
      // 5 writes so far from this IP (4 counted before the principal check refused one, plus rl-b).
      let status = 200;
      let n = 0;
      while (status === 200 && n < 20) {
        status = (await put(await t.user(t.alpha, `rl-ip-${n}`))).statusCode;
        n++;
      }
      assert.equal(status, 429);
      assert.ok(n <= 4, String(n));
      const res = await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors' });
      assert.equal(res.statusCode, 429);
      assert.ok(Number(res.headers['retry-after']) >= 1);
    });
  });
}
