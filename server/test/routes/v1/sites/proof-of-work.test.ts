// Issue 7: sites with guestProofOfWork give visitor tokens only for a solved, unexpired, unused ALTCHA challenge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import { bearer, json, legs, useApp } from '../../../helpers.ts';

type Challenge = { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };

async function solve(c: Challenge, number?: number): Promise<string> {
  const n = number ?? (await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise)!.number;
  return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })).toString('base64');
}

for (const leg of legs()) {
  describe(`proof of work before a visitor token (${leg.name})`, () => {
    const t = useApp(leg, { GUEST_POW_MAX_NUMBER: '5000' });

    const setPow = (on: boolean) =>
      t.inject({ method: 'PATCH', url: '/v1/sites/alpha', headers: { ...json, ...bearer(t.alphaKey) }, payload: JSON.stringify({ policy: { guestProofOfWork: on } }) });
    const challenge = async (site = 'alpha'): Promise<Challenge> => (await t.inject({ url: `/v1/sites/${site}/visitors/challenge` })).json();
    const mint = (body?: unknown, site = 'alpha') =>
      t.inject({ method: 'POST', url: `/v1/sites/${site}/visitors`, ...(body === undefined ? {} : { headers: json, payload: JSON.stringify(body) }) });

    it('is off by default and says so in the public policy', async () => {
      assert.equal((await t.inject({ url: '/v1/sites/alpha/policy' })).json().guestProofOfWork, false);
      assert.equal((await mint()).statusCode, 201);
    });

    it('when on: the policy says so, and a token without a solution is 403 proof_of_work_required', async () => {
      assert.equal((await setPow(true)).statusCode, 200);
      assert.equal((await t.inject({ url: '/v1/sites/alpha/policy' })).json().guestProofOfWork, true);
      for (const body of [undefined, {}]) {
        const res = await mint(body);
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().error.code, 'proof_of_work_required');
      }
    });

    it('hands out signed, expiring challenges for this site, never cached', async () => {
      const res = await t.inject({ url: '/v1/sites/alpha/visitors/challenge' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      const c = res.json();
      assert.deepEqual(Object.keys(c).sort(), ['algorithm', 'challenge', 'maxnumber', 'salt', 'signature']);
      assert.equal(c.algorithm, 'SHA-256');
      assert.equal(c.maxnumber, 5000);
      const params = new URLSearchParams(c.salt.split('?')[1]);
      assert.equal(params.get('site'), 'alpha');
      const expires = Number(params.get('expires')) * 1000;
      assert.ok(expires > Date.now() + 9 * 60_000 && expires <= Date.now() + 10 * 60_000, String(expires));
      assert.equal((await t.inject({ url: '/v1/sites/beta/visitors/challenge' })).json().error.code, 'guests_not_allowed');
    });

    it('issues a token for a solved challenge, once: a replayed solution is 400 proof_of_work_invalid', async () => {
      const altcha = await solve(await challenge());
      const res = await mint({ altcha });
      assert.equal(res.statusCode, 201, res.body);
      assert.match(res.json().sub, /^guest:/);
      const replay = await mint({ altcha });
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().error.code, 'proof_of_work_invalid');
      assert.match(replay.json().error.message, /already used/);
    });

    it('refuses a wrong number, a forged or altered challenge, another site\'s, garbage, and an expired one', async () => {
      const c = await challenge();
      const right = (await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise)!.number;
      const forged = { ...c, signature: 'a'.repeat(64) };
      const otherSite = { ...c, salt: c.salt.replace('site=alpha', 'site=beta') };
      const stretched = { ...c, salt: c.salt.replace(/expires=\d+/, `expires=${Math.floor(Date.now() / 1000) + 86_400}`) };
      const expired = { ...c, salt: c.salt.replace(/expires=\d+/, `expires=${Math.floor(Date.now() / 1000) - 1}`) };
      const cases: Array<[string, RegExp]> = [
        [await solve(c, (right + 1) % (c.maxnumber + 1)), /does not solve/],
        [await solve(forged, right), /does not solve/],
        [await solve(otherSite, right), /another site/],
        [await solve(stretched, right), /does not solve/],
        [await solve(expired, right), /expired/],
        ['not base64 json', /not an ALTCHA payload/],
        [Buffer.from('{"salt":1}').toString('base64'), /not an ALTCHA payload/],
        [await solve({ ...c, algorithm: 'SHA-1' }, right), /algorithm/],
      ];
      for (const [altcha, why] of cases) {
        const res = await mint({ altcha });
        assert.equal(res.statusCode, 400, altcha);
        assert.equal(res.json().error.code, 'proof_of_work_invalid');
        assert.match(res.json().error.message, why);
      }
      // The right answer still works after all that.
      assert.equal((await mint({ altcha: await solve(c, right) })).statusCode, 201);
    });

    it('keeps used challenges until they expire, no longer', async () => {
      const used = await t.store.db.selectFrom('used_challenges').selectAll().execute();
      assert.ok(used.length >= 2);
      for (const row of used) assert.ok(Date.parse(row.expires_at) > Date.now());
      await setPow(false);
      assert.equal((await mint()).statusCode, 201);
    });
  });
}
